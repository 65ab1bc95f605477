#!/usr/bin/env bash
# Puts the function's code into <out> (default ./build), the template's CodeUri: nothing to compile.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/build}"
mkdir -p "$out"
cp "$here/index.mjs" "$out/"

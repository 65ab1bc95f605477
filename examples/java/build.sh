#!/usr/bin/env bash
# Builds the Java example into <out> (default ./build): its classes, as a zip package's root holds
# them (Lambda puts the package's root on the class path). Needs a JDK 17 or newer (javac).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/build}"
mkdir -p "$out"
javac --release 17 -d "$out" "$here/src/example/Hello.java"

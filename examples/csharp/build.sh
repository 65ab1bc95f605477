#!/usr/bin/env bash
# Builds the C# example into <out> (default ./build): hello.exe and the `bootstrap` that runs it on
# Mono, for provided.al2023. Needs Mono's compiler and class library (Debian: mono-mcs,
# libmono-system-runtime-serialization4.0-cil).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$(mkdir -p "${1:-$here/build}" && cd "${1:-$here/build}" && pwd)"
mcs -nologo -optimize+ -r:System.Runtime.Serialization.dll -out:"$out/hello.exe" "$here/Runtime.cs" "$here/Function.cs"
install -m 0755 "$here/bootstrap" "$out/bootstrap"

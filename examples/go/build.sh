#!/usr/bin/env bash
# Builds the Go example into <out> (default ./build): a static `bootstrap` for provided.al2023.
# Needs Go (Debian: golang-go); uses no module from the network.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$(mkdir -p "${1:-$here/build}" && cd "${1:-$here/build}" && pwd)"
cd "$here"
export GOFLAGS=-mod=mod GOPROXY=off CGO_ENABLED=0 GOOS=linux GOARCH=amd64
go build -trimpath -ldflags='-s -w' -o "$out/bootstrap" .

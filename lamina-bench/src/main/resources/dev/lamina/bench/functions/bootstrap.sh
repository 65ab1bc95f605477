#!/bin/sh
# The classic shell custom runtime (as in AWS's tutorial): curl for /next, curl for /response.
set -eu
api="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
while true; do
  head=$(curl -sS -D - -o /dev/null "$api/invocation/next")
  id=$(printf '%s\n' "$head" | tr -d '\r' | sed -n 's/^[Ll]ambda-[Rr]untime-[Aa]ws-[Rr]equest-[Ii]d: *//p')
  curl -sS -o /dev/null -X POST -H 'Content-Type: application/json' -d '{"ok":true}' "$api/invocation/$id/response"
done

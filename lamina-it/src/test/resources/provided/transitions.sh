#!/bin/sh
# Breaks the Runtime API's rules on purpose and reports the status codes it got back.
set -eu
api="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
while true; do
  headers="$(mktemp)"
  curl -sS -D "$headers" -o /dev/null "$api/invocation/next"
  id="$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$headers" | cut -d: -f2 | tr -d ' \r\n')"
  rm -f "$headers"
  next_again="$(code "$api/invocation/next")"
  wrong_id="$(code -X POST "$api/invocation/not-$id/response" -d '{}')"
  init_error_late="$(code -X POST "$api/init/error" -d '{"errorMessage":"late","errorType":"X"}')"
  unknown_path="$(code "$api/unknown")"
  first="$(code -X POST "$api/invocation/$id/response" \
    -d "{\"nextAgain\":$next_again,\"wrongId\":$wrong_id,\"initErrorLate\":$init_error_late,\"unknownPath\":$unknown_path}")"
  second="$(code -X POST "$api/invocation/$id/response" -d '{}')"
  echo "first response $first, second response $second"
done

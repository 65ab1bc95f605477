#!/bin/sh
# A custom runtime in shell for the provided.* tests: uses curl against the Runtime API.
set -eu
api="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
echo "shell runtime init, handler ${_HANDLER}"
while true; do
  headers="$(mktemp)"
  event="$(curl -sS -D "$headers" "$api/invocation/next")"
  id="$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$headers" | cut -d: -f2 | tr -d ' \r\n')"
  deadline="$(grep -i '^Lambda-Runtime-Deadline-Ms:' "$headers" | cut -d: -f2 | tr -d ' \r\n')"
  rm -f "$headers"
  echo "shell got $event"
  case "$event" in
    *'"fail"'*)
      curl -sS -X POST "$api/invocation/$id/error" -H 'Lambda-Runtime-Function-Error-Type: Custom.Failure' \
        -d '{"errorMessage":"asked to fail","errorType":"Custom.Failure"}' >/dev/null ;;
    *'"exit"'*) exit 3 ;;
    *) curl -sS -X POST "$api/invocation/$id/response" \
        -d "{\"echo\":$event,\"handler\":\"${_HANDLER}\",\"deadline\":$deadline,\"task\":\"${LAMBDA_TASK_ROOT}\"}" >/dev/null ;;
  esac
done

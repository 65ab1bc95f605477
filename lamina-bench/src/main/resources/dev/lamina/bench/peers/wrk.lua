-- wrk's script for one target: the request is set below by lamina-bench (method, body, headers);
-- response() checks every answer: a body other than {"ok":true} (whitespace aside: Python's JSON puts
-- a space after the colon) or an X-Amz-Function-Error header is counted, per thread; done() adds the
-- threads' counts and prints one line that lamina-bench reads: counts, then latency percentiles in
-- microseconds. A run with any such answer is reported as failed, not as a rate.
wrk.method = "@METHOD@"
wrk.body = [==[@BODY@]==]
@HEADERS@

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  bad_bodies = 0
  function_errors = 0
end

function response(status, headers, body)
  if headers["X-Amz-Function-Error"] or headers["x-amz-function-error"] then
    function_errors = function_errors + 1
  end
  if body ~= '{"ok":true}' and string.gsub(body, "%s", "") ~= '{"ok":true}' then
    bad_bodies = bad_bodies + 1
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  local bad, failed = 0, 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("bad_bodies")
    failed = failed + thread:get("function_errors")
  end
  io.write(string.format("WRK-RESULT requests=%d duration_us=%d errors=%d status_errors=%d p50_us=%d p99_us=%d p999_us=%d max_us=%d bad_bodies=%d function_errors=%d\n",
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max, bad, failed))
end

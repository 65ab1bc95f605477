-- wrk's script for one target: the request is set below by lamina-bench (method, body, headers);
-- done() prints one line that lamina-bench reads: counts, then latency percentiles in microseconds.
wrk.method = "@METHOD@"
wrk.body = [==[@BODY@]==]
@HEADERS@
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK-RESULT requests=%d duration_us=%d errors=%d status_errors=%d p50_us=%d p99_us=%d p999_us=%d max_us=%d\n",
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max))
end

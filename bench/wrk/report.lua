-- Ends every wrk run of bench/run with one line it reads: requests per
-- second, latency percentiles in milliseconds, and failed requests (socket
-- errors and answers other than 2xx/3xx).
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH rps=%.1f p50=%.3f p95=%.3f p99=%.3f requests=%d failed=%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.requests,
    e.connect + e.read + e.write + e.status + e.timeout))
end

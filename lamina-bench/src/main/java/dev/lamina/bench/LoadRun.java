package dev.lamina.bench;

/**
 * What one run of a load saw; latencies in milliseconds, from sending a request to reading its
 * response.
 *
 * @param errors socket errors and time-outs plus responses with a status of 400 or more
 */
record LoadRun(long requests, double seconds, long errors, double p50, double p99, double p999, double max) {
    double throughput() {
        return requests / seconds;
    }
}

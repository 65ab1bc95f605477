package dev.lamina.bench;

/**
 * What one run of a load saw; latencies in milliseconds, from sending a request to reading its
 * response.
 *
 * @param errors socket errors and time-outs plus responses with a status of 400 or more
 * @param badBodies responses whose body was not {@code {"ok":true}} (whitespace aside)
 * @param functionErrors responses carrying {@code X-Amz-Function-Error}
 */
record LoadRun(
        long requests,
        double seconds,
        long errors,
        long badBodies,
        long functionErrors,
        double p50,
        double p99,
        double p999,
        double max) {
    double throughput() {
        return requests / seconds;
    }

    /** Whether any answer was wrong: such a run is reported as failed, never as a rate. */
    boolean failed() {
        return errors + badBodies + functionErrors > 0;
    }

    /** What went wrong, for the run's line and the row's note. */
    String failures() {
        return errors + " errors, " + badBodies + " unexpected bodies, " + functionErrors + " function errors of "
                + requests + " responses";
    }
}

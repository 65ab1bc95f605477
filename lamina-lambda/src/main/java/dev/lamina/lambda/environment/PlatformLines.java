package dev.lamina.lambda.environment;

import java.util.Locale;

/**
 * Lambda's platform log lines, byte for byte (reference/limits-and-semantics.md §7): fields
 * tab-separated with a trailing tab, durations with two decimals, billed duration in whole
 * milliseconds rounded up, memory in MB.
 */
public final class PlatformLines {
    private PlatformLines() {}

    public static String start(String requestId, String version) {
        return "START RequestId: " + requestId + " Version: " + version;
    }

    public static String end(String requestId) {
        return "END RequestId: " + requestId;
    }

    /**
     * The REPORT line. Example: {@code REPORT RequestId: 1f…\tDuration: 1.23 ms\tBilled Duration: 2 ms\t
     * Memory Size: 128 MB\tMax Memory Used: 20 MB\tInit Duration: 14.50 ms\t}.
     *
     * @param billedMs the Billed Duration, from {@link #billedMs(double, double, boolean)}
     * @param initMs the init duration on a cold start, else negative
     * @param status {@code null}, or {@code timeout} / {@code error} with {@code errorType}
     */
    public static String report(
            String requestId,
            double durationMs,
            long billedMs,
            int memoryMb,
            long maxMemoryUsedMb,
            double initMs,
            String status,
            String errorType) {
        return new Report(requestId, durationMs, billedMs, memoryMb, maxMemoryUsedMb, initMs, status, errorType).line();
    }

    /** What a REPORT tells, written as a text line ({@link #line}) or a JSON record ({@link #record}). */
    public record Report(
            String requestId,
            double durationMs,
            long billedMs,
            int memoryMb,
            long maxMemoryUsedMb,
            double initMs,
            String status,
            String errorType) {

        /** The REPORT line, as {@link PlatformLines#report} describes it. */
        public String line() {
            StringBuilder sb = new StringBuilder(200)
                    .append("REPORT RequestId: ")
                    .append(requestId)
                    .append("\tDuration: ")
                    .append(twoDecimals(durationMs))
                    .append(" ms\tBilled Duration: ")
                    .append(billedMs)
                    .append(" ms\tMemory Size: ")
                    .append(memoryMb)
                    .append(" MB\tMax Memory Used: ")
                    .append(maxMemoryUsedMb)
                    .append(" MB\t");
            if (initMs >= 0) {
                sb.append("Init Duration: ").append(twoDecimals(initMs)).append(" ms\t");
            }
            if (status != null) {
                sb.append("Status: ").append(status).append('\t');
                if (errorType != null) {
                    sb.append("Error Type: ").append(errorType).append('\t');
                }
            }
            return sb.toString();
        }

        /**
         * REPORT as a JSON record (the JSON format has no END). Example: {@code
         * {"time":"…","type":"platform.report","record":{"requestId":"1f…","metrics":{"durationMs":1.23,
         * "billedDurationMs":2,"memorySizeMB":128,"maxMemoryUsedMB":20,"initDurationMs":14.5},"status":"success"}}};
         * a failed one has {@code "status":"error"} or {@code "timeout"} and, for an error, {@code "errorType"}.
         */
        public String record(java.time.Instant time) {
            StringBuilder sb = new StringBuilder(300)
                    .append("{\"time\":\"")
                    .append(RECORD_TIME.format(time))
                    .append("\",\"type\":\"platform.report\",\"record\":{\"requestId\":\"")
                    .append(requestId)
                    .append("\",\"metrics\":{\"durationMs\":")
                    .append(twoDecimals(durationMs))
                    .append(",\"billedDurationMs\":")
                    .append(billedMs)
                    .append(",\"memorySizeMB\":")
                    .append(memoryMb)
                    .append(",\"maxMemoryUsedMB\":")
                    .append(maxMemoryUsedMb);
            if (initMs >= 0) {
                sb.append(",\"initDurationMs\":").append(twoDecimals(initMs));
            }
            sb.append("},\"status\":\"")
                    .append(status == null ? "success" : status)
                    .append('"');
            if (status != null && errorType != null) {
                sb.append(",\"errorType\":\"")
                        .append(errorType.replace("\\", "\\\\").replace("\"", "\\\""))
                        .append('"');
            }
            return sb.append("}}").toString();
        }
    }

    /**
     * The INIT_REPORT line Lambda writes when init did not end well. Example: {@code INIT_REPORT Init
     * Duration: 1.49 ms\tPhase: init\tStatus: error\tError Type: Runtime.InvalidEntrypoint}.
     *
     * @param phase {@code init}, or {@code invoke} for an init retried within an invocation
     * @param status {@code error} or {@code timeout}
     * @param errorType with {@code error}, else {@code null}
     */
    public static String initReport(double initMs, String phase, String status, String errorType) {
        String line =
                "INIT_REPORT Init Duration: " + twoDecimals(initMs) + " ms\tPhase: " + phase + "\tStatus: " + status;
        return errorType == null ? line : line + "\tError Type: " + errorType;
    }

    private static final java.time.format.DateTimeFormatter RECORD_TIME = java.time.format.DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);

    /**
     * START as a JSON record, for a function whose LoggingConfig has the JSON format. Example: {@code
     * {"time":"2026-12-08T01:02:03.456Z","type":"platform.start","record":{"requestId":"1f…","version":"$LATEST"}}}.
     */
    public static String startRecord(java.time.Instant time, String requestId, String version) {
        return "{\"time\":\"" + RECORD_TIME.format(time) + "\",\"type\":\"platform.start\",\"record\":{\"requestId\":\""
                + requestId + "\",\"version\":\"" + version + "\"}}";
    }

    /** Whether a platform line begins an invocation: START, or its JSON record. */
    static boolean isStart(String line) {
        return line.startsWith("START RequestId: ")
                || (line.startsWith("{\"time\":") && line.contains("\"type\":\"platform.start\""));
    }

    /** The request id of a REPORT line or JSON record; {@code null} for any other line. */
    static String reportedRequestId(String line) {
        if (line.startsWith("REPORT RequestId: ")) {
            int tab = line.indexOf('\t');
            return line.substring("REPORT RequestId: ".length(), tab < 0 ? line.length() : tab);
        }
        if (line.startsWith("{\"time\":") && line.contains("\"type\":\"platform.report\"")) {
            int at = line.indexOf("\"requestId\":\"");
            int from = at + "\"requestId\":\"".length();
            int to = at < 0 ? -1 : line.indexOf('"', from);
            return to < 0 ? null : line.substring(from, to);
        }
        return null;
    }

    /** Billed duration of a warm invocation: whole milliseconds, rounded up, at least 1. */
    public static long billedMs(double durationMs) {
        return Math.max(1, (long) Math.ceil(durationMs));
    }

    /**
     * Billed Duration as Lambda bills it since 1 August 2025, when it began to bill the init phase of
     * zip functions on managed runtimes as it already did for custom runtimes and container images
     * (decision 47): a cold start's init and invoke phases together, rounded up to the millisecond
     * once. Example: Init Duration 245.67 ms and Duration 102.34 ms bill 348 ms. A provisioned
     * environment's init is paid for by its provisioned-concurrency time, not by the invocation.
     *
     * @param initMs the init duration when this invocation was the cold one, else negative
     */
    public static long billedMs(double durationMs, double initMs, boolean provisioned) {
        return billedMs(durationMs + (initMs > 0 && !provisioned ? initMs : 0));
    }

    public static String twoDecimals(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}

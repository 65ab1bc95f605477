package dev.lamina.spi.lambda;

/**
 * Hears of every invocation's end and of every refusal for want of concurrency: what the node's
 * metering and metrics count. Lambda calls it on the invoke path, from whichever thread ends the
 * invocation (the node's event loop among them), so an implementation must neither block nor fail:
 * it counts in memory and leaves anything slower to a thread of its own.
 */
public interface InvocationObserver {

    /** Hears nothing. */
    InvocationObserver NONE = new InvocationObserver() {
        @Override
        public void ended(InvocationReport report) {}

        @Override
        public void throttled(String function) {}
    };

    /** An invocation ended; its REPORT line is being written. */
    void ended(InvocationReport report);

    /** An invocation of {@code function} was refused with TooManyRequestsException (Lambda's Throttles). */
    void throttled(String function);

    /** Tells {@code first}, then {@code second}. */
    static InvocationObserver both(InvocationObserver first, InvocationObserver second) {
        return new InvocationObserver() {
            @Override
            public void ended(InvocationReport report) {
                first.ended(report);
                second.ended(report);
            }

            @Override
            public void throttled(String function) {
                first.throttled(function);
                second.throttled(function);
            }
        };
    }
}

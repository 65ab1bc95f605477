package dev.lamina.lambda.invoke;

import dev.lamina.lambda.LambdaErrors;
import java.util.HashMap;
import java.util.Map;

/**
 * Concurrency control as Lambda does it: a function with reserved concurrency R runs at most R at
 * once (0 blocks it), and that reservation is carved out of the node's limit; the others share what
 * is left. Over a limit a synchronous invoke gets 429 TooManyRequestsException with the matching
 * Reason. Short synchronized methods; called on the invoke path by every request.
 */
final class Admission {
    private final int limit;
    private final Map<String, Integer> inFlight = new HashMap<>();
    private int unreservedInFlight;

    Admission(int limit) {
        this.limit = limit;
    }

    /** A held slot; {@link #close()} gives it back. */
    final class Permit implements AutoCloseable {
        private final String function;
        private final boolean unreserved;
        private boolean closed;

        private Permit(String function, boolean unreserved) {
            this.function = function;
            this.unreserved = unreserved;
        }

        @Override
        public void close() {
            synchronized (Admission.this) {
                if (closed) {
                    return;
                }
                closed = true;
                inFlight.merge(function, -1, (a, b) -> a + b == 0 ? null : a + b);
                if (unreserved) {
                    unreservedInFlight--;
                }
            }
        }
    }

    /** Invocations admitted and not yet ended, of every function: Lambda's ConcurrentExecutions. */
    synchronized int inFlight() {
        int total = 0;
        for (int running : inFlight.values()) {
            total += running;
        }
        return total;
    }

    /** How many more invocations of {@code function} would be admitted now (arguments as {@link #admit}). */
    synchronized int available(String function, Integer reserved, int reservedTotal) {
        if (reserved != null) {
            return Math.max(0, reserved - inFlight.getOrDefault(function, 0));
        }
        return Math.max(0, limit - reservedTotal - unreservedInFlight);
    }

    /**
     * Admits one invocation of {@code function}.
     *
     * @param reserved the function's reserved concurrency, or {@code null}
     * @param reservedTotal all reservations on the node
     */
    synchronized Permit admit(String function, Integer reserved, int reservedTotal) {
        int running = inFlight.getOrDefault(function, 0);
        if (reserved != null) {
            if (running >= reserved) {
                throw LambdaErrors.tooManyRequests("ReservedFunctionConcurrentInvocationLimitExceeded");
            }
        } else if (unreservedInFlight >= limit - reservedTotal) {
            throw LambdaErrors.tooManyRequests("ConcurrentInvocationLimitExceeded");
        }
        inFlight.put(function, running + 1);
        if (reserved == null) {
            unreservedInFlight++;
        }
        return new Permit(function, reserved == null);
    }
}

package dev.lamina.scheduler.fire;

import dev.lamina.core.AwsException;
import dev.lamina.spi.lambda.EventInvocation;
import dev.lamina.spi.lambda.Lambda;
import dev.lamina.storage.outbox.OutboxEntry;
import dev.lamina.storage.outbox.OutboxRelay;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * Hands the outbox's deliveries to Lambda as asynchronous invocations, under the tick's execution id as
 * request id, so that a delivery the relay makes twice is queued once. Lambda's queue then runs it with
 * the function's retries and destinations. A target that Lambda refuses (the function is gone) is
 * logged and dropped, as there is no dead-letter queue to send it to yet; a failure of Lambda's own is
 * thrown, for the relay to try again later, as long as the target's retry policy allows: up to its
 * retry attempts, until its maximum age; then it is logged and dropped.
 */
public final class Deliveries implements OutboxRelay.Handler {
    private static final Logger LOG = Logger.getLogger(Deliveries.class.getName());

    private final Lambda lambda;
    private final Clock clock;

    public Deliveries(Lambda lambda, Clock clock) {
        this.lambda = lambda;
        this.clock = clock;
    }

    @Override
    public void deliver(OutboxEntry entry) {
        Delivery d = Delivery.decode(entry.payload());
        try {
            lambda.enqueue(new EventInvocation(
                    d.function(), null, d.payload().getBytes(StandardCharsets.UTF_8), d.requestId()));
        } catch (AwsException e) {
            if (e.status() >= 500 && retryAllowed(d, entry)) {
                throw e;
            }
            LOG.warning("a tick of " + entry.key() + " could not invoke " + d.function() + ": " + e.code() + ": "
                    + e.getMessage());
        }
    }

    /** Whether the target's retry policy lets the relay try once more after this failure. */
    static boolean retryAllowed(Delivery d, OutboxEntry entry, Instant now) {
        return entry.attempts() < d.retryAttempts()
                && now.isBefore(entry.appendedAt().plusSeconds(d.maxAgeSeconds()));
    }

    private boolean retryAllowed(Delivery d, OutboxEntry entry) {
        return retryAllowed(d, entry, clock.instant());
    }
}

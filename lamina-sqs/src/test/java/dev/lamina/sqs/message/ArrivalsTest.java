package dev.lamina.sqs.message;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The arrival counts a long poll waits on: an arrival after its look is never missed. Each wait here
 * would last an hour if it were missed; the test asserts it returns at once instead.
 */
class ArrivalsTest {
    private static final long AN_HOUR = TimeUnit.HOURS.toNanos(1);

    private static void returnsAtOnce(Arrivals arrivals, Arrivals.Mark mark) throws Exception {
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                arrivals.await(mark, AN_HOUR);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        boolean ended = waiter.join(java.time.Duration.ofSeconds(10));
        waiter.interrupt();
        assertTrue(ended, "the wait ended");
    }

    @Test
    void anArrivalAfterTheLookEndsTheWait() throws Exception {
        Arrivals arrivals = new Arrivals();
        Arrivals.Mark seen = arrivals.mark("q");
        arrivals.arrived("other");
        arrivals.arrived("q");
        returnsAtOnce(arrivals, seen);
    }

    @Test
    void aClosedNodeEndsEveryWait() throws Exception {
        Arrivals arrivals = new Arrivals();
        Arrivals.Mark seen = arrivals.mark("q");
        arrivals.close();
        returnsAtOnce(arrivals, seen);
        assertTrue(arrivals.closed());
    }

    @Test
    void aForgottenQueueEndsTheWaitsOnIt() throws Exception {
        Arrivals arrivals = new Arrivals();
        Arrivals.Mark seen = arrivals.mark("q");
        arrivals.forget("q");
        returnsAtOnce(arrivals, seen);
    }
}

package dev.lamina.lambda.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.lambda.ManualTime;
import dev.lamina.lambda.environment.PooledEnvironment;
import dev.lamina.lambda.function.CodeRef;
import dev.lamina.lambda.function.FunctionConfig;
import dev.lamina.lambda.function.FunctionSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EnvironmentPoolTest {
    private static final FunctionConfig CONFIG = new FunctionConfig(
            "f",
            "$LATEST",
            new FunctionSettings(
                    "provided.al2023",
                    "h",
                    "arn:aws:iam::123456789012:role/r",
                    null,
                    3,
                    128,
                    Map.of(),
                    512,
                    null,
                    List.of()),
            new CodeRef("0".repeat(64), "AA==", 1),
            "r1",
            "2026-01-01T00:00:00.000+0000",
            FunctionConfig.State.Active,
            FunctionConfig.UpdateStatus.Successful,
            Map.of());

    private static final class Env implements PooledEnvironment {
        volatile boolean free = true;
        volatile boolean stopped;
        final boolean provisioned;

        Env() {
            this(false);
        }

        Env(boolean provisioned) {
            this.provisioned = provisioned;
        }

        @Override
        public FunctionConfig config() {
            return CONFIG;
        }

        @Override
        public boolean isFree() {
            return free;
        }

        @Override
        public boolean isStopped() {
            return stopped;
        }

        @Override
        public boolean provisioned() {
            return provisioned;
        }

        @Override
        public long lastUsedNanos() {
            return 0;
        }
    }

    private static final long COLD_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final List<Env> retired = new ArrayList<>();
    /** The pool's clock and its wait timer: moved by hand, so nothing here takes time or a thread. */
    private final ManualTime time = new ManualTime();

    /**
     * A pool with a cap of two whose history says: cold starts take 200 ms, warm invocations 1 ms;
     * {@code a} and {@code b} are idle in it.
     */
    private EnvironmentPool<Env> pool(Env a, Env b) throws Exception {
        EnvironmentPool<Env> pool = new EnvironmentPool<>(2, 100, time);
        pool.addBusy(a, time.nanoTime());
        pool.addBusy(b, time.nanoTime());
        time.advance(COLD_NANOS);
        assertTrue(pool.release(a, CONFIG, true));
        assertTrue(pool.release(b, CONFIG, true));
        assertSame(b, take(pool, true)); // below the cap: no wait
        time.advance(TimeUnit.MILLISECONDS.toNanos(1));
        assertTrue(pool.release(b, CONFIG, true));
        return pool;
    }

    @Test
    void onSaturatedCpusAnInvocationWaitsForTheNextReleasedEnvironment() throws Exception {
        Env a = new Env();
        Env b = new Env();
        EnvironmentPool<Env> pool = pool(a, b);
        assertSame(b, take(pool, true));
        assertSame(a, take(pool, true));

        CompletableFuture<Env> third = pool.takeLater(CONFIG, retired, true, time);
        assertFalse(third.isDone(), "two busy at the cap: the third waits rather than starting one");
        assertTrue(pool.release(a, CONFIG, true));
        assertSame(a, third.getNow(null), "the released environment goes to the waiting invocation");
        assertEquals(2, pool.busyCount());
        assertEquals(0, pool.idleCount());
        assertEquals(List.of(), time.pending(), "the wait's timer is cancelled");
    }

    @Test
    void aWaitEndsAfterAboutAColdStartAndTheInvocationStartsItsOwn() throws Exception {
        EnvironmentPool<Env> pool = pool(new Env(), new Env());
        bothBusy(pool);
        CompletableFuture<Env> waiting = pool.takeLater(CONFIG, retired, true, time);
        assertEquals(List.of(COLD_NANOS), time.pending(), "it waits one cold start (the moving average)");
        time.advance(COLD_NANOS - 1);
        assertFalse(waiting.isDone());
        time.advance(1);
        assertTrue(waiting.isDone());
        assertNull(waiting.getNow(new Env()), "nothing idle, nothing released: start one");
    }

    @Test
    void withCpuToSpareNobodyWaits() throws Exception {
        EnvironmentPool<Env> pool = pool(new Env(), new Env());
        take(pool, false);
        take(pool, false);
        assertNull(take(pool, false));
        assertEquals(List.of(), time.pending(), "no wait was timed");
    }

    @Test
    void afterABurstTheBusyEnvironmentsShrinkBackToTheCap() throws Exception {
        Env a = new Env();
        Env b = new Env();
        Env c = new Env();
        EnvironmentPool<Env> pool = pool(a, b);
        bothBusy(pool);
        pool.addBusy(c, time.nanoTime()); // three busy: one over the cap
        CompletableFuture<Env> waiting = pool.takeLater(CONFIG, retired, true, time);
        assertFalse(waiting.isDone(), "at the cap on saturated CPUs: queued");
        assertTrue(pool.release(c, CONFIG, true));
        assertFalse(waiting.isDone(), "two still busy: the released one is parked, not handed on");
        assertEquals(1, pool.idleCount());
        assertTrue(pool.release(a, CONFIG, true));
        assertSame(a, waiting.getNow(null));
        assertEquals(2, pool.busyCount());
    }

    @Test
    void anEnvironmentThatCannotServeAgainLetsTheWaiterStartItsOwn() throws Exception {
        Env a = new Env();
        EnvironmentPool<Env> pool = pool(a, new Env());
        bothBusy(pool);
        CompletableFuture<Env> waiting = pool.takeLater(CONFIG, retired, true, time);
        a.free = false; // its runtime died
        assertFalse(pool.release(a, CONFIG, true));
        assertTrue(waiting.isDone());
        assertNull(waiting.getNow(a), "sent on at once, with nothing: it starts its own");
    }

    @Test
    void anIdleProvisionedEnvironmentIsTakenRatherThanWaitedFor() throws Exception {
        EnvironmentPool<Env> pool = pool(new Env(), new Env());
        bothBusy(pool);
        Env provisioned = new Env(true);
        pool.addIdle(provisioned);
        assertSame(provisioned, take(pool, true));
        assertEquals(List.of(), time.pending(), "no wait was timed");
    }

    @Test
    void closingThePoolSendsItsWaitersOnAtOnce() throws Exception {
        EnvironmentPool<Env> pool = pool(new Env(), new Env());
        bothBusy(pool);
        CompletableFuture<Env> waiting = pool.takeLater(CONFIG, retired, true, time);
        pool.close();
        assertTrue(waiting.isDone());
        assertNull(waiting.getNow(new Env()));
    }

    @Test
    void aWaitWithoutAThreadEndsWithTheNextReleaseOrWithItsTimer() throws Exception {
        Env a = new Env();
        EnvironmentPool<Env> pool = pool(a, new Env());
        bothBusy(pool);
        CompletableFuture<Env> handed = pool.takeLater(CONFIG, retired, true, time);
        assertFalse(handed.isDone(), "at the cap on saturated CPUs: queued");
        assertTrue(pool.release(a, CONFIG, true));
        assertSame(a, handed.getNow(null), "completed by the release itself, on its thread");
        assertEquals(2, pool.busyCount());

        CompletableFuture<Env> unanswered = pool.takeLater(CONFIG, retired, true, time);
        time.advance(COLD_NANOS - 1);
        assertFalse(unanswered.isDone());
        time.advance(1);
        assertTrue(unanswered.isDone(), "nothing released: the timer ends the wait after one cold start");
        assertNull(unanswered.getNow(a));
        assertNull(pool.takeNow(CONFIG, retired));
    }

    @Test
    void aFirstBurstStartsTwoAtOnceAndTheNextInvocationTakesTheFirstEnvironmentFreed() throws Exception {
        EnvironmentPool<Env> pool = new EnvironmentPool<>(8, 2, time);
        assertNull(take(pool, false), "nothing idle: start one");
        assertNull(take(pool, false), "and a second");
        CompletableFuture<Env> third = pool.takeLater(CONFIG, retired, false, time);
        assertFalse(third.isDone(), "two starting at once: the third waits");
        assertEquals(List.of(EnvironmentPool.FIRST_BURST_WAIT_NANOS), time.pending());
        Env a = new Env();
        pool.addBusy(a, time.nanoTime());
        time.advance(COLD_NANOS);
        pool.startEnded(false);
        assertTrue(third.isDone(), "a start ended: the waiter goes on");
        assertNull(third.getNow(a), "to an idle environment or a start of its own");
        assertNull(pool.takeNow(CONFIG, retired), "none idle: it starts its own (two starting again)");

        CompletableFuture<Env> fourth = pool.takeLater(CONFIG, retired, false, time);
        assertFalse(fourth.isDone());
        assertTrue(pool.release(a, CONFIG, false));
        assertSame(a, fourth.getNow(null), "the first environment freed goes to the waiting invocation");
        assertEquals(List.of(), time.pending(), "its wait's timer is cancelled");
    }

    @Test
    void aWaitForAStartEndsAfterASecondWhenNoStartEnds() throws Exception {
        EnvironmentPool<Env> pool = new EnvironmentPool<>(8, 1, time);
        assertNull(take(pool, false));
        CompletableFuture<Env> second = pool.takeLater(CONFIG, retired, false, time);
        time.advance(EnvironmentPool.FIRST_BURST_WAIT_NANOS - 1);
        assertFalse(second.isDone());
        time.advance(1);
        assertNull(second.getNow(new Env()), "the start it waited for hangs: it starts its own");
    }

    @Test
    void anEnvironmentProvisionedWhileAnInvocationWaitsGoesToIt() throws Exception {
        EnvironmentPool<Env> pool = new EnvironmentPool<>(8, 1, time);
        assertNull(take(pool, false));
        CompletableFuture<Env> waiting = pool.takeLater(CONFIG, retired, false, time);
        Env provisioned = new Env(true);
        pool.addIdle(provisioned);
        assertSame(provisioned, waiting.getNow(null), "handed over at once, not left idle beside the waiter");
        assertEquals(0, pool.idleCount());
        assertEquals(List.of(), time.pending(), "the wait's timer is cancelled");
    }

    @Test
    void aProvisionedEnvironmentThatStoppedIsNotHandedToAWaiter() throws Exception {
        EnvironmentPool<Env> pool = new EnvironmentPool<>(8, 1, time);
        assertNull(take(pool, false));
        CompletableFuture<Env> waiting = pool.takeLater(CONFIG, retired, false, time);
        Env dead = new Env(true);
        dead.stopped = true;
        pool.addIdle(dead);
        assertFalse(waiting.isDone(), "its runtime exited: the invocation keeps waiting");
        assertEquals(1, pool.idleCount(), "left for housekeeping to retire");
    }

    @Test
    void aStartThatFailsFreesItsPlace() throws Exception {
        EnvironmentPool<Env> pool = new EnvironmentPool<>(8, 1, time);
        assertNull(take(pool, false));
        pool.startEnded(false); // it could not start
        assertNull(take(pool, false), "the next invocation starts at once");
    }

    /** Takes both of {@link #pool}'s environments: the function is at its cap. */
    private void bothBusy(EnvironmentPool<Env> pool) {
        assertNotNull(take(pool, true));
        assertNotNull(take(pool, true));
    }

    /** Takes an environment where no wait is due: the future is complete at once. */
    private Env take(EnvironmentPool<Env> pool, boolean saturated) {
        CompletableFuture<Env> taken = pool.takeLater(CONFIG, retired, saturated, time);
        assertTrue(taken.isDone(), "no wait");
        return taken.join();
    }
}

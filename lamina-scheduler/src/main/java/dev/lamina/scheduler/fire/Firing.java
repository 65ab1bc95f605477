package dev.lamina.scheduler.fire;

import dev.lamina.scheduler.timer.Lifecycle;
import dev.lamina.scheduler.timer.Timekeeping;
import dev.lamina.scheduler.timer.Timers;
import dev.lamina.storage.Transactions;
import dev.lamina.storage.outbox.Outbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fires due ticks: one thread claims the ticks due on its clock from the due-time index and, for each,
 * in a transaction of its own, lets its {@link Timetable} move it on and appends what it delivers to the outbox
 * (topic {@link #TOPIC}, keyed by the schedule's ARN). The outbox's relay hands the deliveries to Lambda
 * afterwards. So a tick and its delivery commit together: a node that dies before the commit fires the
 * tick when it starts again (late), one that dies after it does not fire it again.
 *
 * <p>The thread sleeps until the next tick is due, at most {@code poll}, and wakes at once when a
 * schedule changes. Tests call {@link #fireDue} with a clock they move.
 */
public final class Firing implements AutoCloseable {
    /** The outbox topic of deliveries to Lambda. */
    public static final String TOPIC = "scheduler.lambda";

    private static final Logger LOG = Logger.getLogger(Firing.class.getName());
    /** How long a tick that could not fire waits before it is tried again. */
    private static final Duration RETRY = Duration.ofMinutes(1);

    private final Transactions db;
    private final Timers timers;
    private final Outbox outbox;
    private final List<Timetable> timetables;
    private final Clock clock;
    private final Duration poll;
    private final Wakeup wakeup;
    private volatile boolean closing;
    private Thread thread;

    /**
     * @param keeping the store, the due-time index and the clock it fires by
     * @param poll the longest it sleeps without looking
     * @param wakeup what the schedules' changes wake it with
     */
    public Firing(Timekeeping keeping, Outbox outbox, List<Timetable> timetables, Duration poll, Wakeup wakeup) {
        this.db = keeping.db();
        this.timers = keeping.timers();
        this.outbox = outbox;
        this.timetables = List.copyOf(timetables);
        this.clock = keeping.clock();
        this.poll = poll;
        this.wakeup = wakeup;
    }

    /**
     * Fires every tick due now, each in a transaction of its own, so that one that cannot fire (its
     * row unreadable, say) holds up no other: it is logged and tried again a minute later. Returns how
     * many fired.
     */
    public int fireDue() {
        int fired = 0;
        while (true) {
            Instant now = clock.instant();
            Timers.Due[] claimed = new Timers.Due[1];
            try {
                boolean any = db.transaction(tx -> {
                    List<Timers.Due> due = timers.claimDue(tx, now, 1);
                    if (due.isEmpty()) {
                        return false;
                    }
                    Timers.Due d = claimed[0] = due.getFirst();
                    for (Delivery delivery : owner(d.key()).fire(tx, d.key(), d.waiting(), now)) {
                        outbox.append(tx, TOPIC, d.key(), delivery.encode());
                    }
                    return true;
                });
                if (!any) {
                    return fired;
                }
                fired++;
            } catch (RuntimeException e) {
                if (claimed[0] == null) {
                    throw e;
                }
                postpone(claimed[0], now, e);
            }
        }
    }

    private void postpone(Timers.Due due, Instant now, RuntimeException cause) {
        LOG.log(
                Level.WARNING,
                "the tick of " + due.waiting().tick() + " of " + due.key()
                        + " could not fire; trying again in a minute",
                cause);
        db.transaction(tx -> {
            timers.set(tx, due.key(), new Lifecycle.Waiting(due.waiting().tick(), now.plus(RETRY)));
            return null;
        });
    }

    private Timetable owner(String key) {
        for (Timetable t : timetables) {
            if (t.owns(key)) {
                return t;
            }
        }
        throw new IllegalStateException("no timetable owns " + key);
    }

    /** How long to sleep: until the next tick, at most {@code poll}. */
    private Duration sleep() {
        Instant now = clock.instant();
        Optional<Instant> next = db.transaction(tx -> timers.nextDueAfter(tx, now));
        if (next.isEmpty()) {
            return poll;
        }
        Duration until = Duration.between(now, next.get());
        return until.compareTo(poll) < 0 ? until : poll;
    }

    /** Starts the firing thread; called once, when the node starts (ticks missed while down fire now). */
    public void start() {
        thread = Thread.ofPlatform().daemon().name("lamina-scheduler").start(this::run);
    }

    private void run() {
        while (!closing) {
            try {
                fireDue();
                wakeup.await(sleep());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (closing) {
                    return;
                }
                LOG.log(Level.WARNING, "firing schedules failed; trying again", e);
                try {
                    wakeup.await(poll);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        wakeup.wake();
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

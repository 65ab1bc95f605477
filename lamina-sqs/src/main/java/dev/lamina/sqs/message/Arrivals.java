package dev.lamina.sqs.message;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes long-polling receives the moment a queue gets a message: each queue's message group has a
 * count of arrivals; a receive takes a {@link Mark} before it looks for messages, and if it found none
 * waits until the count moves past the mark (or its time is up), so an arrival between its look and
 * its wait is never missed. A deleted queue's count moves once more as it is forgotten, which wakes its
 * waiters. Thread-safe; receives wait on virtual threads.
 */
final class Arrivals {
    private static final class Signal {
        final ReentrantLock lock = new ReentrantLock();
        final Condition moved = lock.newCondition();
        long count;
    }

    /** A group's arrival count at one moment, as {@link #await} waits for it to move. */
    record Mark(Signal signal, long count) {}

    private final ConcurrentHashMap<String, Signal> signals = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** The group's arrivals so far, to hand to {@link #await}. */
    Mark mark(String group) {
        Signal s = signals.computeIfAbsent(group, g -> new Signal());
        s.lock.lock();
        try {
            return new Mark(s, s.count);
        } finally {
            s.lock.unlock();
        }
    }

    /** Records an arrival in {@code group} (called once it has committed) and wakes its waiters. */
    void arrived(String group) {
        Signal s = signals.get(group);
        if (s != null) { // else nobody has waited on it: nobody to wake
            bump(s);
        }
    }

    private static void bump(Signal s) {
        s.lock.lock();
        try {
            s.count++;
            s.moved.signalAll();
        } finally {
            s.lock.unlock();
        }
    }

    /**
     * Waits until the count moved past {@code mark}, at most {@code nanos}. Returns at once when it
     * already had, or once the node closes.
     */
    void await(Mark mark, long nanos) throws InterruptedException {
        Signal s = mark.signal();
        s.lock.lock();
        try {
            long left = nanos;
            while (s.count == mark.count() && left > 0 && !closed) {
                left = s.moved.awaitNanos(left);
            }
        } finally {
            s.lock.unlock();
        }
    }

    /** Forgets a deleted queue's group, waking whoever waits on it. */
    void forget(String group) {
        Signal s = signals.remove(group);
        if (s != null) {
            bump(s);
        }
    }

    /** Whether {@link #close} was called: waits return at once from then on. */
    boolean closed() {
        return closed;
    }

    /** Wakes every waiter for good: the node is closing. */
    void close() {
        closed = true;
        signals.values().forEach(Arrivals::bump);
    }
}

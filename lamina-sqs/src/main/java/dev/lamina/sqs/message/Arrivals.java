package dev.lamina.sqs.message;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes long-polling receives the moment a queue gets a message: each queue's message group has a
 * count of arrivals; a receive reads it before it looks for messages, and if it found none waits until
 * the count moves (or its time is up), so an arrival between its look and its wait is never missed.
 * Thread-safe; receives wait on virtual threads.
 */
final class Arrivals {
    private static final class Signal {
        final ReentrantLock lock = new ReentrantLock();
        final Condition moved = lock.newCondition();
        long count;
    }

    private final ConcurrentHashMap<String, Signal> signals = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** The group's arrivals so far, to hand to {@link #await}. */
    long count(String group) {
        Signal s = signal(group);
        s.lock.lock();
        try {
            return s.count;
        } finally {
            s.lock.unlock();
        }
    }

    /** Records an arrival in {@code group} (called once it has committed) and wakes its waiters. */
    void arrived(String group) {
        Signal s = signals.get(group);
        if (s == null) {
            return; // nobody has waited on it: nobody to wake
        }
        s.lock.lock();
        try {
            s.count++;
            s.moved.signalAll();
        } finally {
            s.lock.unlock();
        }
    }

    /**
     * Waits until {@code group} had an arrival after {@code seen} arrivals, at most {@code nanos}.
     * Returns at once when it already had, or once the node closes.
     */
    void await(String group, long seen, long nanos) throws InterruptedException {
        Signal s = signal(group);
        s.lock.lock();
        try {
            long left = nanos;
            while (s.count == seen && left > 0 && !closed) {
                left = s.moved.awaitNanos(left);
            }
        } finally {
            s.lock.unlock();
        }
    }

    /** Forgets a deleted queue's group, waking whoever waits on it. */
    void forget(String group) {
        arrived(group);
        signals.remove(group);
    }

    /** Wakes every waiter for good: the node is closing. */
    void close() {
        closed = true;
        signals.keySet().forEach(this::arrived);
    }

    private Signal signal(String group) {
        return signals.computeIfAbsent(group, g -> new Signal());
    }
}

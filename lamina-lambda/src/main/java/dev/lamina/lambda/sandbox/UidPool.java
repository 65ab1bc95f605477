package dev.lamina.lambda.sandbox;

import java.util.BitSet;

/**
 * Host uids for sandboxes, one per live environment, from a range no real account uses
 * ({@code first} … {@code first + size - 1}). Thread-safe.
 */
final class UidPool {
    private final int first;
    private final int size;
    private final BitSet used;
    private int next;

    UidPool(int first, int size) {
        this.first = first;
        this.size = size;
        this.used = new BitSet(size);
    }

    synchronized int take() {
        int free = used.nextClearBit(next);
        if (free >= size) {
            free = used.nextClearBit(0);
            if (free >= size) {
                throw new IllegalStateException("all " + size + " sandbox uids are in use");
            }
        }
        used.set(free);
        // Hand out uids round-robin, so a uid just released is not reused at once.
        next = (free + 1) % size;
        return first + free;
    }

    synchronized void release(int uid) {
        used.clear(uid - first);
    }
}

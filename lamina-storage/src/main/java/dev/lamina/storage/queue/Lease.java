package dev.lamina.storage.queue;

import java.time.Instant;
import java.util.Objects;

/**
 * Who holds a claimed item, and until when.
 *
 * @param owner the claimant: a node, a relay, a consumer
 * @param until when the claim lapses and the item may be claimed again (at-least-once delivery past a
 *     node that died holding it), or {@code null} for a claim held until the owner settles it or
 *     {@link WorkQueue#releaseAllBut} gives it back (one node whose claims end only with itself)
 */
public record Lease(String owner, Instant until) {

    public Lease {
        Objects.requireNonNull(owner, "owner");
        if (owner.isEmpty()) {
            throw new IllegalArgumentException("a lease needs an owner");
        }
    }

    /** A claim that lapses at {@code until}. */
    public static Lease until(String owner, Instant until) {
        return new Lease(owner, Objects.requireNonNull(until, "until"));
    }

    /** A claim held until its owner settles it or a new start of the node gives it back. */
    public static Lease untilSettled(String owner) {
        return new Lease(owner, null);
    }

    /** Whether the claim still holds at {@code now}. */
    public boolean holdsAt(Instant now) {
        return until == null || until.isAfter(now);
    }
}

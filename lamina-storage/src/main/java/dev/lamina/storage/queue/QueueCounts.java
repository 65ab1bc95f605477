package dev.lamina.storage.queue;

/**
 * What a queue holds at one moment, for metrics.
 *
 * @param ready items that may be claimed now: due and unclaimed, or their lease has lapsed
 * @param delayed unclaimed items that are not due yet
 * @param claimed items under a lease that holds
 */
public record QueueCounts(int ready, int delayed, int claimed) {

    public int total() {
        return ready + delayed + claimed;
    }
}

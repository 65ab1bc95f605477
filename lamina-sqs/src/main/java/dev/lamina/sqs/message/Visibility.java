package dev.lamina.sqs.message;

import dev.lamina.core.AwsException;
import dev.lamina.sqs.queue.SqsErrors;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Where a message stands in its visibility lifecycle at one moment, and the transitions
 * ReceiveMessage, ChangeMessageVisibility and DeleteMessage make. Pure: the time is the caller's
 * (its injected clock), and the store ({@link Messages}) keeps the state in a work item (due time,
 * lease holder, lease end) from which {@link #at} reads it back.
 *
 * <pre>
 *   Delayed --(its delay passes)--> Visible --receive--> InFlight(receipt, until)
 *                                      ^                     |
 *                                      +--(until passes, or visibility changed to 0)
 *   Visible --receive, receives already at the redrive policy's maxReceiveCount--> moved to the DLQ
 *   InFlight / Visible --delete with the latest receipt--> gone
 * </pre>
 *
 * Example: sent at 0 with delay 10: {@code Delayed(10)} until 10, then {@code Visible}. Received at 12
 * with a 30 s timeout: {@code InFlight(r1, 42)}, one receive. At 42 {@code Visible} again (its holder
 * still {@code r1}, so deleting with {@code r1} still works); received at 50: {@code InFlight(r2, 80)},
 * and {@code r1} no longer deletes it nor changes its visibility.
 */
public sealed interface Visibility {

    /** Sent with a delay that has not passed; never received. */
    record Delayed(Instant visibleAt) implements Visibility {}

    /**
     * Any receive may take it.
     *
     * @param lastReceipt the receipt of its latest receive, whose timeout passed, or {@code null} if it
     *     was never received
     */
    record Visible(String lastReceipt) implements Visibility {}

    /** Received, hidden from other receives until {@code until}. */
    record InFlight(String receipt, Instant until) implements Visibility {
        public InFlight {
            Objects.requireNonNull(receipt, "receipt");
            Objects.requireNonNull(until, "until");
        }
    }

    /** What a receive does with a visible message. */
    sealed interface Receive {}

    /** Hand it out, in flight until {@code state.until()}, this being receive number {@code receives}. */
    record Deliver(InFlight state, int receives, Instant firstReceivedAt) implements Receive {}

    /** Move it to the queue's dead-letter queue instead: it had its {@code maxReceiveCount} receives. */
    record DeadLetter() implements Receive {}

    /**
     * The state of a stored message at {@code now}.
     *
     * @param dueAt when it was first to be visible (its delay's end)
     * @param holder the receipt of its latest receive, or {@code null}
     * @param holdUntil when that receive's visibility timeout ends, or {@code null}
     */
    static Visibility at(Instant dueAt, String holder, Instant holdUntil, Instant now) {
        if (holder != null && holdUntil != null && holdUntil.isAfter(now)) {
            return new InFlight(holder, holdUntil);
        }
        if (holder == null && dueAt.isAfter(now)) {
            return new Delayed(dueAt);
        }
        return new Visible(holder);
    }

    /**
     * A receive of this message at {@code now} under {@code receipt}, for {@code timeout}.
     *
     * @param receives how many times it was received before
     * @param firstReceivedAt when it was first received, or {@code null}
     * @param maxReceives the redrive policy's maxReceiveCount, or 0 when the queue has none
     * @throws IllegalStateException when the message is not visible: a receive never takes it then
     */
    default Receive receive(
            String receipt, Instant now, Duration timeout, int receives, Instant firstReceivedAt, int maxReceives) {
        if (!(this instanceof Visible)) {
            throw new IllegalStateException("only a visible message is received, not " + this);
        }
        if (maxReceives > 0 && receives >= maxReceives) {
            return new DeadLetter();
        }
        return new Deliver(
                new InFlight(receipt, now.plus(timeout)),
                receives + 1,
                firstReceivedAt == null ? now : firstReceivedAt);
    }

    /**
     * ChangeMessageVisibility with {@code receipt} at {@code now}: the message stays in flight until
     * {@code now + timeout} (a timeout of 0 makes it visible at once).
     *
     * @throws AwsException {@code MessageNotInflight} when it is not in flight;
     *     {@code InvalidParameterValue} when {@code receipt} is not its latest receive's
     */
    default InFlight changeVisibility(String receipt, Instant now, Duration timeout) {
        if (!(this instanceof InFlight inFlight)) {
            throw new AwsException(400, "MessageNotInflight", "The message referred to is not in flight.");
        }
        if (!inFlight.receipt().equals(receipt)) {
            throw SqsErrors.invalidParameter("Value " + receipt + " for parameter ReceiptHandle is invalid. Reason:"
                    + " Message does not exist or is not available for visibility timeout change.");
        }
        return new InFlight(receipt, now.plus(timeout));
    }

    /**
     * Whether DeleteMessage with {@code receipt} deletes the message: only with its latest receive's
     * receipt. An older one is answered with success but deletes nothing, as on SQS.
     */
    default boolean deletableWith(String receipt) {
        return switch (this) {
            case InFlight f -> f.receipt().equals(receipt);
            case Visible v -> receipt.equals(v.lastReceipt());
            case Delayed d -> false;
        };
    }
}

package dev.lamina.cloudformation.stack;

import dev.lamina.cloudformation.template.TemplateErrors;
import java.time.Instant;

/**
 * Where a stack is in its life, as CloudFormation names it ({@code CREATE_IN_PROGRESS},
 * {@code ROLLBACK_COMPLETE}, …). Transitions are pure and take the time from the caller's clock:
 *
 * <pre>
 * REVIEW_IN_PROGRESS ─begin(CREATE)→ CREATE_IN_PROGRESS ─succeed→ CREATE_COMPLETE
 *                                         └─fail→ ROLLBACK_IN_PROGRESS ─succeed→ ROLLBACK_COMPLETE
 * *_COMPLETE (not ROLLBACK, DELETE) ─begin(UPDATE)→ UPDATE_IN_PROGRESS ─succeed→ UPDATE_COMPLETE
 *                                         └─fail→ UPDATE_ROLLBACK_IN_PROGRESS ─succeed→ UPDATE_ROLLBACK_COMPLETE
 * any settled state ─begin(DELETE)→ DELETE_IN_PROGRESS ─succeed→ DELETE_COMPLETE, ─fail→ DELETE_FAILED
 * </pre>
 *
 * A rollback that fails ends in {@code ROLLBACK_FAILED} / {@code UPDATE_ROLLBACK_FAILED}. An illegal
 * transition throws {@code ValidationError} in CloudFormation's words.
 */
public sealed interface StackStatus {
    /** What a stack is doing or did. */
    enum Operation {
        REVIEW,
        CREATE,
        UPDATE,
        ROLLBACK,
        UPDATE_ROLLBACK,
        DELETE
    }

    Operation operation();

    Instant since();

    /** Why it is here ({@code null} when nothing needs saying). */
    String reason();

    /** The name CloudFormation gives it, e.g. {@code UPDATE_ROLLBACK_COMPLETE}. */
    String name();

    /** A stack made by a change set of type CREATE that has not been executed. */
    record Review(Instant since) implements StackStatus {
        @Override
        public Operation operation() {
            return Operation.REVIEW;
        }

        @Override
        public String reason() {
            return "User Initiated";
        }

        @Override
        public String name() {
            return "REVIEW_IN_PROGRESS";
        }
    }

    record InProgress(Operation operation, Instant since, String reason) implements StackStatus {
        @Override
        public String name() {
            return operation + "_IN_PROGRESS";
        }
    }

    record Complete(Operation operation, Instant since, String reason) implements StackStatus {
        @Override
        public String name() {
            return operation + "_COMPLETE";
        }
    }

    record Failed(Operation operation, Instant since, String reason) implements StackStatus {
        @Override
        public String name() {
            return operation + "_FAILED";
        }
    }

    /** Whether the stack is gone (its name free for a new stack). */
    default boolean deleted() {
        return this instanceof Complete c && c.operation() == Operation.DELETE;
    }

    /** Whether an operation is running on the stack. */
    default boolean inProgress() {
        return this instanceof InProgress;
    }

    /** Starts {@code operation} (CREATE, UPDATE or DELETE) on a stack in this state, or throws. */
    default StackStatus begin(Operation operation, Instant now, String stackName) {
        boolean allowed = switch (operation) {
            case CREATE -> this instanceof Review;
            case UPDATE ->
                this instanceof Complete c
                        && (c.operation() == Operation.CREATE
                                || c.operation() == Operation.UPDATE
                                || c.operation() == Operation.UPDATE_ROLLBACK);
            case DELETE -> !(this instanceof InProgress) && !deleted();
            default -> false;
        };
        if (!allowed) {
            throw TemplateErrors.validation("Stack:" + stackName + " is in " + name() + " state and can not be "
                    + (operation == Operation.DELETE ? "deleted." : "updated."));
        }
        return new InProgress(operation, now, "User Initiated");
    }

    /** The running operation ended well; a rollback keeps saying why it happened. */
    default StackStatus succeed(Instant now) {
        if (!(this instanceof InProgress running)) {
            throw new IllegalStateException("nothing is in progress in " + name());
        }
        boolean rollback =
                running.operation() == Operation.ROLLBACK || running.operation() == Operation.UPDATE_ROLLBACK;
        return new Complete(running.operation(), now, rollback ? running.reason() : null);
    }

    /** The running operation failed for {@code reason}: a create or update rolls back, anything else fails. */
    default StackStatus fail(String reason, Instant now) {
        if (!(this instanceof InProgress running)) {
            throw new IllegalStateException("nothing is in progress in " + name());
        }
        return switch (running.operation()) {
            case CREATE -> new InProgress(Operation.ROLLBACK, now, reason);
            case UPDATE -> new InProgress(Operation.UPDATE_ROLLBACK, now, reason);
            default -> new Failed(running.operation(), now, reason);
        };
    }

    /** The state named {@code name}, as {@link #name()} gives it (for reading a stored stack). */
    static StackStatus of(String name, Instant since, String reason) {
        if (name.equals("REVIEW_IN_PROGRESS")) {
            return new Review(since);
        }
        for (String suffix : new String[] {"_IN_PROGRESS", "_COMPLETE", "_FAILED"}) {
            if (name.endsWith(suffix)) {
                Operation op = Operation.valueOf(name.substring(0, name.length() - suffix.length()));
                return switch (suffix) {
                    case "_IN_PROGRESS" -> new InProgress(op, since, reason);
                    case "_COMPLETE" -> new Complete(op, since, reason);
                    default -> new Failed(op, since, reason);
                };
            }
        }
        throw new IllegalArgumentException("no stack status " + name);
    }
}

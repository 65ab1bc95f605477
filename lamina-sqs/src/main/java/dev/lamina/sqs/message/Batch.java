package dev.lamina.sqs.message;

import java.util.List;

/**
 * What a batch operation answers: each entry either succeeded, with its result, or failed, with an
 * error of its own ({@code BatchResultErrorEntry}); a failed entry does not fail the others.
 */
public record Batch<T>(List<Success<T>> successful, List<Failure> failed) {

    public Batch {
        successful = List.copyOf(successful);
        failed = List.copyOf(failed);
    }

    /** One entry of a batch request: the caller's id for it, and what it asks. */
    public record Entry<R>(String id, R request) {}

    public record Success<T>(String id, T result) {}

    /** @param code the error's code in its JSON name (see {@code SqsErrors.QUERY_CODES}) */
    public record Failure(String id, boolean senderFault, String code, String message) {}
}

package dev.lamina.core;

import java.util.Map;

/**
 * An error in AWS's terms, independent of any protocol: the error code (e.g.
 * {@code ResourceNotFoundException}), the message, the HTTP status, who is at fault, and any extra
 * fields the code carries (Lambda's {@code Reason}). Domain code throws it; the edge renders it in
 * the shape of the protocol of the service that was called (rest-json's {@code x-amzn-ErrorType},
 * JSON's {@code __type}, rest-xml's and query's {@code <Error>}, CBOR's map).
 */
public class AwsException extends RuntimeException {
    /** Who caused the error, as the query and rest-xml protocols name it ({@code Sender}, {@code Receiver}). */
    public enum Fault {
        SENDER,
        RECEIVER
    }

    private final int status;
    private final String code;
    private final Map<String, String> fields;
    private final Map<String, Object> documents;

    public AwsException(int status, String code, String message, Map<String, String> fields) {
        this(status, code, message, fields, Map.of());
    }

    /**
     * An error that also carries structured members, such as DynamoDB's {@code CancellationReasons}
     * (a list of maps) or the {@code Item} of a failed condition.
     *
     * @param documents members the document protocols (JSON, CBOR) write beside the message, each a
     *     string, number, boolean, or a list or map of those; protocols without documents leave them out
     */
    public AwsException(
            int status, String code, String message, Map<String, String> fields, Map<String, Object> documents) {
        super(message);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an error's status is 4xx or 5xx, not " + status);
        }
        this.status = status;
        this.code = code;
        this.fields = Map.copyOf(fields);
        this.documents = Map.copyOf(documents);
    }

    public AwsException(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    public int status() {
        return status;
    }

    /** The error code, which AWS's clients map to an exception type. */
    public String code() {
        return code;
    }

    /** A 5xx is the service's fault, anything else the caller's. */
    public Fault fault() {
        return status >= 500 ? Fault.RECEIVER : Fault.SENDER;
    }

    /** Fields the error carries beside its message, in the order the service writes them. */
    public Map<String, String> fields() {
        return fields;
    }

    /** Structured members beside the message, for the document protocols (see the constructor). */
    public Map<String, Object> documents() {
        return documents;
    }

    /** A request that breaks the API model's constraints. */
    public static AwsException validation(String message) {
        return new AwsException(400, "ValidationException", message);
    }

    public static AwsException notFound(String message) {
        return new AwsException(404, "ResourceNotFoundException", message);
    }

    /** The service failed; the caller may retry. */
    public static AwsException service(String message) {
        return new AwsException(500, "ServiceException", message);
    }
}

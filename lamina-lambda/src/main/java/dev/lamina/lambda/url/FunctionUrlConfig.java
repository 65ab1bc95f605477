package dev.lamina.lambda.url;

/**
 * One function URL: the function (and alias) it invokes, how callers authenticate, CORS and the
 * invoke mode. The URL itself is derived from {@link #urlId} and where the node serves.
 *
 * @param urlId 32 lower-case letters and digits, chosen at random when the URL is created
 * @param qualifier the alias the URL invokes, or {@code null} for the unqualified function
 * @param cors {@code null} when not configured (then the function answers every request itself)
 * @param creationTime ISO-8601 with microseconds, as Lambda writes it
 */
public record FunctionUrlConfig(
        String urlId,
        String functionName,
        String qualifier,
        AuthType authType,
        Cors cors,
        InvokeMode invokeMode,
        String creationTime,
        String lastModifiedTime) {

    public enum AuthType {
        NONE,
        AWS_IAM
    }

    public enum InvokeMode {
        BUFFERED,
        RESPONSE_STREAM
    }

    public FunctionUrlConfig {
        if (urlId == null || !urlId.matches("[a-z0-9]{32}")) {
            throw new IllegalArgumentException("url id must be 32 lower-case letters and digits: " + urlId);
        }
        if (authType == null || invokeMode == null) {
            throw new IllegalArgumentException("authType and invokeMode are required");
        }
    }

    /** The key of this URL among its function's URLs: the qualifier, or {@code ""}. */
    public String qualifierKey() {
        return qualifier == null ? "" : qualifier;
    }
}

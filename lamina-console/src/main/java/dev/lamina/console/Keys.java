package dev.lamina.console;

/**
 * The keys one may sign in to the console with: the node's own (what signs its AWS API requests).
 * Called from the edge's request threads; an implementation compares secrets in constant time.
 */
@FunctionalInterface
public interface Keys {
    /** Whether {@code secretAccessKey} is the secret of key {@code accessKeyId}. */
    boolean accepts(String accessKeyId, String secretAccessKey);
}

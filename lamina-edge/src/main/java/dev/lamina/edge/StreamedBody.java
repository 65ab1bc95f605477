package dev.lamina.edge;

import dev.lamina.core.AwsException;

/**
 * A response that writes itself: it opens the {@link HttpOutput} once it knows its status and
 * headers, then writes its body in pieces, each reaching the client when written. Runs on the
 * exchange's virtual thread; {@link HttpOutput#open} may be called from another thread, as long as
 * the writes that follow are not concurrent and have finished when {@link #write} returns.
 */
@FunctionalInterface
public interface StreamedBody {
    /**
     * Writes the response. An {@link AwsException} thrown before {@link HttpOutput#open} is rendered as
     * usual; after it, the client sees the body cut short.
     */
    void write(HttpOutput output) throws Exception;
}

package dev.lamina.lambda.environment;

import java.io.IOException;
import java.io.OutputStream;

/** Where a caller that takes a streamed response wants its bytes. */
@FunctionalInterface
public interface ResponseSink {
    /**
     * Called once, on the Runtime API's thread, when the runtime starts streaming; returns where the
     * bytes go. Each chunk is written and flushed as it arrives.
     */
    OutputStream open(String contentType) throws IOException;
}

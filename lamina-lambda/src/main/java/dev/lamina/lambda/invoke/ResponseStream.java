package dev.lamina.lambda.invoke;

import java.io.IOException;
import java.io.OutputStream;

/** A caller that takes a function's streamed response as it comes (InvokeWithResponseStream, a streaming URL). */
@FunctionalInterface
public interface ResponseStream {
    /**
     * Called once, on the Runtime API's thread, when the function starts streaming; returns where its
     * bytes go (each chunk is written, then flushed). Not called when the function answers at once:
     * the caller then finds the whole answer in the {@link InvokeResponse}.
     */
    OutputStream open(String requestId, String executedVersion, String contentType) throws IOException;
}

package dev.lamina.edge;

/**
 * Where one request's answer goes: the {@link Dispatcher} answers through it once, from whichever
 * thread has the answer (the event loop, a virtual thread, or the thread that completes a pending
 * response). The connection behind it writes the answer and then serves the next request.
 */
interface Exchange {
    /**
     * Writes the whole answer. Throws a {@link RuntimeException}, having written nothing, when the
     * response cannot be put on the wire (a header value with a line break); the caller then sends
     * another answer instead.
     */
    void send(HttpResponse response);

    /** The output of a response that writes itself ({@link HttpResponse#streamed}); asked for at most once. */
    Output stream();

    /** A {@link StreamedBody}'s output, which the dispatcher finishes once the body has been written. */
    interface Output extends HttpOutput {
        /** Ends the chunked body; the output must be open. Never throws: a client gone away is logged. */
        void finish();
    }
}

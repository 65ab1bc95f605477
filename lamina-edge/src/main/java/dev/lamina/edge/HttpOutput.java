package dev.lamina.edge;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/** The client's side of a {@link StreamedBody}: opened once, with the status and headers. */
public interface HttpOutput {
    /**
     * Sends the status and headers and returns the body's stream: chunked, each {@code flush()}
     * sends what was written so far; or, when the headers name its {@code Content-Length} (exactly
     * that spelling), that many bytes as they are. The edge closes it after {@link StreamedBody#write}
     * returns.
     */
    OutputStream open(int status, Map<String, String> headers, List<String> setCookies) throws IOException;

    /** Whether {@link #open} has been called. */
    boolean isOpen();
}

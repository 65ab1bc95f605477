package dev.lamina.edge;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Reads request bodies into one array of their declared length, without reading past a limit. */
public final class Bodies {
    private Bodies() {}

    /**
     * The body, or {@code null} when it is longer than {@code limit} (what is left is drained).
     *
     * @param contentLength the Content-Length header, or {@code null} (chunked): then read in steps
     */
    public static byte[] read(InputStream in, String contentLength, int limit) throws IOException {
        if (contentLength != null) {
            long length;
            try {
                length = Long.parseLong(contentLength.trim());
            } catch (NumberFormatException e) {
                length = -1;
            }
            if (length >= 0 && length <= limit) {
                byte[] body = in.readNBytes((int) length);
                return body.length == length ? body : null;
            }
            if (length > limit) {
                in.transferTo(OutputStream.nullOutputStream());
                return null;
            }
        }
        byte[] body = in.readNBytes(limit + 1);
        if (body.length > limit) {
            in.transferTo(OutputStream.nullOutputStream());
            return null;
        }
        return body;
    }
}

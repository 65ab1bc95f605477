package dev.lamina.lambda.api.url;

import dev.lamina.edge.HttpOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A streaming function's response on its way to a function URL's caller. With Lambda's HTTP
 * integration content type the stream begins with a JSON prelude (status, headers, cookies) ended
 * by 8 NUL bytes: the HTTP response opens once the prelude is complete and the rest is its body.
 * Any other content type opens a 200 response of that type at once. Chunks pass through as they
 * arrive. Written by one thread at a time (the environment's relay).
 */
final class UrlStream extends OutputStream {
    static final String HTTP_INTEGRATION = "application/vnd.awslambda.http-integration-response";
    private static final int MAX_PRELUDE = 64 * 1024;
    private static final int TERMINATOR = 8;

    private final HttpOutput output;
    private final CorsPolicy cors;
    private final String origin;
    private String requestId;
    private ByteArrayOutputStream prelude;
    private OutputStream body;

    UrlStream(HttpOutput output, CorsPolicy cors, String origin) {
        this.output = output;
        this.cors = cors;
        this.origin = origin;
    }

    /** The function started streaming; called once, before its first bytes. */
    OutputStream open(String requestId, String executedVersion, String contentType) throws IOException {
        this.requestId = requestId;
        if (HTTP_INTEGRATION.equals(contentType)) {
            prelude = new ByteArrayOutputStream(256);
        } else {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", contentType);
            begin(200, headers, List.of());
        }
        return this;
    }

    /** Whether the function started streaming at all. */
    boolean began() {
        return requestId != null;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (body != null) {
            body.write(bytes, offset, length);
            return;
        }
        prelude.write(bytes, offset, length);
        byte[] seen = prelude.toByteArray();
        int end = indexOfNul(seen);
        if (end < 0 || seen.length < end + TERMINATOR) {
            if (seen.length > MAX_PRELUDE) {
                throw new IOException("no end of the response prelude in the first " + MAX_PRELUDE + " bytes");
            }
            return;
        }
        for (int i = end; i < end + TERMINATOR; i++) {
            if (seen[i] != 0) {
                throw new IOException("the response prelude is not ended by 8 NUL bytes");
            }
        }
        UrlResponse head;
        try {
            head = UrlResponse.prelude(Arrays.copyOf(seen, end));
        } catch (UrlResponse.Malformed e) {
            throw new IOException("malformed response prelude: " + e.getMessage(), e);
        }
        begin(head.status(), new LinkedHashMap<>(head.headers()), head.cookies());
        body.write(seen, end + TERMINATOR, seen.length - end - TERMINATOR);
    }

    @Override
    public void flush() throws IOException {
        if (body != null) {
            body.flush();
        }
    }

    private void begin(int status, Map<String, String> headers, List<String> cookies) throws IOException {
        if (cors != null) {
            cors.apply(headers, origin);
        }
        headers.put("x-amzn-RequestId", requestId);
        body = output.open(status, headers, cookies);
    }

    private static int indexOfNul(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}

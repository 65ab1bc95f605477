package dev.lamina.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * One kept-alive HTTP/1.1 connection to the node, spoken by hand so that the client adds as little
 * as possible to what is measured: one {@code write} per request, a buffered read of the answer, no
 * allocation beyond the response body. Understands fixed-length responses only (what the node's edge
 * sends). Not thread-safe: each load worker owns one.
 */
final class HttpConnection implements AutoCloseable {
    /** What came back: the status, the headers the benchmark looks at, and the body. */
    record Response(int status, String requestId, String functionError, byte[] body) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String hostHeader;
    private final byte[] line = new byte[8192];

    HttpConnection(String host, int port) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setKeepAlive(true);
        socket.connect(new InetSocketAddress(host, port), 5000);
        socket.setSoTimeout(120_000);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
        hostHeader = host + ":" + port;
    }

    /** The bytes of a JSON POST to {@code path}; build once, send many times. */
    byte[] post(String path, byte[] body) {
        return post(path, body, Map.of());
    }

    /**
     * As {@link #post(String, byte[])}, with more headers; a {@code Host} among them replaces the
     * connection's own (a function URL is told apart by its host name).
     */
    byte[] post(String path, byte[] body, Map<String, String> headers) {
        return request("POST", path, body, headers);
    }

    /** The bytes of a GET of {@code path}. */
    byte[] get(String path) {
        return request("GET", path, new byte[0], Map.of());
    }

    /**
     * The bytes of a {@code method} request of {@code path} with {@code body} and {@code headers}
     * (a {@code Content-Type} among them replaces the default {@code application/json}).
     */
    byte[] request(String method, String path, byte[] body, Map<String, String> headers) {
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        if (!headers.containsKey("Host")) {
            head.append("Host: ").append(hostHeader).append("\r\n");
        }
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        if (!headers.containsKey("Content-Type")) { // sent twice, a signed header would not match its signature
            head.append("Content-Type: application/json\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        return request;
    }

    /** Sends a request built by {@link #post} and reads its response. */
    Response exchange(byte[] request) throws IOException {
        out.write(request);
        out.flush();
        return read();
    }

    private Response read() throws IOException {
        String status = readLine();
        if (status == null) {
            throw new IOException("The node closed the connection");
        }
        if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
            throw new IOException("Not an HTTP/1.1 response: " + status);
        }
        int code = Integer.parseInt(status, 9, 12, 10);
        int length = 0;
        boolean close = false;
        String requestId = null;
        String functionError = null;
        String header;
        while ((header = readLine()) != null && !header.isEmpty()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Integer.parseInt(value);
                case "x-amzn-requestid" -> requestId = value;
                case "x-amz-function-error" -> functionError = value;
                case "connection" -> close = value.equalsIgnoreCase("close");
                case "transfer-encoding" -> throw new IOException("Chunked responses are not expected here");
                default -> {}
            }
        }
        byte[] body = in.readNBytes(length);
        if (body.length != length) {
            throw new IOException("The node closed the connection mid-response");
        }
        if (close) {
            socket.close();
        }
        return new Response(code, requestId, functionError, body);
    }

    private String readLine() throws IOException {
        int len = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return len == 0 ? null : new String(line, 0, len, StandardCharsets.ISO_8859_1);
            }
            if (b == '\n') {
                if (len > 0 && line[len - 1] == '\r') {
                    len--;
                }
                return new String(line, 0, len, StandardCharsets.ISO_8859_1);
            }
            if (len == line.length) {
                throw new IOException("Header line too long");
            }
            line[len++] = (byte) b;
        }
    }

    /** Whether the connection is closed: the system answered with {@code Connection: close}, or {@link #close}. */
    boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

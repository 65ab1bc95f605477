package dev.lamina.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** HTTP/1.1 written by hand, for what clients will not send: pipelined requests, malformed ones. */
public final class RawHttp {
    private RawHttp() {}

    /**
     * Writes {@code requests} as they are to a loopback port and reads until the server closes the
     * connection (the last request should ask it to): every answer, in the order it came.
     */
    public static String exchange(int port, String requests) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(requests.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

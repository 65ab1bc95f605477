package dev.lamina.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A rendezvous on the test's side of loopback: functions connect to it and block until the test
 * opens it, so a test knows exactly how many invocations are running at once.
 */
final class Gate implements AutoCloseable {
    /** Python source of a handler that waits at the gate whose port is in the event. */
    static final String PYTHON_HANDLER = """
            import socket
            def handler(event, context):
                s = socket.create_connection(("127.0.0.1", event["gate"]), timeout=30)
                s.sendall(b"here\\n")
                s.recv(1)
                s.close()
                return "passed"
            """;

    private final ServerSocket server;
    private final List<Socket> waiting = new ArrayList<>();

    Gate() throws IOException {
        server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        server.setSoTimeout((int) TimeUnit.SECONDS.toMillis(30));
    }

    int port() {
        return server.getLocalPort();
    }

    String event() {
        return "{\"gate\":" + port() + "}";
    }

    /** Waits until {@code n} more invocations have arrived and are waiting. */
    void awaitArrivals(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            Socket s = server.accept();
            s.getInputStream().read();
            synchronized (waiting) {
                waiting.add(s);
            }
        }
    }

    /** Lets everyone waiting through. */
    void open() throws IOException {
        synchronized (waiting) {
            for (Socket s : waiting) {
                s.getOutputStream().write('x');
                s.close();
            }
            waiting.clear();
        }
    }

    @Override
    public void close() throws IOException {
        open();
        server.close();
    }
}

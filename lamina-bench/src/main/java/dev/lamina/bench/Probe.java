package dev.lamina.bench;

import java.io.IOException;

/**
 * Checks that a target answers as every target must before it is measured: status 200 and the
 * body {@code {"ok":true}} (whitespace aside: Python's JSON puts a space after the colon).
 */
final class Probe {
    private Probe() {}

    /** One request on a new connection; fails with what came back when it is not the expected answer. */
    static void once(Target target) throws IOException {
        try (HttpConnection c =
                new HttpConnection(target.address().getHost(), target.address().getPort())) {
            check(
                    target,
                    c.exchange(c.post(
                            target.pathAndQuery(),
                            Target.EVENT,
                            target.headers().get())));
        }
    }

    /** Whether the body is {@code {"ok":true}}, whitespace aside. */
    static boolean expectedBody(HttpConnection.Response r) {
        return r.bodyText().replaceAll("\\s", "").equals("{\"ok\":true}");
    }

    static void check(Target target, HttpConnection.Response r) throws IOException {
        if (r.status() != 200 || r.functionError() != null || !expectedBody(r)) {
            throw new IOException(target.label() + " answered " + r.status()
                    + (r.functionError() == null ? "" : " (" + r.functionError() + ")") + ": " + r.bodyText());
        }
    }
}

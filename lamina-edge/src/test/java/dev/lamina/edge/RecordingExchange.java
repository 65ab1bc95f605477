package dev.lamina.edge;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An {@link Exchange} that keeps what it is given; refuses a response with a header named "Bad". */
final class RecordingExchange implements Exchange {
    final List<HttpResponse> sent = new ArrayList<>();
    Output output;

    @Override
    public void send(HttpResponse response) {
        if (response.headers().containsKey("Bad")) {
            throw new IllegalArgumentException("a line break in a header value");
        }
        sent.add(response);
    }

    /** The one answer sent. */
    HttpResponse answer() {
        if (sent.size() != 1) {
            throw new AssertionError("answers: " + sent.size());
        }
        return sent.getFirst();
    }

    @Override
    public Output stream() {
        if (output != null) {
            throw new AssertionError("asked for the output twice");
        }
        output = new Output();
        return output;
    }

    static final class Output implements Exchange.Output {
        int status;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean open;
        boolean finished;

        @Override
        public OutputStream open(int status, Map<String, String> headers, List<String> setCookies) {
            this.status = status;
            this.open = true;
            return body;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void finish() {
            finished = true;
        }
    }
}

package dev.lamina.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code lamina server --otlp-endpoint <url>}: off by default, an http(s) URL when given. */
class OtlpEndpointOptionTest {
    private static Lamina.Server parse(String... args) {
        var parsed = new CommandLine(new Lamina()).parseArgs(args);
        return (Lamina.Server) parsed.subcommand().commandSpec().userObject();
    }

    @Test
    void offByDefaultAndTakenAsGiven() {
        assertNull(parse("server").otlpEndpoint);
        assertEquals("http://127.0.0.1:4318", parse("server", "--otlp-endpoint", "http://127.0.0.1:4318").otlpEndpoint);
    }

    @Test
    void aValueThatIsNoHttpUrlIsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Lamina()).setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("server", "--otlp-endpoint", "collector:4318"));
        assertTrue(
                err.toString().contains("--otlp-endpoint must be an http(s) URL, not collector:4318"), err.toString());
    }
}

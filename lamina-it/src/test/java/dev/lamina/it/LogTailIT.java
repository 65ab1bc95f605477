package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;

/**
 * {@code LogType=Tail}: {@code X-Amz-Log-Result} is the base64 of exactly the last 4096 bytes of the
 * invocation's log (its lines from START to REPORT, each ending in a newline), cut by bytes as
 * Lambda cuts it, checked against the same lines read back through CloudWatch Logs.
 */
class LogTailIT extends NodeTest {
    static final int TAIL = 4096;

    /** Prints about 9 KB of three-byte characters, then {@code pad} ASCII letters, so the cut moves. */
    static final String LOUD = """
            def handler(event, context):
                for i in range(30):
                    print("%02d " % i + "\\u20ac" * 100)
                print("x" * event["pad"])
                return "ok"
            """;

    @BeforeAll
    static void deploy() {
        Functions.create(lambda, "tail-fn", "python3.11", "app.handler", Functions.python(LOUD));
    }

    @Test
    void theTailIsTheLast4096BytesOfTheInvocationsLogEvenMidCharacter() throws Exception {
        int cutMidCharacter = 0;
        for (int pad = 1; pad <= 6; pad++) {
            int p = pad;
            InvokeResponse r = lambda.invoke(b -> b.functionName("tail-fn")
                    .logType(LogType.TAIL)
                    .payload(SdkBytes.fromUtf8String("{\"pad\": " + p + "}")));
            byte[] tail = Base64.getDecoder().decode(r.logResult());
            byte[] log = invocationLog(r.responseMetadata().requestId());
            assertTrue(log.length > TAIL, "the log is longer than the tail: " + log.length);
            assertEquals(TAIL, tail.length, "the tail is exactly 4 KB");
            assertArrayEquals(Arrays.copyOfRange(log, log.length - TAIL, log.length), tail);
            if ((tail[0] & 0xC0) == 0x80) {
                cutMidCharacter++;
            }
        }
        assertTrue(cutMidCharacter > 0, "no invocation's cut fell inside a character; the case was not tested");
    }

    @Test
    void theAwsCliGetsTheSameCut() throws Exception {
        assumeTrue(AwsCli.available(), "the AWS CLI v2 (/usr/bin/aws, Debian package awscli) is not installed");
        Path work = Files.createDirectories(node.dataDir().resolve("tail-cli"));
        AwsCli.Result r = new AwsCli(node.endpoint(), work)
                .run(
                        "lambda",
                        "invoke",
                        "--function-name",
                        "tail-fn",
                        "--cli-binary-format",
                        "raw-in-base64-out",
                        "--payload",
                        "{\"pad\": 1}",
                        "--log-type",
                        "Tail",
                        work.resolve("out.json").toString());
        assertEquals(0, r.exitCode(), r.stderr());
        byte[] tail = Base64.getDecoder()
                .decode(new ObjectMapper()
                        .readTree(r.stdout())
                        .path("LogResult")
                        .asText());
        assertEquals(TAIL, tail.length);
        String text = new String(tail, StandardCharsets.UTF_8);
        assertTrue(text.contains("\nEND RequestId: ") && text.contains("\nREPORT RequestId: "), text);
        assertTrue(text.endsWith("\n"), "the last line ends in a newline");
    }

    /** The lines from this invocation's START to its REPORT, as CloudWatch Logs has them, one newline each. */
    private static byte[] invocationLog(String requestId) throws Exception {
        List<String> lines = new ArrayList<>();
        AsyncLogs.awaitTrue(
                () -> {
                    lines.clear();
                    boolean in = false;
                    try (var logs = node.logs()) {
                        for (FilteredLogEvent e : logs.filterLogEventsPaginator(
                                        b -> b.logGroupName("/aws/lambda/tail-fn"))
                                .events()) {
                            in |= e.message().startsWith("START RequestId: " + requestId);
                            if (in) {
                                lines.add(e.message());
                            }
                            if (e.message().startsWith("REPORT RequestId: " + requestId)) {
                                return true;
                            }
                        }
                    }
                    return false;
                },
                java.time.Duration.ofSeconds(10),
                "the invocation's REPORT line never reached the log group");
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}

package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.lambda.model.Architecture;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;

/**
 * A custom runtime's bootstrap that this host cannot execute (built for arm64, not executable, a
 * script whose interpreter is missing) fails its environment's init as Lambda's does: the invoke
 * answers 200 with {@code Runtime.InvalidEntrypoint} and Lambda's message, and the log has Lambda's
 * INIT_REPORT and error lines.
 */
class InvalidEntrypointIT extends NodeTest {
    static final ObjectMapper JSON = new ObjectMapper();

    /** The first 64 bytes of a 64-bit little-endian ELF executable for AArch64 (e_machine 183). */
    static byte[] arm64Elf() {
        byte[] head = new byte[64];
        head[0] = 0x7f;
        head[1] = 'E';
        head[2] = 'L';
        head[3] = 'F';
        head[4] = 2; // ELFCLASS64
        head[5] = 1; // ELFDATA2LSB
        head[6] = 1; // EV_CURRENT
        head[16] = 2; // ET_EXEC
        head[18] = (byte) 183; // EM_AARCH64
        head[20] = 1; // e_version
        return head;
    }

    static InvokeResponse invoke(String name) {
        return lambda.invoke(
                r -> r.functionName(name).payload(SdkBytes.fromUtf8String("{}")).logType(LogType.TAIL));
    }

    static void create(String name, Zips code) {
        lambda.createFunction(Functions.request(name, "provided.al2023", "x", code.bytes())
                .architectures(Architecture.ARM64)
                .build());
        lambda.waiter().waitUntilFunctionActiveV2(r -> r.functionName(name));
    }

    /** Asserts Lambda's answer for a bootstrap it cannot execute, and returns the request id. */
    static String assertInvalidEntrypoint(InvokeResponse r, String reason) throws Exception {
        assertEquals(200, r.statusCode());
        assertEquals("Unhandled", r.functionError());
        String requestId = r.responseMetadata().requestId();
        JsonNode body = JSON.readTree(r.payload().asByteArray());
        assertEquals("Runtime.InvalidEntrypoint", body.get("errorType").asText(), body.toString());
        assertEquals(
                "RequestId: " + requestId + " Error: " + reason,
                body.get("errorMessage").asText());
        String tail = new String(Base64.getDecoder().decode(r.logResult()), StandardCharsets.UTF_8);
        assertTrue(
                tail.contains("RequestId: " + requestId + " Error: " + reason + "\nRuntime.InvalidEntrypoint\n"), tail);
        return requestId;
    }

    @Test
    void anArm64BootstrapFailsInitWithLambdasErrorAndAnX86OneRunsAfterIt() throws Exception {
        create("entry-arm64", new Zips().add("bootstrap", arm64Elf(), 0755));
        String reason = "fork/exec /var/task/bootstrap: exec format error";
        String first = assertInvalidEntrypoint(invoke("entry-arm64"), reason);
        // each invocation tries init anew, as on Lambda, and fails the same way
        String second = assertInvalidEntrypoint(invoke("entry-arm64"), reason);

        List<String> lines = logOf("entry-arm64", second);
        int init = indexOf(lines, "INIT_REPORT ", first);
        assertTrue(
                Pattern.matches(
                        "INIT_REPORT Init Duration: \\d+\\.\\d\\d ms\tPhase: init\tStatus: error\t"
                                + "Error Type: Runtime\\.InvalidEntrypoint",
                        lines.get(init)),
                lines.get(init));
        int start = indexOf(lines, "START RequestId: " + first + " Version: $LATEST", first);
        assertTrue(init < start, lines.toString());
        assertEquals("RequestId: " + first + " Error: " + reason, lines.get(start + 1));
        assertEquals("Runtime.InvalidEntrypoint", lines.get(start + 2));
        assertEquals("END RequestId: " + first, lines.get(start + 3));
        assertTrue(lines.get(start + 4).startsWith("REPORT RequestId: " + first + "\t"), lines.get(start + 4));

        // a new code revision is checked anew: a bootstrap this host runs answers
        byte[] runs = new Zips()
                .executable("bootstrap", ProvidedRuntimeIT.resource("bootstrap.sh"))
                .bytes();
        lambda.updateFunctionCode(r -> r.functionName("entry-arm64").zipFile(SdkBytes.fromByteArray(runs)));
        lambda.waiter().waitUntilFunctionUpdatedV2(r -> r.functionName("entry-arm64"));
        InvokeResponse ran = invoke("entry-arm64");
        assertEquals(null, ran.functionError(), ran.payload().asUtf8String());
        assertEquals(
                "{}", JSON.readTree(ran.payload().asByteArray()).get("echo").toString());
    }

    @Test
    void aBootstrapThatIsNotExecutableIsNotFound() throws Exception {
        create("entry-plain", new Zips().add("bootstrap", "#!/bin/sh\necho never\n"));
        assertInvalidEntrypoint(
                invoke("entry-plain"), "Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]");
    }

    @Test
    void aScriptWhoseInterpreterIsMissingCannotBeExecuted() throws Exception {
        create("entry-nosh", new Zips().executable("bootstrap", "#!/no/such/interpreter\necho never\n"));
        assertInvalidEntrypoint(invoke("entry-nosh"), "fork/exec /var/task/bootstrap: no such file or directory");
        create("entry-crlf", new Zips().executable("bootstrap", "#!/bin/sh\r\necho never\r\n"));
        assertInvalidEntrypoint(invoke("entry-crlf"), "fork/exec /var/task/bootstrap: no such file or directory");
    }

    private static int indexOf(List<String> lines, String prefix, String requestId) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no line starting " + prefix + " (request " + requestId + ") in " + lines);
    }

    /** The function's log lines, as CloudWatch Logs has them, once the REPORT of {@code lastRequestId} is in. */
    private static List<String> logOf(String function, String lastRequestId) throws Exception {
        List<String> lines = new ArrayList<>();
        AsyncLogs.awaitTrue(
                () -> {
                    lines.clear();
                    try (var logs = node.logs()) {
                        for (FilteredLogEvent e : logs.filterLogEventsPaginator(
                                        b -> b.logGroupName("/aws/lambda/" + function))
                                .events()) {
                            lines.add(e.message());
                        }
                    }
                    return lines.stream().anyMatch(l -> l.startsWith("REPORT RequestId: " + lastRequestId));
                },
                Duration.ofSeconds(10),
                "the REPORT line never reached the log group");
        return lines;
    }
}

package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;

/** Functions keep outbound network by default; a node started without network gives them none. */
class NetworkIT {
    static final String PROBE = """
            import socket
            def handler(event, context):
                try:
                    socket.create_connection(("127.0.0.1", event["port"]), timeout=2).close()
                    return {"reached": True}
                except OSError as e:
                    return {"reached": False, "error": type(e).__name__}
            """;

    static JsonNode probe(TestNode node, int port) throws Exception {
        Functions.create(node.lambda(), "net-probe", "python3.11", "app.handler", Functions.python(PROBE));
        String out = node.lambda()
                .invoke(r -> r.functionName("net-probe").payload(SdkBytes.fromUtf8String("{\"port\":" + port + "}")))
                .payload()
                .asUtf8String();
        return new ObjectMapper().readTree(out);
    }

    @Test
    void byDefaultAFunctionReachesTheNetwork() throws Exception {
        try (TestNode node = TestNode.start();
                ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            assertEquals(
                    true, probe(node, listener.getLocalPort()).get("reached").asBoolean());
        }
    }

    @Test
    void withoutNetworkAFunctionStillRunsButReachesNothing() throws Exception {
        try (TestNode node = TestNode.start(c -> c.withNetwork(false));
                ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            assumeTrue(node.isolated(), "this host cannot sandbox (needs Linux, root, bubblewrap and cgroups)");
            JsonNode result = probe(node, listener.getLocalPort());
            assertEquals(false, result.get("reached").asBoolean(), result.toString());
            // and the Runtime API, relayed into the sandbox, keeps working for warm invocations
            assertEquals(false, probe2(node, listener.getLocalPort()));
        }
    }

    private static boolean probe2(TestNode node, int port) throws Exception {
        String out = node.lambda()
                .invoke(r -> r.functionName("net-probe").payload(SdkBytes.fromUtf8String("{\"port\":" + port + "}")))
                .payload()
                .asUtf8String();
        return new ObjectMapper().readTree(out).get("reached").asBoolean();
    }
}

package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.lambda.NetworkMode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;

/**
 * What network a function gets (decision 26): by default its own, with outbound access, where of the
 * host it reaches only its Runtime API and the node's AWS endpoint; {@code --network host} is the
 * host's; {@code --network none} is nothing.
 */
class NetworkIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Connects to each target ({@code host} "gateway" is AWS_ENDPOINT_URL's host) and says what
     * happened; with {@code aws}, lists functions through the node's Lambda API with boto3.
     */
    static final String PROBE = """
            import json, os, socket, sys, urllib.error, urllib.parse, urllib.request
            def reach(host, port):
                if host == "gateway":
                    host = urllib.parse.urlparse(os.environ["AWS_ENDPOINT_URL"]).hostname
                try:
                    with socket.create_connection((host, port), timeout=1) as s:
                        s.settimeout(1)
                        try:
                            return {"reached": True, "said": s.recv(64).decode()}
                        except OSError:
                            return {"reached": True, "said": ""}
                except OSError as e:
                    return {"reached": False, "error": type(e).__name__}
            def handler(event, context):
                out = {"endpoint": os.environ.get("AWS_ENDPOINT_URL"),
                       "targets": [reach(h, p) for h, p in event.get("targets", [])]}
                if "aws" in event:
                    sys.path.append("/usr/lib/python3/dist-packages")  # the host's boto3, where Debian has it
                    try:
                        import boto3
                    except ImportError:
                        boto3 = None
                    if boto3:
                        client = boto3.client("lambda", region_name="us-east-1",
                                              aws_access_key_id=event["aws"][0],
                                              aws_secret_access_key=event["aws"][1])
                        out["functions"] = [f["FunctionName"] for f in client.list_functions()["Functions"]]
                    else:
                        url = os.environ["AWS_ENDPOINT_URL"] + "/2015-03-31/functions/"
                        try:
                            urllib.request.urlopen(url, timeout=5)
                        except urllib.error.HTTPError as e:
                            out["unsigned"] = {"status": e.code, "body": json.loads(e.read())}
                if "link" in event:
                    out["link"] = link()
                return out
            def link():
                import fcntl, struct
                gateway = urllib.parse.urlparse(os.environ["AWS_ENDPOINT_URL"]).hostname
                with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                    s.connect((gateway, 9))
                    own = s.getsockname()[0]
                    mac = fcntl.ioctl(s.fileno(), 0x8927, struct.pack("256s", b"eth0"))[18:24]  # SIOCGIFHWADDR
                with open("/proc/net/arp") as f:
                    neighbours = {l.split()[0]: l.split()[3] for l in f.read().splitlines()[1:]}
                return {"gateway": gateway, "own": own, "mac": mac.hex(":"), "neighbours": neighbours}
            """;

    private static JsonNode probe(TestNode node, ObjectNode event) throws Exception {
        if (node.lambda().listFunctions().functions().stream()
                .noneMatch(f -> f.functionName().equals("net-probe"))) {
            Functions.create(
                    node.lambda(),
                    Functions.request("net-probe", "python3.11", "app.handler", Functions.python(PROBE))
                            .timeout(30)
                            .build());
        }
        String out = node.lambda()
                .invoke(r -> r.functionName("net-probe").payload(SdkBytes.fromUtf8String(event.toString())))
                .payload()
                .asUtf8String();
        return JSON.readTree(out);
    }

    private static ObjectNode targets(Object... hostPort) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode targets = event.putArray("targets");
        for (int i = 0; i < hostPort.length; i += 2) {
            targets.addArray().add((String) hostPort[i]).add((Integer) hostPort[i + 1]);
        }
        return event;
    }

    private static void assumeIsolatedNetwork(TestNode node) throws Exception {
        assumeTrue(node.isolated(), "this host cannot sandbox (needs Linux, root, bubblewrap and cgroups)");
        String network = JSON.readTree(node.http()
                        .send("GET", "/health", java.util.Map.of(), "")
                        .body())
                .path("network")
                .asText();
        assumeTrue(network.equals("isolated"), "this host cannot give sandboxes their own network: " + network);
    }

    @Test
    void byDefaultAFunctionReachesTheInternetAndTheNodeButNoOtherServiceOfTheHost() throws Exception {
        assumeTrue(HostNetwork.canMakeNamespaces(), "needs root and ip to stand up a test internet");
        try (TestNode node = TestNode.start();
                ServerSocket loopbackOnly = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
                ServerSocket everywhere = new ServerSocket(0, 5, InetAddress.getByName("0.0.0.0"));
                HostNetwork.Internet internet = new HostNetwork.Internet(77)) {
            assumeIsolatedNetwork(node);
            String hostAddress =
                    HostNetwork.otherAddress().map(InetAddress::getHostAddress).orElse("127.0.0.1");
            ObjectNode event = targets(
                    internet.address,
                    internet.port,
                    "127.0.0.1",
                    loopbackOnly.getLocalPort(),
                    "127.0.0.1",
                    everywhere.getLocalPort(),
                    "gateway",
                    everywhere.getLocalPort(),
                    hostAddress,
                    everywhere.getLocalPort(),
                    "gateway",
                    node.port() + 1);
            event.putArray("aws").add(TestNode.ACCESS_KEY).add(TestNode.SECRET_KEY);
            JsonNode result = probe(node, event);
            JsonNode reached = result.get("targets");
            assertTrue(reached != null && reached.size() == 6, result.toString());
            assertEquals("internet", reached.get(0).path("said").asText(), result.toString());
            for (int i = 1; i < reached.size(); i++) {
                assertFalse(reached.get(i).get("reached").asBoolean(), "target " + i + ": " + result);
            }
            // The node's own endpoint, at an address of the sandbox's network (not loopback): the
            // function's AWS SDK finds it in AWS_ENDPOINT_URL and calls Lambda's API there.
            URI endpoint = URI.create(result.get("endpoint").asText());
            assertEquals(node.port(), endpoint.getPort(), result.toString());
            assertFalse(InetAddress.getByName(endpoint.getHost()).isLoopbackAddress(), result.toString());
            if (result.has("functions")) {
                assertEquals(List.of("net-probe"), JSON.convertValue(result.get("functions"), List.class));
            } else {
                // no boto3 on this host: an unsigned call gets the node's AWS-shaped refusal
                assertEquals(403, result.at("/unsigned/status").asInt(), result.toString());
                assertTrue(result.at("/unsigned/body").has("message"), result.toString());
            }
            // and the Runtime API keeps working for warm invocations
            assertEquals(
                    "internet",
                    probe(node, targets(internet.address, internet.port))
                            .get("targets")
                            .get(0)
                            .path("said")
                            .asText());
        }
    }

    /**
     * A sandbox's address and the bridge's keep one MAC each, derived from the IPv4 address, as other
     * sandboxes' ports join and leave the bridge. With the kernel's defaults (a random MAC per veth, a
     * bridge that takes its lowest port's) an address made again, or a port coming or going, left a
     * neighbour entry naming a MAC that was gone: the next invocation's bytes were lost for the seconds
     * it took to probe the entry again, and a trivial function timed out.
     */
    @Test
    void sandboxesAndTheBridgeKeepTheirLinkAddressesAsSandboxesComeAndGo() throws Exception {
        try (TestNode node = TestNode.start()) {
            assumeIsolatedNetwork(node);
            ObjectNode ask = JSON.createObjectNode().put("link", true);
            JsonNode first = probe(node, ask).get("link");
            Functions.create(node.lambda(), "net-other", "python3.11", "app.handler", Functions.python(PROBE));
            JsonNode other = JSON.readTree(node.lambda()
                            .invoke(r -> r.functionName("net-other").payload(SdkBytes.fromUtf8String(ask.toString())))
                            .payload()
                            .asUtf8String())
                    .get("link");
            node.lambda().deleteFunction(r -> r.functionName("net-other"));
            JsonNode again = probe(node, ask).get("link");
            assertEquals(first.get("own"), again.get("own"), "the same warm sandbox answered");
            String gateway = first.get("gateway").asText();
            for (JsonNode link : List.of(first, other, again)) {
                assertEquals(macOf(link.get("own").asText()), link.get("mac").asText(), link.toString());
                assertEquals(
                        macOf(gateway), link.path("neighbours").path(gateway).asText(), link.toString());
            }
            String pid = Long.toString(ProcessHandle.current().pid(), 36);
            List<String> bridgeMacs = new java.util.ArrayList<>();
            for (String bridge : HostNetwork.names(java.nio.file.Path.of("/sys/class/net"), "lb" + pid + "-")) {
                bridgeMacs.add(
                        java.nio.file.Files.readString(java.nio.file.Path.of("/sys/class/net", bridge, "address"))
                                .strip());
            }
            assertTrue(bridgeMacs.contains(macOf(gateway)), "the node's bridge: " + bridgeMacs);
        }
    }

    /** {@code 02:4c} and the address's four bytes. */
    private static String macOf(String ipv4) throws Exception {
        StringBuilder mac = new StringBuilder("02:4c");
        for (byte b : InetAddress.getByName(ipv4).getAddress()) {
            mac.append(String.format(":%02x", b & 0xff));
        }
        return mac.toString();
    }

    @Test
    void withTheHostsNetworkAFunctionReachesTheHostsLoopback() throws Exception {
        try (TestNode node = TestNode.start(c -> c.withNetwork(NetworkMode.HOST));
                ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            JsonNode result = probe(node, targets("127.0.0.1", listener.getLocalPort()));
            assertTrue(result.get("targets").get(0).get("reached").asBoolean(), result.toString());
            assertEquals(node.endpoint(), result.get("endpoint").asText());
        }
    }

    @Test
    void withoutNetworkAFunctionStillRunsButReachesNothing() throws Exception {
        try (TestNode node = TestNode.start(c -> c.withNetwork(NetworkMode.NONE));
                ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            assumeTrue(node.isolated(), "this host cannot sandbox (needs Linux, root, bubblewrap and cgroups)");
            JsonNode result = probe(node, targets("127.0.0.1", listener.getLocalPort()));
            assertFalse(result.get("targets").get(0).get("reached").asBoolean(), result.toString());
            assertTrue(result.get("endpoint").isNull(), result.toString());
            // and the Runtime API, relayed into the sandbox, keeps working for warm invocations
            JsonNode again = probe(node, targets("127.0.0.1", listener.getLocalPort()));
            assertFalse(again.get("targets").get(0).get("reached").asBoolean(), again.toString());
        }
    }

    @Test
    void aStoppedNodeLeavesNoNamespaceVethOrFenceBehind() throws Exception {
        List<String> before = HostNetwork.laminaNetworkObjects();
        try (TestNode node = TestNode.start()) {
            assumeIsolatedNetwork(node);
            probe(node, targets());
            List<String> running = HostNetwork.laminaNetworkObjects();
            assertTrue(running.size() > before.size(), "the node's network shows while it runs: " + running);
        }
        assertEquals(before, HostNetwork.laminaNetworkObjects());
    }

    @Test
    void whatADeadNodeLeftIsSweptAtTheNextStart() throws Exception {
        assumeTrue(HostNetwork.canMakeNamespaces(), "needs root and ip");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String tag = Long.toString(gone.pid(), 36) + "-0";
        String namespace = "lamina-" + tag + "-0";
        String bridge = "lb" + tag;
        String table = "lamina_" + tag.replace('-', '_');
        HostNetwork.run("/usr/sbin/ip", "netns", "add", namespace);
        HostNetwork.run("/usr/sbin/ip", "link", "add", bridge, "type", "bridge");
        HostNetwork.run("/usr/sbin/nft", "add", "table", "ip", table);
        try (TestNode node = TestNode.start()) {
            assumeIsolatedNetwork(node);
            assertEquals(List.of(), HostNetwork.names(java.nio.file.Path.of("/run/netns"), namespace));
            assertEquals(List.of(), HostNetwork.names(java.nio.file.Path.of("/sys/class/net"), bridge));
            assertNotEquals(
                    0,
                    new ProcessBuilder("/usr/sbin/nft", "list", "table", "ip", table)
                            .start()
                            .waitFor(),
                    "the dead node's fence is gone");
        } finally {
            new ProcessBuilder("/usr/sbin/ip", "netns", "del", namespace)
                    .start()
                    .waitFor();
            new ProcessBuilder("/usr/sbin/ip", "link", "del", bridge).start().waitFor();
            new ProcessBuilder("/usr/sbin/nft", "delete", "table", "ip", table)
                    .start()
                    .waitFor();
        }
    }
}

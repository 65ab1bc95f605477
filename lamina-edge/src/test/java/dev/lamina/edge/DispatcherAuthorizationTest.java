package dev.lamina.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.lamina.core.AwsException;
import dev.lamina.edge.protocol.AwsJson;
import dev.lamina.edge.protocol.RestJson;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A request signed by a role is authorized once its operation is known and before it runs; one signed
 * with the node's key is never asked about (decision 38).
 */
class DispatcherAuthorizationTest {
    private static final String ROLE = "arn:aws:iam::000000000000:role/r";

    /** Signs with the key the request's {@code x-key} names: {@code ASIA…} acts for {@link #ROLE}. */
    private final Authenticator authenticator = new Authenticator() {
        @Override
        public String authenticate(HttpRequest request, String signingName, boolean unsignedPayload) {
            return request.header("x-key");
        }

        @Override
        public Streamed authenticateStreamed(HttpRequest head, InputStream body, String signingName) {
            return new Streamed(head.header("x-key"), body);
        }

        @Override
        public String principal(String accessKeyId) {
            return accessKeyId.startsWith("ASIA") ? ROLE : null;
        }
    };

    private final List<String> asked = new ArrayList<>();
    private final List<String> ran = new ArrayList<>();
    private final AccessPolicy policy = (principal, access) -> {
        asked.add(principal + " " + access.action() + " " + access.resource());
        if (access.resource().equals("arn:svc:::secret")) {
            return AccessPolicy.Verdict.DENIED_EXPLICITLY;
        }
        return access.action().endsWith(":Read") ? AccessPolicy.Verdict.ALLOWED : AccessPolicy.Verdict.NOT_ALLOWED;
    };

    private final AccessRules rules = new AccessRules() {
        @Override
        public Access ofRoute(HttpRequest request, Map<String, String> params) {
            return new Access(
                    "svc:" + (request.method().equals("GET") ? "Read" : "Write"), "arn:svc:::" + params.get("Thing"));
        }

        @Override
        public Access ofOperation(String operation, JsonNode input) {
            return new Access(
                    "svc:" + operation, "arn:svc:::" + input.path("Thing").asText());
        }

        @Override
        public AwsException denied(String principal, Access access, boolean explicitly) {
            return new AwsException(
                    403, "NoWay", principal + " may not " + access.action() + (explicitly ? " (denied)" : ""));
        }
    };

    private final Router router = new Router()
            .addNonBlocking("GET", "/things/{Thing}", (r, p) -> ran("read " + p.get("Thing")))
            .add("POST", "/things/{Thing}", (r, p) -> ran("write " + p.get("Thing")))
            .addStreaming("PUT", "/things/{Thing}", (r, p) -> ran("upload " + p.get("Thing")));
    private final Operations operations = (operation, input) -> {
        ran.add(operation);
        return JsonNodeFactory.instance.objectNode();
    };

    private final Dispatcher dispatcher = new Dispatcher(
            new ServiceTable(List.of(
                    new EdgeService.RestApi("svc", "svc", RestJson.PLAIN, router).withAccessRules(rules),
                    new EdgeService.TargetApi("tgt", "tgt", AwsJson.V1_1, "Tgt", operations).withAccessRules(rules))),
            authenticator,
            policy,
            Runnable::run,
            new RequestIds(new Random(1)));

    private HttpResponse ran(String what) {
        ran.add(what);
        return HttpResponse.empty(200);
    }

    private HttpResponse dispatch(String method, String path, String key) {
        HttpRequest request = new HttpRequest(
                method,
                path,
                null,
                Map.of(),
                Map.of(
                        "x-key",
                        List.of(key),
                        "authorization",
                        List.of("AWS4-HMAC-SHA256 Credential=" + key + "/20260101/us-east-1/svc/aws4_request")),
                new byte[0]);
        if (method.equals("PUT")) {
            request = request.withBodyStream(new ByteArrayInputStream(new byte[] {1}));
        }
        RecordingExchange exchange = new RecordingExchange();
        dispatcher.dispatch(request, exchange);
        return exchange.sent.getLast();
    }

    @Test
    void theNodesKeyIsNeverAskedAbout() {
        assertEquals(200, dispatch("POST", "/things/a", "AKIDNODE").status());
        assertEquals(List.of("write a"), ran);
        assertTrue(asked.isEmpty());
    }

    @Test
    void aRolesRequestRunsOnlyWhenThePolicyAllowsIt() {
        assertEquals(200, dispatch("GET", "/things/a", "ASIA1").status());
        HttpResponse denied = dispatch("POST", "/things/a", "ASIA1");
        assertEquals(403, denied.status());
        assertTrue(new String(denied.body(), StandardCharsets.UTF_8).contains(ROLE + " may not svc:Write"));
        HttpResponse upload = dispatch("PUT", "/things/b", "ASIA1");
        assertEquals(403, upload.status());
        assertEquals(List.of("read a"), ran);
        assertEquals(
                List.of(
                        ROLE + " svc:Read arn:svc:::a",
                        ROLE + " svc:Write arn:svc:::a",
                        ROLE + " svc:Write arn:svc:::b"),
                asked);
    }

    @Test
    void theServiceHearsWhetherAPolicyDeniedIt() {
        HttpResponse denied = dispatch("GET", "/things/secret", "ASIA1");
        assertEquals(403, denied.status());
        assertTrue(new String(denied.body(), StandardCharsets.UTF_8).contains("may not svc:Read (denied)"));
        assertTrue(ran.isEmpty());
    }

    @Test
    void aTargetOperationIsNamedFromItsDocument() {
        HttpRequest request = new HttpRequest(
                "POST",
                "/",
                null,
                Map.of(),
                Map.of(
                        "x-key", List.of("ASIA1"),
                        "x-amz-target", List.of("Tgt.Read"),
                        "authorization",
                                List.of("AWS4-HMAC-SHA256 Credential=ASIA1/20260101/us-east-1/tgt/aws4_request")),
                "{\"Thing\": \"t\"}".getBytes(StandardCharsets.UTF_8));
        RecordingExchange exchange = new RecordingExchange();
        dispatcher.dispatch(request, exchange);
        assertEquals(200, exchange.sent.getLast().status());
        assertEquals(List.of(ROLE + " svc:Read arn:svc:::t"), asked);
        assertFalse(ran.isEmpty());
    }
}

package dev.lamina.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.lamina.core.AwsException;
import dev.lamina.edge.protocol.AwsJson;
import dev.lamina.edge.protocol.RestJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The node's own requests to its services, without a socket. */
class NodeRequestsTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final EdgeService lambda = new EdgeService.RestApi(
            "lambda",
            "lambda",
            RestJson.PLAIN,
            new Router()
                    .add("POST", "/2015-03-31/functions", (r, p) -> HttpResponse.json(201, r.body()))
                    .add("DELETE", "/2015-03-31/functions/{FunctionName}", (r, p) -> {
                        throw new AwsException(404, "ResourceNotFoundException", "no " + p.get("FunctionName"));
                    }));
    /** A REST API with routes that start with a parameter: found by its signing name only, as S3 is. */
    private final EdgeService s3 = new EdgeService.RestApi(
            "s3",
            "s3",
            RestJson.PLAIN,
            new Router()
                    .add(
                            "PUT",
                            "/{Bucket}",
                            (r, p) -> HttpResponse.later(CompletableFuture.completedFuture(
                                    HttpResponse.json(200, "\"" + p.get("Bucket") + "\"")))));

    private final EdgeService sqs = new EdgeService.TargetApi(
            "sqs",
            "sqs",
            AwsJson.V1_0,
            "AmazonSQS",
            (operation, input) -> NODES.objectNode()
                    .put("QueueUrl", "http://q/" + input.path("QueueName").asText())
                    .put("operation", operation));

    private final NodeRequests requests =
            new NodeRequests(new ServiceTable(List.of(lambda, s3, sqs)), AccessPolicy.ALLOW_ALL);

    private static HttpRequest request(String method, String path, String body) {
        return new HttpRequest(method, path, null, Map.of(), Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRouteIsServedAsTheNodesOwnRequest() throws Exception {
        HttpResponse created = requests.send("lambda", request("POST", "/2015-03-31/functions", "{\"a\":1}"));
        assertEquals(201, created.status());
        assertEquals("{\"a\":1}", new String(created.body(), StandardCharsets.UTF_8));
        HttpResponse bucket = requests.send("s3", request("PUT", "/things", ""));
        assertEquals("\"things\"", new String(bucket.body(), StandardCharsets.UTF_8), "a pending answer is awaited");
    }

    @Test
    void aServicesErrorComesBackAsItWasThrown() {
        AwsException e = assertThrows(
                AwsException.class, () -> requests.send("lambda", request("DELETE", "/2015-03-31/functions/f", "")));
        assertEquals("ResourceNotFoundException", e.code());
        assertEquals("no f", e.getMessage());
        assertEquals(
                "UnknownOperationException",
                assertThrows(AwsException.class, () -> requests.send("lambda", request("GET", "/nothing", "")))
                        .code());
    }

    @Test
    void anOperationIsPerformedByItsTarget() throws Exception {
        assertEquals(
                "http://q/jobs",
                requests.perform(
                                "sqs",
                                "AmazonSQS",
                                "CreateQueue",
                                NODES.objectNode().put("QueueName", "jobs"))
                        .get("QueueUrl")
                        .asText());
        assertEquals(
                "UnknownOperationException",
                assertThrows(AwsException.class, () -> requests.perform("sqs", "Nope", "X", NODES.objectNode()))
                        .code());
    }

    @Test
    void aRolesRequestMakesOnlyWhatTheRoleMayDo() throws Exception {
        String deployer = "arn:aws:iam::000000000000:role/deployer";
        AccessPolicy onlyQueues = (principal, access) ->
                access.action().startsWith("sqs:") ? AccessPolicy.Verdict.ALLOWED : AccessPolicy.Verdict.NOT_ALLOWED;
        NodeRequests guarded = new NodeRequests(new ServiceTable(List.of(lambda, s3, sqs)), onlyQueues);
        Exception[] refused = new Exception[1];
        RequestPrincipal.runAs(deployer, () -> {
            try {
                guarded.perform(
                        "sqs", "AmazonSQS", "CreateQueue", NODES.objectNode().put("QueueName", "jobs"));
                guarded.send("lambda", request("POST", "/2015-03-31/functions", "{}"));
            } catch (Exception e) {
                refused[0] = e;
            }
        });
        AwsException denied = assertInstanceOf(AwsException.class, refused[0]);
        assertEquals(403, denied.status());
        assertEquals(
                "User: " + deployer + " is not authorized to perform: lambda:* on resource: * because no"
                        + " identity-based policy allows the lambda:* action",
                denied.getMessage());
        assertEquals(
                201,
                guarded.send("lambda", request("POST", "/2015-03-31/functions", "{}"))
                        .status(),
                "operator");
    }
}

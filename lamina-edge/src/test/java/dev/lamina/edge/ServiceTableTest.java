package dev.lamina.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.edge.protocol.AwsJson;
import dev.lamina.edge.protocol.Query;
import dev.lamina.edge.protocol.RestJson;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServiceTableTest {
    private static final Router NONE = new Router();
    private static final Operations NOTHING = (operation, input) -> input;

    private final EdgeService urls = new EdgeService.NodeEndpoint(
            "lambda-url",
            RestJson.PLAIN,
            Set.of("lambda-url"),
            Set.of("/_lamina/url"),
            new Router().fallback((r, p) -> null));
    private final EdgeService health =
            new EdgeService.NodeEndpoint("node", RestJson.PLAIN, Set.of(), Set.of("/health"), NONE);
    private final EdgeService lambda = new EdgeService.RestApi(
            "lambda",
            "lambda",
            RestJson.PLAIN,
            new Router()
                    .add("GET", "/2015-03-31/functions", (r, p) -> null)
                    .add("POST", "/2015-03-31/functions/{FunctionName}/invocations", (r, p) -> null)
                    .add("GET", "/2018-10-31/layers", (r, p) -> null)
                    .add("GET", "/_lamina/code/{Sha}", (r, p) -> null));
    private final EdgeService logs = new EdgeService.TargetApi("logs", "logs", AwsJson.V1_1, "Logs_20140328", NOTHING);
    private final EdgeService dynamodb =
            new EdgeService.TargetApi("dynamodb", "dynamodb", AwsJson.V1_1, "DynamoDB_20120810", NOTHING);
    private final EdgeService streams = new EdgeService.TargetApi(
            "dynamodb-streams", "dynamodb", AwsJson.V1_1, "DynamoDBStreams_20120810", NOTHING);
    private final EdgeService s3 = new EdgeService.RestApi(
            "s3",
            "s3",
            RestJson.PLAIN,
            new Router()
                    .add("GET", "/{Bucket}/{Key}", (r, p) -> null)
                    .addStreaming("PUT", "/{Bucket}/{Key+}", (r, p) -> null));

    private final ServiceTable table = new ServiceTable(List.of(urls, health, lambda, logs, dynamodb, streams, s3));

    /** A request with the given headers (lower-case names) and query. */
    private static HttpRequest request(String path, Map<String, String> headers, Map<String, String> query) {
        Map<String, List<String>> h = new HashMap<>();
        headers.forEach((k, v) -> h.put(k, List.of(v)));
        Map<String, List<String>> q = new HashMap<>();
        query.forEach((k, v) -> q.put(k, List.of(v)));
        return new HttpRequest("POST", path, null, q, h, new byte[0]);
    }

    private static HttpRequest request(String path, Map<String, String> headers) {
        return request(path, headers, Map.of());
    }

    private static String signedFor(String service) {
        return "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/" + service
                + "/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc";
    }

    @Test
    void aFunctionUrlsHostWinsOverItsLambdaSignature() {
        HttpRequest request = request(
                "/2015-03-31/functions",
                Map.of(
                        "host",
                        "abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.localhost:9701",
                        "authorization",
                        signedFor("lambda")));
        assertSame(urls, table.find(request));
    }

    @Test
    void aPublicUrlDomainFindsItsEndpointBeforeTheSignature() {
        EdgeService proxied = new EdgeService.NodeEndpoint(
                "proxied", RestJson.PLAIN, Set.of(), Set.of(), Set.of("lambda.example.com"), NONE);
        ServiceTable withDomain = new ServiceTable(List.of(proxied, lambda));
        assertSame(
                proxied,
                withDomain.find(request(
                        "/2015-03-31/functions",
                        Map.of("host", "abc.Lambda.Example.com:8443", "authorization", signedFor("lambda")))));
        assertSame(
                lambda,
                withDomain.find(request(
                        "/2015-03-31/functions",
                        Map.of("host", "lambda.example.com", "authorization", signedFor("lambda")))));
        assertSame(
                lambda,
                withDomain.find(request(
                        "/2015-03-31/functions",
                        Map.of("host", "127.0.0.1:9701", "authorization", signedFor("lambda")))));
    }

    @Test
    void reservedPathsFindTheNodesEndpointsByWholeSegments() {
        assertSame(
                urls, table.find(request("/_lamina/url/abc/any/path", Map.of("authorization", signedFor("lambda")))));
        assertSame(urls, table.find(request("/_lamina/url", Map.of())));
        assertSame(health, table.find(request("/health", Map.of())));
        assertNull(table.find(request("/healthz", Map.of())));
        assertSame(lambda, table.find(request("/_lamina/code/0123", Map.of())));
        assertSame(lambda, table.find(request("/_lamina/urls", Map.of())));
    }

    @Test
    void anEndpointForUnsignedRequestsLeavesSignedOnesToTheirService() {
        EdgeService console = EdgeService.NodeEndpoint.unsigned("console", RestJson.PLAIN, Set.of("/console"), NONE);
        ServiceTable withConsole = new ServiceTable(List.of(urls, health, console, s3));
        assertSame(console, withConsole.find(request("/console/", Map.of())));
        assertSame(console, withConsole.find(request("/console/api/functions", Map.of("cookie", "a=b"))));
        assertSame(s3, withConsole.find(request("/console/key", Map.of("authorization", signedFor("s3")))));
        assertSame(
                s3,
                withConsole.find(
                        request("/console", Map.of(), Map.of("X-Amz-Credential", "AKID/d/r/s3/aws4_request"))));
        assertSame(s3, withConsole.find(request("/console/key", Map.of()), "s3"));
        assertSame(health, withConsole.find(request("/health", Map.of("authorization", signedFor("s3")))));
    }

    @Test
    void theCredentialScopeNamesTheService() {
        assertSame(logs, table.find(request("/", Map.of("authorization", signedFor("logs")))));
        assertSame(lambda, table.find(request("/anything", Map.of("authorization", signedFor("lambda")))));
        assertSame(
                lambda,
                table.find(request(
                        "/_lamina/code/0123",
                        Map.of(),
                        Map.of("X-Amz-Credential", "AKID/20260101/us-east-1/lambda/aws4_request"))));
        assertSame(s3, table.find(request("/bucket/key", Map.of("authorization", signedFor("s3")))));
    }

    @Test
    void twoServicesSigningWithOneNameAreToldApartByTheirTargetPrefix() {
        assertSame(
                streams,
                table.find(request(
                        "/",
                        Map.of(
                                "authorization",
                                signedFor("dynamodb"),
                                "x-amz-target",
                                "DynamoDBStreams_20120810.GetRecords"))));
        assertSame(
                dynamodb,
                table.find(request(
                        "/",
                        Map.of("authorization", signedFor("dynamodb"), "x-amz-target", "DynamoDB_20120810.GetItem"))));
        assertNull(table.find(request("/", Map.of("authorization", signedFor("dynamodb")))));
    }

    @Test
    void aQueryApiBesideAJsonApiOfTheSameSigningNameTakesTheRequestsWithoutATarget() {
        EdgeService sqsJson = new EdgeService.TargetApi("sqs", "sqs", AwsJson.V1_0, "AmazonSQS", NOTHING);
        EdgeService sqsQuery = new EdgeService.RestApi(
                "sqs-query",
                "sqs",
                new Query("http://queue.amazonaws.com/doc/2012-11-05/"),
                new Router().add("POST", "/", (r, p) -> null));
        ServiceTable both = new ServiceTable(List.of(lambda, sqsJson, sqsQuery));
        assertSame(
                sqsJson,
                both.find(request(
                        "/", Map.of("authorization", signedFor("sqs"), "x-amz-target", "AmazonSQS.SendMessage"))));
        assertSame(sqsQuery, both.find(request("/", Map.of("authorization", signedFor("sqs")))));
        assertSame(sqsQuery, both.find(request("/123456789012/q", Map.of("authorization", signedFor("sqs")))));
    }

    @Test
    void unsignedRequestsAreFoundByTargetPrefixThenByPath() {
        assertSame(logs, table.find(request("/", Map.of("x-amz-target", "Logs_20140328.FilterLogEvents"))));
        assertSame(lambda, table.find(request("/2015-03-31/functions/f/invocations", Map.of())));
        assertSame(lambda, table.find(request("//2018-10-31/layers", Map.of())));
        assertNull(table.find(request("/2099-01-01/things", Map.of())));
        assertNull(table.find(request("/", Map.of("x-amz-target", "Kinesis_20131202.PutRecord"))));
    }

    @Test
    void aScopeNoServiceSignsWithFallsThroughToTheOtherSteps() {
        assertSame(
                lambda,
                table.find(request("/2015-03-31/functions", Map.of("authorization", signedFor("execute-api")))));
        assertSame(
                logs,
                table.find(request(
                        "/",
                        Map.of(
                                "authorization",
                                signedFor("monitoring"),
                                "x-amz-target",
                                "Logs_20140328.GetLogEvents"))));
    }

    @Test
    void twoServicesCannotClaimTheSameRequests() {
        EdgeService otherLambda = new EdgeService.RestApi(
                "other", "other", RestJson.PLAIN, new Router().add("GET", "/2015-03-31/other", (r, p) -> null));
        EdgeService otherLogs = new EdgeService.TargetApi("other", "other", AwsJson.V1_1, "Logs_20140328", NOTHING);
        EdgeService otherUrls =
                new EdgeService.NodeEndpoint("other", RestJson.PLAIN, Set.of("lambda-url"), Set.of(), NONE);
        EdgeService otherHealth =
                new EdgeService.NodeEndpoint("other", RestJson.PLAIN, Set.of(), Set.of("/health"), NONE);
        for (EdgeService other : List.of(otherLambda, otherLogs, otherUrls, otherHealth, logs)) {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> new ServiceTable(List.of(urls, health, lambda, logs, other)),
                    other.toString());
        }
    }

    @Test
    void declarationsAreChecked() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new EdgeService.TargetApi("logs", "logs", AwsJson.V1_1, "Logs_20140328.", NOTHING));
        assertThrows(
                IllegalArgumentException.class, () -> new EdgeService.RestApi("lambda", null, RestJson.PLAIN, NONE));
        assertThrows(
                IllegalArgumentException.class,
                () -> new EdgeService.NodeEndpoint("node", RestJson.PLAIN, Set.of(), Set.of("/health/"), NONE));
        assertThrows(
                IllegalArgumentException.class,
                () -> new EdgeService.NodeEndpoint(
                        "node", RestJson.PLAIN, Set.of("lambda-url.us-east-1"), Set.of(), NONE));
    }

    @Test
    void theTargetApiNamesItsOperation() {
        EdgeService.TargetApi api = (EdgeService.TargetApi) logs;
        assertEquals("FilterLogEvents", api.operation("Logs_20140328.FilterLogEvents"));
        assertNull(api.operation("Logs_20140328."));
        assertNull(api.operation("Logs_20140328"));
        assertNull(api.operation("Logs_20140329.FilterLogEvents"));
        assertNull(api.operation(null));
    }

    @Test
    void piecesOfTheRequest() {
        assertEquals("lambda-url", ServiceTable.hostLabel("id.lambda-url.us-east-1.localhost:9701"));
        assertNull(ServiceTable.hostLabel("localhost:9701"));
        assertNull(ServiceTable.hostLabel(".lambda-url.x"));
        assertEquals("0", ServiceTable.hostLabel("127.0.0.1:9701"));
        assertEquals("2015-03-31", ServiceTable.firstSegment("/2015-03-31/functions"));
        assertEquals("", ServiceTable.firstSegment("/"));
        assertEquals("health", ServiceTable.firstSegment("/health"));
        assertEquals("Logs_20140328", ServiceTable.targetPrefix("Logs_20140328.FilterLogEvents"));
        assertNull(
                ServiceTable.signingName(request("/", Map.of("authorization", "AWS4-HMAC-SHA256 Credential=AKID/x"))));
        assertNull(ServiceTable.signingName(request("/", Map.of("authorization", "Bearer token"))));
        assertNull(ServiceTable.signingName(request("/", Map.of())));
    }

    @Test
    void aSigV2PresignedUrlIsS3sAndOnlyAStreamingRouteStreams() {
        HttpRequest presigned =
                request("/bucket/key", Map.of(), Map.of("AWSAccessKeyId", "AKID", "Signature", "c2ln", "Expires", "1"));
        assertSame(s3, table.find(presigned));

        HttpRequest put = new HttpRequest(
                "PUT", "/bucket/a/b", null, Map.of(), Map.of("authorization", List.of(signedFor("s3"))), new byte[0]);
        assertTrue(table.streams(put));
        HttpRequest get = new HttpRequest(
                "GET", "/bucket/a", null, Map.of(), Map.of("authorization", List.of(signedFor("s3"))), new byte[0]);
        assertFalse(table.streams(get), "GET has no streaming route: one set lookup says so");
        HttpRequest lambdaPut = new HttpRequest(
                "PUT",
                "/2015-03-31/functions",
                null,
                Map.of(),
                Map.of("authorization", List.of(signedFor("lambda"))),
                new byte[0]);
        assertFalse(table.streams(lambdaPut), "Lambda's routes read their bodies whole");
    }
}

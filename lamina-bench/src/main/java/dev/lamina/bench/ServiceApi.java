package dev.lamina.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.edge.auth.SigV4;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The set-up calls of the services benchmark, signed with SigV4 as the AWS CLI signs: buckets,
 * queues, DynamoDB tables (and the items a Query reads) and Kinesis streams on any system (the node or
 * a peer), and on the node the bucket notification, the function's permission for S3 and the event
 * source mapping. A table or stream is waited for until ACTIVE. Nothing here is timed.
 */
final class ServiceApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final URI endpoint;
    private final SigV4.Credentials credentials;

    ServiceApi(URI endpoint, SigV4.Credentials credentials) {
        this.endpoint = endpoint;
        this.credentials = credentials;
    }

    URI endpoint() {
        return endpoint;
    }

    SigV4.Credentials credentials() {
        return credentials;
    }

    void createBucket(String bucket) throws IOException, InterruptedException {
        s3("PUT", "/" + bucket, new byte[0]);
    }

    /** Creates a queue; returns its URL. */
    String createQueue(String name) throws IOException, InterruptedException {
        return sqs("CreateQueue", JSON.createObjectNode().put("QueueName", name))
                .path("QueueUrl")
                .asText();
    }

    /**
     * Creates an on-demand table keyed by {@code pk} (hash) and {@code sk} (range), both strings, and
     * waits (up to 60 s) until DescribeTable says ACTIVE.
     */
    void createTable(String table) throws IOException, InterruptedException {
        ObjectNode request = JSON.createObjectNode().put("TableName", table).put("BillingMode", "PAY_PER_REQUEST");
        request.putArray("AttributeDefinitions")
                .add(JSON.createObjectNode().put("AttributeName", "pk").put("AttributeType", "S"))
                .add(JSON.createObjectNode().put("AttributeName", "sk").put("AttributeType", "S"));
        request.putArray("KeySchema")
                .add(JSON.createObjectNode().put("AttributeName", "pk").put("KeyType", "HASH"))
                .add(JSON.createObjectNode().put("AttributeName", "sk").put("KeyType", "RANGE"));
        dynamoDb("CreateTable", request);
        ObjectNode describe = JSON.createObjectNode().put("TableName", table);
        awaitActive("table " + table, () -> dynamoDb("DescribeTable", describe), "Table", "TableStatus");
    }

    /** PutItem of {@code item} (DynamoDB's JSON, e.g. {@code {"pk":{"S":"a"}}}) into {@code table}. */
    void putItem(String table, String item) throws IOException, InterruptedException {
        ObjectNode request = JSON.createObjectNode().put("TableName", table);
        request.set("Item", JSON.readTree(item));
        dynamoDb("PutItem", request);
    }

    /** Creates a Kinesis stream of {@code shards} shards and waits (up to 60 s) until DescribeStream says ACTIVE. */
    void createStream(String stream, int shards) throws IOException, InterruptedException {
        kinesis(
                "CreateStream",
                JSON.createObjectNode().put("StreamName", stream).put("ShardCount", shards));
        ObjectNode describe = JSON.createObjectNode().put("StreamName", stream);
        awaitActive("stream " + stream, () -> kinesis("DescribeStream", describe), "StreamDescription", "StreamStatus");
    }

    private interface Describe {
        JsonNode call() throws IOException, InterruptedException;
    }

    /** Calls {@code describe} every 50 ms until the field at {@code statusPath} in its answer is ACTIVE. */
    private static void awaitActive(String what, Describe describe, String... statusPath)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String now;
        while (!(now = status(describe.call(), statusPath)).equals("ACTIVE")) {
            if (System.nanoTime() > deadline) {
                throw new IOException("The " + what + " is still " + now + " after 60 s");
            }
            Thread.sleep(50);
        }
    }

    private static String status(JsonNode answer, String... path) {
        JsonNode node = answer;
        for (String field : path) {
            node = node.path(field);
        }
        return node.asText();
    }

    String queueArn(String queueUrl) throws IOException, InterruptedException {
        ObjectNode request = JSON.createObjectNode().put("QueueUrl", queueUrl);
        request.putArray("AttributeNames").add("QueueArn");
        return sqs("GetQueueAttributes", request)
                .path("Attributes")
                .path("QueueArn")
                .asText();
    }

    /** Lets S3 invoke {@code function} for {@code bucket}'s notifications, as {@code aws lambda add-permission} does. */
    void allowS3(String function, String bucket) throws IOException, InterruptedException {
        ObjectNode permission = JSON.createObjectNode()
                .put("StatementId", "s3-" + bucket)
                .put("Action", "lambda:InvokeFunction")
                .put("Principal", "s3.amazonaws.com")
                .put("SourceArn", "arn:aws:s3:::" + bucket);
        lambda("POST", "/2015-03-31/functions/" + function + "/policy", permission);
    }

    String functionArn(String function) throws IOException, InterruptedException {
        return lambda("GET", "/2015-03-31/functions/" + function + "/configuration", null)
                .path("FunctionArn")
                .asText();
    }

    /** Sends every object created in {@code bucket} to {@code functionArn}. */
    void notifyOnCreate(String bucket, String functionArn) throws IOException, InterruptedException {
        // S3's XML names a LambdaFunctionConfiguration CloudFunctionConfiguration, its ARN CloudFunction
        String xml = "<NotificationConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + "<CloudFunctionConfiguration><Id>bench</Id><CloudFunction>" + functionArn
                + "</CloudFunction><Event>s3:ObjectCreated:*</Event></CloudFunctionConfiguration>"
                + "</NotificationConfiguration>";
        s3("PUT", "/" + bucket + "?notification", xml.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Maps {@code queueArn} to {@code function} with {@code batchSize} and waits (up to 60 s) until
     * the mapping is Enabled; returns its UUID.
     */
    String mapQueue(String queueArn, String function, int batchSize) throws IOException, InterruptedException {
        ObjectNode request = JSON.createObjectNode()
                .put("EventSourceArn", queueArn)
                .put("FunctionName", function)
                .put("BatchSize", batchSize);
        String uuid = lambda("POST", "/2015-03-31/event-source-mappings/", request)
                .path("UUID")
                .asText();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            String state = lambda("GET", "/2015-03-31/event-source-mappings/" + uuid, null)
                    .path("State")
                    .asText();
            if (state.equals("Enabled")) {
                return uuid;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("The event source mapping " + uuid + " is still " + state + " after 60 s");
            }
            Thread.sleep(50);
        }
    }

    /**
     * A one-time schedule ({@code at(...)}, whole seconds, no flexible window) that invokes
     * {@code functionArn} with {@code input}, deleted once it fired.
     */
    void scheduleAt(String name, java.time.Instant at, String functionArn, String input)
            throws IOException, InterruptedException {
        ObjectNode request = JSON.createObjectNode()
                .put(
                        "ScheduleExpression",
                        "at("
                                + java.time.LocalDateTime.ofInstant(at, java.time.ZoneOffset.UTC)
                                        .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"))
                                + ")")
                .put("ActionAfterCompletion", "DELETE");
        request.putObject("FlexibleTimeWindow").put("Mode", "OFF");
        request.putObject("Target")
                .put("Arn", functionArn)
                .put("RoleArn", "arn:aws:iam::000000000000:role/bench-scheduler")
                .put("Input", input);
        call(
                HTTP,
                endpoint,
                credentials,
                "POST",
                "/schedules/" + name,
                JSON.writeValueAsBytes(request),
                Map.of("Content-Type", "application/json"),
                "scheduler");
    }

    private void s3(String method, String pathAndQuery, byte[] body) throws IOException, InterruptedException {
        call(
                HTTP,
                endpoint,
                credentials,
                method,
                pathAndQuery,
                body,
                Map.of("x-amz-content-sha256", ServiceOps.sha256(body)),
                "s3");
    }

    private JsonNode sqs(String action, ObjectNode request) throws IOException, InterruptedException {
        return target("sqs", "application/x-amz-json-1.0", "AmazonSQS." + action, request);
    }

    private JsonNode dynamoDb(String action, ObjectNode request) throws IOException, InterruptedException {
        return target("dynamodb", "application/x-amz-json-1.0", "DynamoDB_20120810." + action, request);
    }

    private JsonNode kinesis(String action, ObjectNode request) throws IOException, InterruptedException {
        return target("kinesis", "application/x-amz-json-1.1", "Kinesis_20131202." + action, request);
    }

    private JsonNode target(String service, String contentType, String target, ObjectNode request)
            throws IOException, InterruptedException {
        byte[] body = call(
                HTTP,
                endpoint,
                credentials,
                "POST",
                "/",
                JSON.writeValueAsBytes(request),
                Map.of("Content-Type", contentType, "X-Amz-Target", target),
                service);
        return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    }

    private JsonNode lambda(String method, String path, ObjectNode request) throws IOException, InterruptedException {
        byte[] body = call(
                HTTP,
                endpoint,
                credentials,
                method,
                path,
                request == null ? null : JSON.writeValueAsBytes(request),
                request == null ? Map.of() : Map.of("Content-Type", "application/json"),
                "lambda");
        return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    }

    /**
     * One signed request; returns the body of a 2xx answer, and fails with the answer otherwise.
     * {@code body} null sends none.
     */
    static byte[] call(
            HttpClient http,
            URI endpoint,
            SigV4.Credentials credentials,
            String method,
            String pathAndQuery,
            byte[] body,
            Map<String, String> headers,
            String service)
            throws IOException, InterruptedException {
        URI uri = endpoint.resolve(pathAndQuery);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        Map<String, String> all = new LinkedHashMap<>(headers);
        Signing.sign(method, uri, body, all, service, credentials).forEach((k, v) -> {
            if (!k.equals("Host")) {
                request.header(k, v);
            }
        });
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() >= 300) {
            throw new IOException(method + " " + pathAndQuery + " answered " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body();
    }
}

package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.InvalidRequestContentException;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.RequestTooLargeException;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * Bad input gets a 4xx in AWS's error shape, mapped by the SDK to its typed exception, with a clear
 * message, and leaves nothing behind: no function, no stray file in the code store.
 */
class BadInputIT {
    static TestNode node;
    static LambdaClient lambda;
    static final byte[] GOOD_ZIP = Functions.python("def handler(e, c):\n    return 1\n");

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        lambda = node.lambdaNoRetry();
        Functions.create(lambda, "bad-existing", "python3.11", "app.handler", GOOD_ZIP);
    }

    @AfterAll
    static void stop() {
        lambda.close();
        node.close();
    }

    @AfterEach
    void nothingHalfMade() throws Exception {
        List<String> names = lambda.listFunctions().functions().stream()
                .map(f -> f.functionName())
                .toList();
        assertEquals(List.of("bad-existing"), names, "a failed request left a function behind");
        try (Stream<Path> files = Files.list(node.dataDir().resolve("code"))) {
            List<String> stray = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("upload-") || n.startsWith("unpack-"))
                    .toList();
            assertEquals(List.of(), stray, "temporary files left in the code store");
        }
    }

    static <T extends LambdaException> T fails(Class<T> type, int status, String messagePart, Executable call) {
        T e = assertThrows(type, call);
        assertEquals(status, e.statusCode());
        assertTrue(
                e.awsErrorDetails().errorMessage().contains(messagePart),
                "message '" + e.awsErrorDetails().errorMessage() + "' lacks '" + messagePart + "'");
        return e;
    }

    @Test
    void malformedHttpIsA400AndTheConnectionCloses() throws Exception {
        String out = RawHttp.exchange(
                java.net.URI.create(node.endpoint()).getPort(),
                "GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: lots\r\n\r\n");
        assertTrue(out.startsWith("HTTP/1.1 400"), out);
        assertTrue(out.contains("BadRequestException"), out);
    }

    @Test
    void malformedJsonBody() throws Exception {
        HttpResponse<String> r = post("/2015-03-31/functions", "{\"FunctionName\": \"x\",");
        assertEquals(400, r.statusCode());
        assertEquals(
                "InvalidRequestContentException",
                r.headers().firstValue("x-amzn-ErrorType").orElseThrow());
        JsonNode body = new ObjectMapper().readTree(r.body());
        assertTrue(body.get("message").asText().startsWith("Could not parse request body into json"), r.body());
    }

    @Test
    void wrongTypes() throws Exception {
        HttpResponse<String> r = post("/2015-03-31/functions", """
                {"FunctionName":"bad-types","Runtime":"python3.11","Handler":"app.handler",
                 "Role":"arn:aws:iam::000000000000:role/x","MemorySize":"lots","Code":{"ZipFile":""}}""");
        assertEquals(400, r.statusCode());
        assertEquals(
                "InvalidParameterValueException",
                r.headers().firstValue("x-amzn-ErrorType").orElseThrow());
        assertTrue(r.body().contains("memorySize"), r.body());
    }

    @Test
    void unknownRuntime() {
        fails(
                InvalidParameterValueException.class,
                400,
                "runtime",
                () -> lambda.createFunction(Functions.request("bad-runtime", "cobol85", "app.handler", GOOD_ZIP)
                        .build()));
    }

    @Test
    void runtimeTheHostLacksNamesWhatIsMissing() {
        fails(
                InvalidParameterValueException.class,
                400,
                "python3.8 interpreter",
                () -> lambda.createFunction(Functions.request("bad-runtime", "python3.8", "app.handler", GOOD_ZIP)
                        .build()));
        fails(
                InvalidParameterValueException.class,
                400,
                "Node.js 16",
                () -> lambda.createFunction(Functions.request("bad-runtime", "nodejs16.x", "index.handler", GOOD_ZIP)
                        .build()));
    }

    @Test
    void corruptZip() {
        byte[] corrupt = Arrays.copyOf(GOOD_ZIP, GOOD_ZIP.length / 2);
        fails(
                InvalidParameterValueException.class,
                400,
                "Could not unzip",
                () -> lambda.createFunction(Functions.request("bad-zip", "python3.11", "app.handler", corrupt)
                        .build()));
        fails(
                InvalidParameterValueException.class,
                400,
                "Could not unzip",
                () -> lambda.createFunction(
                        Functions.request("bad-zip", "python3.11", "app.handler", "not a zip at all".getBytes())
                                .build()));
    }

    @Test
    void zipWithoutTheHandlersFile() {
        byte[] zip = Zips.of("other.py", "def handler(e, c):\n    return 1\n").bytes();
        fails(
                InvalidParameterValueException.class,
                400,
                "app.py",
                () -> lambda.createFunction(Functions.request("bad-handler-file", "python3.11", "app.handler", zip)
                        .build()));
        fails(
                InvalidParameterValueException.class,
                400,
                "index.js",
                () -> lambda.createFunction(Functions.request("bad-handler-file", "nodejs20.x", "index.handler", zip)
                        .build()));
        fails(
                InvalidParameterValueException.class,
                400,
                "bootstrap",
                () -> lambda.createFunction(Functions.request("bad-handler-file", "provided.al2023", "x", zip)
                        .build()));
    }

    @Test
    void nameOfSixtyFiveCharacters() {
        String name = "f".repeat(65);
        fails(
                InvalidParameterValueException.class,
                400,
                "functionName",
                () -> lambda.createFunction(Functions.request(name, "python3.11", "app.handler", GOOD_ZIP)
                        .build()));
        fails(
                ResourceNotFoundException.class,
                404,
                "Function not found",
                () -> lambda.getFunction(r -> r.functionName(name)));
    }

    @Test
    void duplicateName() {
        fails(
                ResourceConflictException.class,
                409,
                "bad-existing",
                () -> lambda.createFunction(Functions.request("bad-existing", "python3.11", "app.handler", GOOD_ZIP)
                        .build()));
    }

    @Test
    void limitsOnSettings() {
        fails(
                InvalidParameterValueException.class,
                400,
                "memorySize",
                () -> lambda.createFunction(Functions.request("bad-memory", "python3.11", "app.handler", GOOD_ZIP)
                        .memorySize(64)
                        .build()));
        fails(
                InvalidParameterValueException.class,
                400,
                "timeout",
                () -> lambda.createFunction(Functions.request("bad-timeout", "python3.11", "app.handler", GOOD_ZIP)
                        .timeout(901)
                        .build()));
        fails(
                InvalidParameterValueException.class,
                400,
                "reserved keys",
                () -> lambda.createFunction(Functions.request("bad-env", "python3.11", "app.handler", GOOD_ZIP)
                        .environment(e -> e.variables(Map.of("AWS_REGION", "x")))
                        .build()));
        fails(
                InvalidParameterValueException.class,
                400,
                "4KB",
                () -> lambda.createFunction(Functions.request("bad-env", "python3.11", "app.handler", GOOD_ZIP)
                        .environment(e -> e.variables(Map.of("BIG", "v".repeat(4100))))
                        .build()));
        // a model constraint: AWS answers ValidationException, which the SDK has no class for
        fails(
                LambdaException.class,
                400,
                "at 'role' failed to satisfy constraint",
                () -> lambda.createFunction(Functions.request("bad-role", "python3.11", "app.handler", GOOD_ZIP)
                        .role("not-a-role")
                        .build()));
        fails(
                InvalidParameterValueException.class,
                400,
                "memorySize",
                () -> lambda.updateFunctionConfiguration(
                        r -> r.functionName("bad-existing").memorySize(20000)));
    }

    @Test
    void invokePayloadOfSevenMegabytes() {
        byte[] payload = new byte[7 * 1024 * 1024];
        Arrays.fill(payload, (byte) ' ');
        payload[0] = '{';
        payload[payload.length - 1] = '}';
        fails(
                RequestTooLargeException.class,
                413,
                "6291456 bytes",
                () -> lambda.invoke(r -> r.functionName("bad-existing").payload(SdkBytes.fromByteArray(payload))));
    }

    @Test
    void invokePayloadThatIsNotJson() {
        fails(
                InvalidRequestContentException.class,
                400,
                "Could not parse request body into json",
                () -> lambda.invoke(r -> r.functionName("bad-existing").payload(SdkBytes.fromUtf8String("{not json"))));
    }

    @Test
    void invokeOfAMissingFunction() {
        fails(
                ResourceNotFoundException.class,
                404,
                "bad-missing",
                () -> lambda.invoke(r -> r.functionName("bad-missing")));
    }

    @Test
    void unknownQueryParameterValues() throws Exception {
        for (String query : List.of("MaxItems=0", "MaxItems=abc", "FunctionVersion=BOGUS")) {
            HttpResponse<String> r = node.http().send("GET", "/2015-03-31/functions/?" + query, Map.of(), "");
            assertEquals(400, r.statusCode(), query);
            assertEquals(
                    query.startsWith("FunctionVersion") ? "ValidationException" : "InvalidParameterValueException",
                    r.headers().firstValue("x-amzn-ErrorType").orElseThrow());
        }
        HttpResponse<String> r = node.http()
                .send(
                        "POST",
                        "/2015-03-31/functions/bad-existing/invocations",
                        Map.of("X-Amz-Invocation-Type", "Sometimes"),
                        "{}");
        assertEquals(400, r.statusCode());
        assertFalse(r.body().isEmpty());
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        return node.http().send("POST", path, Map.of("Content-Type", "application/json"), body);
    }

    @Test
    void packagesOverLambdasSizeLimits() throws Exception {
        byte[] noise = new byte[51 * 1024 * 1024];
        new java.util.Random(7).nextBytes(noise);
        java.io.ByteArrayOutputStream big = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(big)) {
            z.setLevel(java.util.zip.Deflater.NO_COMPRESSION);
            z.putNextEntry(new java.util.zip.ZipEntry("app.py"));
            z.write("def handler(e, c):\n    return 1\n#".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            z.putNextEntry(new java.util.zip.ZipEntry("noise.bin"));
            z.write(noise);
        }
        fails(
                RequestTooLargeException.class,
                413,
                "smaller than",
                () -> lambda.createFunction(
                        Functions.request("bad-zipped", "python3.11", "app.handler", big.toByteArray())
                                .build()));

        java.io.ByteArrayOutputStream bomb = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(bomb)) {
            z.putNextEntry(new java.util.zip.ZipEntry("app.py"));
            z.write("def handler(e, c):\n    return 1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            z.putNextEntry(new java.util.zip.ZipEntry("zeros.bin"));
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 251; i++) {
                z.write(zeros);
            }
        }
        fails(
                InvalidParameterValueException.class,
                400,
                "Unzipped size must be smaller than 262144000 bytes",
                () -> lambda.createFunction(
                        Functions.request("bad-unzipped", "python3.11", "app.handler", bomb.toByteArray())
                                .build()));
    }
}

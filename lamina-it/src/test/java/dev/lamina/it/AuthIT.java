package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.edge.auth.SigV4;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.LambdaException;

/**
 * Every AWS API request must be signed with the node's key (SigV4, header or presigned form), and
 * anything else gets a 403 in AWS's shape, which the SDK and the CLI report by its error code.
 */
class AuthIT extends NodeTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    static LambdaClient lambdaWith(String endpoint, String accessKeyId, String secret) {
        return LambdaClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1)))
                .build();
    }

    /** The call fails with a 403 of {@code code} that the SDK read from AWS's error shape. */
    static AwsServiceException forbidden(String code, Executable call) {
        AwsServiceException e = assertThrows(AwsServiceException.class, call);
        assertEquals(403, e.statusCode());
        assertEquals(code, e.awsErrorDetails().errorCode());
        assertEquals(
                code,
                e.awsErrorDetails()
                        .sdkHttpResponse()
                        .firstMatchingHeader("x-amzn-ErrorType")
                        .orElseThrow());
        return e;
    }

    @Test
    void sdkWithAWrongSecretGetsInvalidSignatureException() {
        try (LambdaClient wrong = lambdaWith(node.endpoint(), TestNode.ACCESS_KEY, "not-the-secret")) {
            AwsServiceException e = forbidden("InvalidSignatureException", wrong::listFunctions);
            assertTrue(e instanceof LambdaException);
            assertTrue(
                    e.awsErrorDetails()
                            .errorMessage()
                            .startsWith("The request signature we calculated does not match the signature you"
                                    + " provided."),
                    e.awsErrorDetails().errorMessage());
        }
        try (CloudWatchLogsClient logs = CloudWatchLogsClient.builder()
                .endpointOverride(URI.create(node.endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(TestNode.ACCESS_KEY, "not-the-secret")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1)))
                .build()) {
            forbidden("InvalidSignatureException", () -> logs.describeLogStreams(r -> r.logGroupName("/aws/lambda/x")));
        }
    }

    @Test
    void sdkWithAnUnknownKeyGetsUnrecognizedClientException() {
        try (LambdaClient unknown = lambdaWith(node.endpoint(), "AKIDNOBODY", TestNode.SECRET_KEY)) {
            AwsServiceException e = forbidden(
                    "UnrecognizedClientException", () -> unknown.getFunction(r -> r.functionName("auth-any")));
            assertEquals(
                    "The security token included in the request is invalid.",
                    e.awsErrorDetails().errorMessage());
        }
    }

    @Test
    void aTamperedBodyIsRefusedAndCreatesNothing() throws Exception {
        String signedBody = createBody("auth-signed");
        String sentBody = createBody("auth-tampered");
        HttpResponse<String> r = HTTP.send(
                node.http()
                        .signed(
                                "POST",
                                "/2015-03-31/functions",
                                Map.of("Content-Type", "application/json"),
                                signedBody.getBytes(StandardCharsets.UTF_8),
                                "lambda",
                                Instant.now())
                        .POST(HttpRequest.BodyPublishers.ofString(sentBody))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertAwsError(r, 403, "InvalidSignatureException", "The request signature we calculated does not match");
        List<String> names = lambda.listFunctions().functions().stream()
                .map(f -> f.functionName())
                .toList();
        assertTrue(!names.contains("auth-signed") && !names.contains("auth-tampered"), names.toString());
    }

    static String createBody(String name) throws Exception {
        return JSON.writeValueAsString(Map.of(
                "FunctionName",
                name,
                "Runtime",
                "python3.11",
                "Handler",
                "app.handler",
                "Role",
                Functions.ROLE,
                "Code",
                Map.of("ZipFile", java.util.Base64.getEncoder().encodeToString(Functions.python("x = 1\n")))));
    }

    @Test
    void aSignatureTwentyMinutesOffIsRefused() throws Exception {
        for (Duration off : List.of(Duration.ofMinutes(-20), Duration.ofMinutes(20))) {
            HttpResponse<String> r = HTTP.send(
                    node.http()
                            .signed(
                                    "GET",
                                    "/2015-03-31/functions/",
                                    Map.of(),
                                    new byte[0],
                                    "lambda",
                                    Instant.now().plus(off))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertAwsError(
                    r,
                    403,
                    "InvalidSignatureException",
                    off.isNegative() ? "Signature expired: " : "Signature not yet current: ");
        }
    }

    @Test
    void unsignedRequestsAreRefusedButHealthIsOpen() throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(node.endpoint() + "/2015-03-31/functions/"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertAwsError(r, 403, "MissingAuthenticationTokenException", "Missing Authentication Token");
        HttpResponse<String> health = HTTP.send(
                HttpRequest.newBuilder(URI.create(node.endpoint() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
    }

    @Test
    void presignedUrlsWorkUntilTamperedWith() throws Exception {
        byte[] zip = Functions.python("def handler(e, c):\n    return 'presigned'\n");
        Functions.create(lambda, "auth-presigned", "python3.11", "app.handler", zip);

        String location =
                lambda.getFunction(r -> r.functionName("auth-presigned")).code().location();
        assertTrue(location.contains("X-Amz-Signature="), location);
        HttpResponse<byte[]> download = HTTP.send(
                HttpRequest.newBuilder(URI.create(location)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, download.statusCode());
        assertArrayEquals(zip, download.body());
        String otherSignature = location.substring(0, location.length() - 1) + (location.endsWith("0") ? "1" : "0");
        for (String tampered : List.of(
                otherSignature,
                location.replace("X-Amz-Expires=600", "X-Amz-Expires=6000"),
                location.split("\\?")[0])) {
            HttpResponse<String> refused = HTTP.send(
                    HttpRequest.newBuilder(URI.create(tampered)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, refused.statusCode(), tampered);
        }

        // any GET of the API may be presigned, as botocore's generate_presigned_url does
        URI presigned = SigV4.presign(
                "GET",
                URI.create(node.endpoint() + "/2015-03-31/functions/auth-presigned/configuration"),
                new SigV4.Credentials(TestNode.ACCESS_KEY, TestNode.SECRET_KEY),
                "us-east-1",
                "lambda",
                Instant.now(),
                Duration.ofMinutes(5));
        HttpResponse<String> config =
                HTTP.send(HttpRequest.newBuilder(presigned).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, config.statusCode(), config.body());
        assertEquals(
                "auth-presigned",
                JSON.readTree(config.body()).get("FunctionName").asText());
        URI otherFunction = URI.create(presigned.toString().replace("auth-presigned", "auth-other"));
        assertAwsError(
                HTTP.send(HttpRequest.newBuilder(otherFunction).build(), HttpResponse.BodyHandlers.ofString()),
                403,
                "InvalidSignatureException",
                "The request signature we calculated does not match");
    }

    @Test
    void theAwsCliWithTheRightKeyWorksAndWithAWrongOneFails() throws Exception {
        assumeTrue(AwsCli.available(), "the AWS CLI v2 (/usr/bin/aws, Debian package awscli) is not installed");
        Path home = Files.createDirectories(node.dataDir().resolve("auth-cli"));
        AwsCli.Result ok = new AwsCli(node.endpoint(), home).run("lambda", "list-functions");
        assertEquals(0, ok.exitCode(), ok.stderr());
        assertTrue(JSON.readTree(ok.stdout()).has("Functions"), ok.stdout());
        AwsCli.Result logsOk = new AwsCli(node.endpoint(), home)
                .run("logs", "describe-log-streams", "--log-group-name", "/aws/lambda/auth-none");
        assertTrue(logsOk.stderr().contains("ResourceNotFoundException"), logsOk.stderr());

        AwsCli.Result wrongSecret =
                new AwsCli(node.endpoint(), home, TestNode.ACCESS_KEY, "wrong").run("lambda", "list-functions");
        assertEquals(254, wrongSecret.exitCode());
        assertTrue(wrongSecret.stderr().contains("(InvalidSignatureException)"), wrongSecret.stderr());
        AwsCli.Result unknownKey = new AwsCli(node.endpoint(), home, "AKIDNOBODY", "x")
                .run(
                        "lambda",
                        "invoke",
                        "--function-name",
                        "auth-any",
                        home.resolve("out.json").toString());
        assertEquals(254, unknownKey.exitCode());
        assertTrue(unknownKey.stderr().contains("(UnrecognizedClientException)"), unknownKey.stderr());
        assertTrue(
                unknownKey.stderr().contains("The security token included in the request is invalid."),
                unknownKey.stderr());
        AwsCli.Result logsWrong = new AwsCli(node.endpoint(), home, TestNode.ACCESS_KEY, "wrong")
                .run("logs", "describe-log-streams", "--log-group-name", "/aws/lambda/auth-none");
        assertTrue(logsWrong.stderr().contains("(InvalidSignatureException)"), logsWrong.stderr());
    }

    @Test
    void withoutAuthUnsignedRequestsAreServed() throws Exception {
        try (TestNode open = TestNode.start(c -> c.withAuth(new dev.lamina.node.NodeConfig.Auth(false, null)))) {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create(open.endpoint() + "/2015-03-31/functions/"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(JSON.readTree(r.body()).has("Functions"));
            try (LambdaClient any = lambdaWith(open.endpoint(), "whatever", "whatever")) {
                byte[] zip = Functions.python("def handler(e, c):\n    return 1\n");
                Functions.create(any, "auth-open", "python3.11", "app.handler", zip);
                String location =
                        any.getFunction(f -> f.functionName("auth-open")).code().location();
                assertTrue(!location.contains("X-Amz-"), location);
                assertArrayEquals(
                        zip,
                        HTTP.send(
                                        HttpRequest.newBuilder(URI.create(location))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofByteArray())
                                .body());
            }
            assertTrue(!Files.exists(open.dataDir().resolve("credentials")), "no key is generated without auth");
        }
    }

    @Test
    void aNewNodeGeneratesItsKeyShowsItOnceAndTheCommandLineFindsIt() throws Exception {
        Path data = Files.createTempDirectory("lamina-auth-");
        try {
            List<String> first = startServer(data, server -> {
                Path file = data.resolve("credentials");
                assertEquals(
                        "rw-------",
                        java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
                return lambdaWithKeyFromTheCommandLine(data, server);
            });
            String output = String.join("\n", first);
            String id = valueOf(first, "export AWS_ACCESS_KEY_ID=");
            String secret = valueOf(first, "export AWS_SECRET_ACCESS_KEY=");
            assertTrue(Files.readString(data.resolve("credentials")).contains(secret), output);

            List<String> second = startServer(data, server -> {
                if (AwsCli.available()) {
                    Path home = Files.createDirectories(data.resolve("cli"));
                    AwsCli.Result r = new AwsCli(server, home, id, secret).run("lambda", "list-functions");
                    assertEquals(0, r.exitCode(), r.stderr());
                }
                return lambdaWithKeyFromTheCommandLine(data, server);
            });
            String again = String.join("\n", second);
            assertTrue(!again.contains(secret), "the secret is shown only at first start: " + again);
            assertTrue(again.contains("Requests must be signed with the access key in"), again);
        } finally {
            TestNode.deleteTree(data);
        }
    }

    interface WithServer {
        String run(String endpoint) throws Exception;
    }

    /** Starts `lamina server` on {@code data} without any key in its environment; returns its banner. */
    static List<String> startServer(Path data, WithServer use) throws Exception {
        ProcessBuilder pb = CliIT.laminaProcess("server", "--port", "0", "--data-dir", data.toString());
        withoutKeys(pb);
        Process server = pb.redirectErrorStream(true).start();
        try {
            List<String> banner = new java.util.ArrayList<>();
            var out = new java.io.BufferedReader(
                    new java.io.InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String endpoint = null;
            for (String line; (line = out.readLine()) != null; ) {
                banner.add(line);
                var m = java.util.regex.Pattern.compile("ready at (http://\\S+)")
                        .matcher(line);
                if (m.find()) {
                    endpoint = m.group(1);
                }
                if (line.startsWith("Point the AWS CLI at it")) {
                    break;
                }
            }
            assertTrue(endpoint != null, "the node did not start: " + banner);
            assertEquals("Function not found", use.run(endpoint), banner.toString());
            return banner;
        } finally {
            server.destroy();
            if (!server.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
        }
    }

    /** What `lamina invoke` says about a missing function when it signs with the data directory's key. */
    static String lambdaWithKeyFromTheCommandLine(Path data, String endpoint) throws Exception {
        ProcessBuilder pb =
                CliIT.laminaProcess("invoke", "auth-missing", "--endpoint", endpoint, "--data-dir", data.toString());
        withoutKeys(pb);
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), out);
        return JSON.readTree(out).get("Message").asText().startsWith("Function not found") ? "Function not found" : out;
    }

    /** No key in the environment, and no AWS credentials or config file that the user's home may hold. */
    static void withoutKeys(ProcessBuilder pb) {
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("LAMINA_"));
        pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/lamina-test/credentials");
        pb.environment().put("AWS_CONFIG_FILE", "/nonexistent/lamina-test/config");
    }

    static String valueOf(List<String> lines, String prefix) {
        return lines.stream()
                .map(String::strip)
                .filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(prefix.length()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no '" + prefix + "' in " + lines));
    }

    static void assertAwsError(HttpResponse<String> r, int status, String type, String messageStart) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(type, r.headers().firstValue("x-amzn-ErrorType").orElseThrow());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
        JsonNode body = JSON.readTree(r.body());
        assertTrue(body.get("message").asText().startsWith(messageStart), r.body());
    }
}

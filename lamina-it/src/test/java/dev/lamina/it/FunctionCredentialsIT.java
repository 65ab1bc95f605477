package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.LogType;

/**
 * A function calls the node's AWS APIs as a Lambda function calls AWS: with the SDK its runtime
 * ships and no endpoint or key of its own. Its environment holds its role's temporary credentials
 * ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}) and {@code
 * AWS_ENDPOINT_URL}; the node accepts those credentials, with their token, only while the environment
 * lives.
 */
class FunctionCredentialsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Lists the node's functions through boto3 and tells which credentials it used. */
    private static final String SOURCE = """
            import os, boto3, botocore
            def handler(event, context):
                names = [f['FunctionName'] for f in boto3.client('lambda').list_functions()['Functions']]
                return {'names': names, 'botocore': botocore.__version__,
                        'key': os.environ['AWS_ACCESS_KEY_ID'], 'secret': os.environ['AWS_SECRET_ACCESS_KEY'],
                        'token': os.environ['AWS_SESSION_TOKEN']}
            """;
    /** The same in Node.js, with the SDK for JavaScript v3 its runtime ships. */
    private static final String NODE_SOURCE = """
            const { LambdaClient, ListFunctionsCommand } = require('@aws-sdk/client-lambda');
            const sdk = require('@aws-sdk/client-lambda/package.json').version;
            exports.handler = async () => {
              const out = await new LambdaClient({}).send(new ListFunctionsCommand({}));
              return { names: out.Functions.map(f => f.FunctionName), sdk,
                       key: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY,
                       token: process.env.AWS_SESSION_TOKEN };
            };
            """;

    /** Where this machine kind's pyenv Python keeps a boto3 new enough to read AWS_ENDPOINT_URL itself. */
    private static final Path NEWER_SDK = Path.of("/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages");

    static TestNode node;
    static LambdaClient lambda;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
            node = null;
        }
    }

    /**
     * Debian's python3-boto3 (1.26, botocore 1.29, which .ci/run installs) predates AWS_ENDPOINT_URL:
     * the runtime bridges it.
     */
    @Test
    void theRuntimesOwnOlderBoto3ReachesTheNodeThroughTheBridge() throws Exception {
        node = TestNode.start();
        lambda = node.lambda();
        JsonNode out = callsTheNode("old-boto3", List.of());
        assertTrue(
                Runtime.Version.parse(out.get("botocore").asText()).compareTo(Runtime.Version.parse("1.31.57")) < 0,
                "expected Debian's older botocore on /usr/bin/python3.11: " + out);
    }

    /** A function that brings a newer boto3 in a layer, as users do on Lambda, gets no bridge and needs none. */
    @Test
    void aNewerBoto3InALayerReadsTheEndpointItself() throws Exception {
        assumeTrue(
                Files.isDirectory(NEWER_SDK.resolve("botocore")),
                "this host has no boto3 under " + NEWER_SDK + " (this machine kind ships boto3 1.43 there)");
        node = TestNode.start();
        lambda = node.lambda();
        SdkBytes sdk = SdkBytes.fromByteArray(sdkLayer());
        var layer = lambda.publishLayerVersion(r -> r.layerName("boto3").content(c -> c.zipFile(sdk)));
        JsonNode out = callsTheNode("new-boto3", List.of(layer.layerVersionArn()));
        assertTrue(
                Runtime.Version.parse(out.get("botocore").asText()).compareTo(Runtime.Version.parse("1.31.57")) >= 0,
                out.toString());
    }

    @Test
    void aNodeHandlerUsesTheSdkItsRuntimeShips() throws Exception {
        node = TestNode.start();
        lambda = node.lambda();
        JsonNode out = callsTheNode("node-sdk", "nodejs20.x", "index.handler", Functions.node(NODE_SOURCE), List.of());
        assertTrue(out.get("sdk").asText().startsWith("3."), out.toString());
    }

    /** boto3 and what it needs, from {@link #NEWER_SDK}, under {@code python/} as a layer keeps them. */
    private static byte[] sdkLayer() throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(bytes)) {
            for (String pkg : List.of("boto3", "botocore", "s3transfer", "jmespath", "dateutil")) {
                try (Stream<Path> files = Files.walk(NEWER_SDK.resolve(pkg))) {
                    for (Path file : files.filter(Files::isRegularFile)
                            .filter(f -> !f.toString().endsWith(".pyc"))
                            .toList()) {
                        zip.putNextEntry(new ZipEntry("python/" + NEWER_SDK.relativize(file)));
                        Files.copy(file, zip);
                        zip.closeEntry();
                    }
                }
            }
        }
        return bytes.toByteArray();
    }

    private static JsonNode invoke(String name) throws Exception {
        var response =
                lambda.invoke(r -> r.functionName(name).logType(LogType.TAIL).payload(SdkBytes.fromUtf8String("{}")));
        JsonNode out = JSON.readTree(response.payload().asUtf8String());
        assertNull(
                response.functionError(),
                out + "\n" + new String(Base64.getDecoder().decode(response.logResult()), StandardCharsets.UTF_8));
        return out;
    }

    private static LambdaClient clientWith(AwsCredentials credentials) {
        return LambdaClient.builder()
                .endpointOverride(URI.create(node.endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
                .build();
    }

    /**
     * Creates {@code fn}, whose handler lists the node's functions through boto3, and checks the
     * credentials it used: its own, live only with their token and only while its environment is.
     */
    private static JsonNode callsTheNode(String fn, List<String> layers) throws Exception {
        return callsTheNode(fn, "python3.11", "app.handler", Functions.python(SOURCE), layers);
    }

    private static JsonNode callsTheNode(String fn, String runtime, String handler, byte[] zip, List<String> layers)
            throws Exception {
        Functions.create(
                lambda,
                Functions.request(fn, runtime, handler, zip)
                        .timeout(30)
                        .layers(layers)
                        .build());
        JsonNode out = invoke(fn);
        assertTrue(out.get("names").toString().contains("\"" + fn + "\""), out.toString());
        String key = out.get("key").asText();
        assertTrue(key.matches("ASIA[A-Z2-7]{16}"), key);
        assertNotEquals(TestNode.ACCESS_KEY, key);

        var session = AwsSessionCredentials.create(
                key, out.get("secret").asText(), out.get("token").asText());
        try (LambdaClient asFunction = clientWith(session);
                LambdaClient withoutToken = clientWith(
                        AwsBasicCredentials.create(key, out.get("secret").asText()))) {
            assertTrue(asFunction.listFunctions().functions().stream()
                    .anyMatch(f -> f.functionName().equals(fn)));
            LambdaException noToken = assertThrows(LambdaException.class, withoutToken::listFunctions);
            assertEquals(403, noToken.statusCode());
            assertEquals(
                    "UnrecognizedClientException", noToken.awsErrorDetails().errorCode());

            assertEquals(key, invoke(fn).get("key").asText(), "a warm environment keeps its credentials");
            lambda.deleteFunction(r -> r.functionName(fn));
            AsyncLogs.awaitTrue(
                    () -> refused(asFunction),
                    Duration.ofSeconds(30),
                    "the credentials still count after the function's environment ended");
        }
        return out;
    }

    private static boolean refused(LambdaClient client) {
        try {
            client.listFunctions();
            return false;
        } catch (LambdaException e) {
            assertEquals("UnrecognizedClientException", e.awsErrorDetails().errorCode(), e.toString());
            return true;
        }
    }
}

package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.edge.auth.SigV4;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Signatures as strict as AWS's: the credential scope must name the node's region and the service
 * the request reached, a Lambda or Logs body is always signed ({@code UNSIGNED-PAYLOAD} is S3's
 * alone), and {@code lamina invoke}/{@code logs} find their key through AWS's credential chain.
 */
class SignatureScopeIT extends NodeTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();
    static final String REGION_MESSAGE = "Credential should be scoped to a valid region. ";

    @BeforeAll
    static void createFunction() {
        Functions.create(
                lambda,
                "scope-echo",
                "python3.11",
                "app.handler",
                Functions.python(
                        "def handler(event, context):\n    print('scope-echo ran')\n    return {'got': event}\n"));
    }

    /**
     * A request signed by the SDK's own signer with payload signing off, which puts
     * {@code x-amz-content-sha256: UNSIGNED-PAYLOAD} in the request and the literal in its signature.
     * It is signed for an https address (the SDK signs the payload regardless over plain http) and
     * sent to the node's http port: the scheme is not part of what is signed.
     */
    static HttpRequest unsignedPayload(
            String method, String path, Map<String, String> headers, String body, String service) {
        URI http = URI.create(node.endpoint() + path);
        SdkHttpFullRequest.Builder unsigned = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.fromValue(method))
                .uri(URI.create(http.toString().replaceFirst("^http:", "https:")));
        headers.forEach(unsigned::putHeader);
        SignedRequest signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(AwsCredentialsIdentity.create(TestNode.ACCESS_KEY, TestNode.SECRET_KEY))
                        .request(unsigned.build())
                        .payload(ContentStreamProvider.fromUtf8String(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false));
        assertEquals(
                "UNSIGNED-PAYLOAD",
                signed.request().firstMatchingHeader("x-amz-content-sha256").orElseThrow(),
                "the SDK did not sign the payload literal");
        HttpRequest.Builder request =
                HttpRequest.newBuilder(http).method(method, HttpRequest.BodyPublishers.ofString(body));
        signed.request().headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                values.forEach(v -> request.header(name, v));
            }
        });
        return request.build();
    }

    @Test
    void anUnsignedPayloadIsRefusedOnLambdaAndLogsAndCreatesNothing() throws Exception {
        HttpResponse<String> create = HTTP.send(
                unsignedPayload(
                        "POST",
                        "/2015-03-31/functions",
                        Map.of("Content-Type", "application/json"),
                        AuthIT.createBody("scope-unsigned"),
                        "lambda"),
                HttpResponse.BodyHandlers.ofString());
        AuthIT.assertAwsError(
                create, 403, "InvalidSignatureException", "The request signature we calculated does not match");
        assertFalse(create.body().contains("UNSIGNED-PAYLOAD\\n'"), "the node signs the body's hash: " + create.body());
        assertTrue(lambda.listFunctions().functions().stream()
                .noneMatch(f -> f.functionName().equals("scope-unsigned")));

        HttpResponse<String> invoke = HTTP.send(
                unsignedPayload(
                        "POST",
                        "/2015-03-31/functions/scope-echo/invocations",
                        Map.of("Content-Type", "application/json"),
                        "{\"forged\":true}",
                        "lambda"),
                HttpResponse.BodyHandlers.ofString());
        AuthIT.assertAwsError(
                invoke, 403, "InvalidSignatureException", "The request signature we calculated does not match");

        HttpResponse<String> filter = HTTP.send(
                unsignedPayload(
                        "POST",
                        "/",
                        Map.of(
                                "Content-Type",
                                "application/x-amz-json-1.1",
                                "X-Amz-Target",
                                "Logs_20140328.FilterLogEvents"),
                        "{\"logGroupName\":\"/aws/lambda/scope-echo\"}",
                        "logs"),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, filter.statusCode(), filter.body());
        assertEquals(
                "InvalidSignatureException",
                JSON.readTree(filter.body()).get("__type").asText());
    }

    @Test
    void aScopeForAnotherRegionOrServiceIsRefusedInAwsWords() throws Exception {
        try (LambdaClient elsewhere = LambdaClient.builder()
                .endpointOverride(URI.create(node.endpoint()))
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(TestNode.ACCESS_KEY, TestNode.SECRET_KEY)))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1)))
                .build()) {
            AwsServiceException e = AuthIT.forbidden("InvalidSignatureException", elsewhere::listFunctions);
            assertEquals(REGION_MESSAGE, e.awsErrorDetails().errorMessage());
        }

        // ec2 is no service of this node: the request reaches Lambda by its path, which then names its own
        for (var scope : Map.of(
                        "eu-west-1/lambda",
                        REGION_MESSAGE,
                        "us-east-1/ec2",
                        "Credential should be scoped to correct service: 'lambda'. ",
                        "eu-west-1/ec2",
                        REGION_MESSAGE + "Credential should be scoped to correct service: 'lambda'. ")
                .entrySet()) {
            String[] parts = scope.getKey().split("/");
            URI uri = URI.create(node.endpoint() + "/2015-03-31/functions/scope-echo/invocations");
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body));
            SigV4.sign(
                            "POST",
                            uri,
                            Map.of(),
                            body,
                            new SigV4.Credentials(TestNode.ACCESS_KEY, TestNode.SECRET_KEY),
                            parts[0],
                            parts[1],
                            Instant.now())
                    .forEach(request::header);
            HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            AuthIT.assertAwsError(r, 403, "InvalidSignatureException", scope.getValue());
            assertEquals(
                    scope.getValue(), JSON.readTree(r.body()).get("message").asText(), scope.getKey());
        }

        assumeTrue(AwsCli.available(), "the AWS CLI v2 (/usr/bin/aws, Debian package awscli) is not installed");
        Path home = Files.createDirectories(node.dataDir().resolve("scope-cli"));
        AwsCli.Result cli = new AwsCli(node.endpoint(), home).run("--region", "eu-west-1", "lambda", "list-functions");
        assertEquals(254, cli.exitCode(), cli.stderr());
        assertTrue(cli.stderr().contains("(InvalidSignatureException)"), cli.stderr());
        assertTrue(cli.stderr().contains("Credential should be scoped to a valid region."), cli.stderr());
    }

    @Test
    void laminaInvokeAndLogsSignWithAProfileFromASharedCredentialsFile() throws Exception {
        Path dir = Files.createDirectories(node.dataDir().resolve("scope-profile"));
        Path credentials = dir.resolve("credentials");
        Files.writeString(
                credentials,
                "[default]\naws_access_key_id = AKIDSOMEONEELSE\naws_secret_access_key = other\n\n[lamina]\n"
                        + "aws_access_key_id = " + TestNode.ACCESS_KEY + "\naws_secret_access_key = "
                        + TestNode.SECRET_KEY + "\n");
        Path emptyDataDir = Files.createDirectories(dir.resolve("no-node"));

        Map<String, String> profile =
                Map.of("AWS_SHARED_CREDENTIALS_FILE", credentials.toString(), "AWS_PROFILE", "lamina");
        CliIT.Result invoked = onScopeEcho(profile, emptyDataDir, "invoke", "--payload", "{\"via\":\"profile\"}");
        assertEquals(0, invoked.exit(), invoked.err());
        assertEquals(
                "profile", JSON.readTree(invoked.out()).get("got").get("via").asText());

        CliIT.Result logs = onScopeEcho(profile, emptyDataDir, "logs");
        assertEquals(0, logs.exit(), logs.err());
        assertTrue(logs.out().contains("scope-echo ran"), logs.out());

        CliIT.Result defaultProfile =
                onScopeEcho(Map.of("AWS_SHARED_CREDENTIALS_FILE", credentials.toString()), emptyDataDir, "invoke");
        assertEquals(1, defaultProfile.exit());
        assertTrue(defaultProfile.out().contains("UnrecognizedClientException"), defaultProfile.out());

        CliIT.Result missingProfile = onScopeEcho(
                Map.of("AWS_SHARED_CREDENTIALS_FILE", credentials.toString(), "AWS_PROFILE", "nobody"),
                emptyDataDir,
                "invoke");
        assertEquals(2, missingProfile.exit(), missingProfile.err());
        assertTrue(missingProfile.err().contains("\"nobody\""), missingProfile.err());

        CliIT.Result nothing = onScopeEcho(Map.of(), emptyDataDir, "invoke");
        assertEquals(1, nothing.exit());
        assertTrue(nothing.out().contains("MissingAuthenticationTokenException"), nothing.out());
        assertTrue(
                nothing.err().contains("no credentials were found")
                        && nothing.err().contains("AWS_ACCESS_KEY_ID")
                        && nothing.err().contains("AWS_PROFILE"),
                nothing.err());
    }

    /** `lamina COMMAND scope-echo OPTIONS` against the test's node, with {@code env} and {@code dataDir}. */
    static CliIT.Result onScopeEcho(Map<String, String> env, Path dataDir, String command, String... options)
            throws Exception {
        List<String> args = new ArrayList<>(
                List.of(command, "scope-echo", "--endpoint", node.endpoint(), "--data-dir", dataDir.toString()));
        args.addAll(List.of(options));
        return run(env, args.toArray(String[]::new));
    }

    /** `lamina ARGS` as its own process with no key but {@code env}'s, and a home without AWS files. */
    static CliIT.Result run(Map<String, String> env, String... args) throws Exception {
        ProcessBuilder pb = CliIT.laminaProcess(args);
        AuthIT.withoutKeys(pb);
        Path home = Files.createTempDirectory(node.dataDir(), "home-");
        pb.environment().put("HOME", home.toString());
        pb.environment().putAll(env);
        Path out = home.resolve("out");
        Path err = home.resolve("err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "lamina " + String.join(" ", args) + " hung");
        return new CliIT.Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}

package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Packages from the node's S3: CreateFunction, UpdateFunctionCode and PublishLayerVersion take
 * {@code S3Bucket}/{@code S3Key} (and {@code S3ObjectVersion}) as on Lambda, through the SDK and the CLI.
 */
class CodeFromS3IT {
    private static final ObjectMapper JSON = new ObjectMapper();

    static TestNode node;
    static LambdaClient lambda;
    static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        lambda = node.lambda();
        s3 = S3Clients.pathStyle(node);
        s3.createBucket(r -> r.bucket("code"));
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private static byte[] says(String word) {
        return Functions.python("def handler(e, c):\n    return '" + word + "'\n");
    }

    private static String invoke(String fn) {
        return lambda.invoke(r -> r.functionName(fn)).payload().asUtf8String();
    }

    @Test
    void aFunctionAndALayerComeFromObjects() throws Exception {
        s3.putObject(r -> r.bucket("code").key("fn/v1.zip"), RequestBody.fromBytes(says("one")));
        Functions.create(
                lambda,
                Functions.request("from-s3", "python3.11", "app.handler", new byte[0])
                        .code(c -> c.s3Bucket("code").s3Key("fn/v1.zip"))
                        .timeout(30) // the test is about where code comes from (see the closing note of 2026-12-07)
                        .build());
        assertEquals("\"one\"", invoke("from-s3"));

        s3.putObject(r -> r.bucket("code").key("fn/v2.zip"), RequestBody.fromBytes(says("two")));
        lambda.updateFunctionCode(
                r -> r.functionName("from-s3").s3Bucket("code").s3Key("fn/v2.zip"));
        lambda.waiter().waitUntilFunctionUpdatedV2(r -> r.functionName("from-s3"));
        assertEquals("\"two\"", invoke("from-s3"));

        s3.putObject(
                r -> r.bucket("code").key("layer.zip"),
                RequestBody.fromBytes(
                        Zips.of("python/shared.py", "WORD = 'layered'\n").bytes()));
        var layer = lambda.publishLayerVersion(
                r -> r.layerName("shared").content(c -> c.s3Bucket("code").s3Key("layer.zip")));
        assertTrue(layer.content().codeSize() > 0);
        Functions.create(
                lambda,
                Functions.request(
                                "with-layer",
                                "python3.11",
                                "app.handler",
                                Functions.python("import shared\ndef handler(e, c):\n    return shared.WORD\n"))
                        .layers(layer.layerVersionArn())
                        .timeout(30)
                        .build());
        assertEquals("\"layered\"", invoke("with-layer"));
    }

    @Test
    void aMissingObjectIsLambdasGetObjectErrorAndMakesNothing() {
        var missing = assertThrows(
                InvalidParameterValueException.class,
                () -> lambda.createFunction(Functions.request("not-made", "python3.11", "app.handler", new byte[0])
                        .code(c -> c.s3Bucket("code").s3Key("absent.zip"))
                        .build()));
        assertEquals(
                "Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does"
                        + " not exist.",
                missing.awsErrorDetails().errorMessage());
        var noBucket = assertThrows(
                InvalidParameterValueException.class,
                () -> lambda.createFunction(Functions.request("not-made", "python3.11", "app.handler", new byte[0])
                        .code(c -> c.s3Bucket("no-such-bucket").s3Key("a.zip"))
                        .build()));
        assertTrue(noBucket.awsErrorDetails().errorMessage().contains("S3 Error Code: NoSuchBucket"));
        assertTrue(lambda.listFunctions().functions().stream()
                .noneMatch(f -> f.functionName().equals("not-made")));
    }

    @Test
    void theCliCreatesAFunctionFromAnObject() throws Exception {
        s3.putObject(r -> r.bucket("code").key("cli.zip"), RequestBody.fromBytes(says("cli")));
        Path home = Files.createTempDirectory("lamina-cli-");
        try {
            AwsCli.Result created = new AwsCli(node.endpoint(), home)
                    .run(
                            "lambda",
                            "create-function",
                            "--function-name",
                            "from-cli",
                            "--runtime",
                            "python3.11",
                            "--handler",
                            "app.handler",
                            "--role",
                            Functions.ROLE,
                            "--code",
                            "S3Bucket=code,S3Key=cli.zip");
            assertEquals(0, created.exitCode(), created.stderr());
            assertEquals(
                    "from-cli",
                    JSON.readTree(created.stdout()).get("FunctionName").asText());
            lambda.waiter().waitUntilFunctionActiveV2(r -> r.functionName("from-cli"));
            assertEquals("\"cli\"", invoke("from-cli"));
        } finally {
            TestNode.deleteTree(home);
        }
        assertEquals(
                SdkBytes.fromUtf8String("\"cli\""),
                lambda.invoke(r -> r.functionName("from-cli")).payload());
    }
}

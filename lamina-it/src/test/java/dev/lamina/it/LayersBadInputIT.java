package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * Bad layer requests get AWS's error type and message, and leave nothing half made: no layer
 * version, no used-up version number, no function, no changed function.
 */
class LayersBadInputIT {
    static final String ARN = "arn:aws:lambda:us-east-1:000000000000:layer:";
    static final byte[] LAYER = Zips.of("python/ok.py", "OK = 1\n").bytes();
    static final byte[] FUNCTION = Functions.python("def handler(e, c):\n    return 1\n");
    static TestNode node;
    static LambdaClient lambda;
    static String existing;
    static GetFunctionConfigurationResponse function;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        lambda = node.lambdaNoRetry();
        existing = publish("bad-existing").layerVersionArn();
        Functions.create(
                lambda,
                Functions.request("bad-fn", "python3.11", "app.handler", FUNCTION)
                        .layers(existing)
                        .build());
        function = lambda.getFunctionConfiguration(r -> r.functionName("bad-fn"));
    }

    @AfterAll
    static void stop() {
        lambda.close();
        node.close();
    }

    static software.amazon.awssdk.services.lambda.model.PublishLayerVersionResponse publish(String name) {
        return lambda.publishLayerVersion(
                r -> r.layerName(name).content(c -> c.zipFile(SdkBytes.fromByteArray(LAYER))));
    }

    @AfterEach
    void nothingHalfMade() {
        List<String> layers =
                lambda.listLayers().layers().stream().map(l -> l.layerName()).toList();
        assertEquals(List.of("bad-existing"), layers, "a failed request left a layer behind");
        assertEquals(
                List.of("bad-fn"),
                lambda.listFunctions().functions().stream()
                        .map(FunctionConfiguration::functionName)
                        .toList());
        GetFunctionConfigurationResponse now = lambda.getFunctionConfiguration(r -> r.functionName("bad-fn"));
        assertEquals(function.revisionId(), now.revisionId(), "a failed update changed the function");
        assertEquals(function.layers(), now.layers());
    }

    static <T extends LambdaException> T fails(Class<T> type, String code, String message, Executable call) {
        T e = assertThrows(type, call);
        assertEquals(400 + (type == ResourceNotFoundException.class ? 4 : 0), e.statusCode());
        assertEquals(code, e.awsErrorDetails().errorCode());
        assertTrue(
                e.awsErrorDetails().errorMessage().contains(message),
                "message '" + e.awsErrorDetails().errorMessage() + "' lacks '" + message + "'");
        return e;
    }

    @Test
    void publishRefusesBadContentAndTakesNoVersionNumber() {
        fails(
                InvalidParameterValueException.class,
                "InvalidParameterValueException",
                "Could not unzip uploaded file",
                () -> lambda.publishLayerVersion(
                        r -> r.layerName("bad-zip").content(c -> c.zipFile(SdkBytes.fromUtf8String("not a zip")))));
        fails(
                InvalidParameterValueException.class,
                "InvalidParameterValueException",
                "Unzipped size must be smaller than 262144000 bytes",
                () -> lambda.publishLayerVersion(r ->
                        r.layerName("bad-big").content(c -> c.zipFile(SdkBytes.fromByteArray(zeros(262_144_001))))));
        fails(
                InvalidParameterValueException.class,
                "InvalidParameterValueException",
                "Content.ZipFile",
                () -> lambda.publishLayerVersion(r -> r.layerName("bad-empty").content(c -> {})));
        assertEquals(1L, publish("bad-zip").version(), "the failed publish took no version number");
        lambda.deleteLayerVersion(r -> r.layerName("bad-zip").versionNumber(1L));
    }

    @Test
    void publishRefusesWhatBreaksTheModelsConstraints() {
        fails(
                LambdaException.class,
                "ValidationException",
                "2 validation errors detected: Value '[python3.11, cobol]' at 'compatibleRuntimes' failed to satisfy"
                        + " constraint: Member must satisfy enum value set: [nodejs20.x, python3.14,",
                () -> lambda.publishLayerVersion(r -> r.layerName("bad-enum")
                        .compatibleRuntimesWithStrings("python3.11", "cobol")
                        .compatibleArchitecturesWithStrings("riscv")
                        .content(c -> c.zipFile(SdkBytes.fromByteArray(LAYER)))));
        fails(
                LambdaException.class,
                "ValidationException",
                "at 'layerName' failed to satisfy constraint: Member must satisfy regular expression pattern",
                () -> lambda.publishLayerVersion(
                        r -> r.layerName("no spaces allowed").content(c -> c.zipFile(SdkBytes.fromByteArray(LAYER)))));
        fails(
                LambdaException.class,
                "ValidationException",
                "at 'description' failed to satisfy constraint: Member must have length less than or equal to 256",
                () -> lambda.publishLayerVersion(r -> r.layerName("bad-description")
                        .description("d".repeat(257))
                        .content(c -> c.zipFile(SdkBytes.fromByteArray(LAYER)))));
        fails(
                LambdaException.class,
                "ValidationException",
                "Member must have length less than or equal to 15",
                () -> lambda.publishLayerVersion(r -> r.layerName("bad-many")
                        .compatibleRuntimesWithStrings(Collections.nCopies(16, "python3.11"))
                        .content(c -> c.zipFile(SdkBytes.fromByteArray(LAYER)))));
    }

    @Test
    void readsOfWhatIsNotThere() throws Exception {
        fails(
                ResourceNotFoundException.class,
                "ResourceNotFoundException",
                "The resource you requested does not exist.",
                () -> lambda.getLayerVersion(r -> r.layerName("bad-existing").versionNumber(9L)));
        fails(
                ResourceNotFoundException.class,
                "ResourceNotFoundException",
                "The resource you requested does not exist.",
                () -> lambda.getLayerVersionByArn(r -> r.arn(ARN + "nothing:1")));
        fails(
                InvalidParameterValueException.class,
                "InvalidParameterValueException",
                "Layer Version Cannot be less than 1",
                () -> lambda.getLayerVersion(r -> r.layerName("bad-existing").versionNumber(0L)));
        fails(
                InvalidParameterValueException.class,
                "InvalidParameterValueException",
                "Layer Version Cannot be less than 1",
                () -> lambda.deleteLayerVersion(r -> r.layerName("bad-existing").versionNumber(-1L)));
        fails(
                LambdaException.class,
                "ValidationException",
                "at 'arn' failed to satisfy constraint: Member must satisfy regular expression pattern",
                () -> lambda.getLayerVersionByArn(r -> r.arn(ARN + "bad-existing")));
        fails(
                LambdaException.class,
                "ValidationException",
                "Value 'cobol' at 'compatibleRuntime' failed to satisfy constraint",
                () -> lambda.listLayers(r -> r.compatibleRuntime("cobol")));
        fails(
                LambdaException.class,
                "ValidationException",
                "Value '51' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 50",
                () -> lambda.listLayerVersions(r -> r.layerName("bad-existing").maxItems(51)));
        assertEquals(
                List.of(), lambda.listLayerVersions(r -> r.layerName("nothing")).layerVersions());
        lambda.deleteLayerVersion(r -> r.layerName("nothing").versionNumber(1L)); // succeeds, as on Lambda

        // The error's shape on the wire: a ValidationException carries no Type, the others do.
        HttpResponse<String> raw = get("/2018-10-31/layers?CompatibleArchitecture=sparc");
        assertEquals(400, raw.statusCode());
        assertEquals(
                "ValidationException",
                raw.headers().firstValue("x-amzn-ErrorType").orElseThrow());
        assertTrue(!raw.body().contains("\"Type\""), raw.body());
        HttpResponse<String> missing = get("/2018-10-31/layers/nothing/versions/1");
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("\"Type\":\"User\""), missing.body());
    }

    @Test
    void functionsRefuseBadLayerLists() {
        String other = publish("bad-other").layerVersionArn();
        String second = publish("bad-existing").layerVersionArn();
        try {
            fails(
                    InvalidParameterValueException.class,
                    "InvalidParameterValueException",
                    "Cannot reference more than 5 layers.",
                    () -> createWith(Collections.nCopies(6, existing)));
            fails(
                    InvalidParameterValueException.class,
                    "InvalidParameterValueException",
                    "Layer version " + ARN + "nothing:1 does not exist.",
                    () -> createWith(List.of(ARN + "nothing:1")));
            fails(
                    InvalidParameterValueException.class,
                    "InvalidParameterValueException",
                    "Two different versions of the same layer are not allowed to be referenced in the same function. "
                            + existing + " and " + second + " are versions of the same layer.",
                    () -> createWith(List.of(existing, other, second)));
            fails(
                    InvalidParameterValueException.class,
                    "InvalidParameterValueException",
                    "Layers are not in the same region as the function. Layers are expected to be in region us-east-1.",
                    () -> createWith(List.of(existing.replace("us-east-1", "eu-west-1"))));
            fails(
                    LambdaException.class,
                    "ValidationException",
                    "at 'layers' failed to satisfy constraint",
                    () -> createWith(List.of(ARN + "bad-existing")));
            fails(
                    InvalidParameterValueException.class,
                    "InvalidParameterValueException",
                    "Cannot reference more than 5 layers.",
                    () -> lambda.updateFunctionConfiguration(
                            r -> r.functionName("bad-fn").layers(Collections.nCopies(6, other))));
            fails(
                    InvalidParameterValueException.class,
                    "InvalidParameterValueException",
                    "does not exist.",
                    () -> lambda.updateFunctionConfiguration(
                            r -> r.functionName("bad-fn").layers(existing, ARN + "bad-other:7")));
        } finally {
            lambda.deleteLayerVersion(r -> r.layerName("bad-other").versionNumber(1L));
            long secondVersion = Long.parseLong(second.substring(second.lastIndexOf(':') + 1));
            lambda.deleteLayerVersion(r -> r.layerName("bad-existing").versionNumber(secondVersion));
        }
    }

    @Test
    void codeAndLayersTogetherStayWithinTheUnzippedLimit() {
        String big = lambda.publishLayerVersion(r -> r.layerName("bad-big-layer")
                        .content(c -> c.zipFile(SdkBytes.fromByteArray(zeros(200_000_000)))))
                .layerVersionArn();
        try {
            byte[] bigFunction = zeros(70_000_000, "app.py");
            fails(
                    InvalidParameterValueException.class,
                    "InvalidParameterValueException",
                    "Function code combined with layers exceeds the maximum allowed size of 262144000 bytes.",
                    () -> lambda.createFunction(
                            Functions.request("bad-too-big", "python3.11", "app.handler", bigFunction)
                                    .layers(big)
                                    .build()));
        } finally {
            lambda.deleteLayerVersion(r -> r.layerName("bad-big-layer").versionNumber(1L));
        }
    }

    /** A zip holding {@code size} zero bytes in one file (a few hundred KB compressed). */
    static byte[] zeros(int size) {
        return zeros(size, "python/zeros.bin");
    }

    static byte[] zeros(int size, String entry) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(entry));
            byte[] chunk = new byte[1 << 20];
            IntStream.range(0, size / chunk.length).forEach(i -> write(zip, chunk, chunk.length));
            write(zip, chunk, size % chunk.length);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(ZipOutputStream zip, byte[] chunk, int length) {
        try {
            zip.write(chunk, 0, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void createWith(List<String> layers) {
        lambda.createFunction(Functions.request("bad-new", "python3.11", "app.handler", FUNCTION)
                .layers(layers)
                .build());
    }

    static HttpResponse<String> get(String path) throws Exception {
        return node.http().send("GET", path, java.util.Map.of(), "");
    }
}

package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.Architecture;
import software.amazon.awssdk.services.lambda.model.GetLayerVersionByArnResponse;
import software.amazon.awssdk.services.lambda.model.GetLayerVersionResponse;
import software.amazon.awssdk.services.lambda.model.LayerVersionsListItem;
import software.amazon.awssdk.services.lambda.model.LayersListItem;
import software.amazon.awssdk.services.lambda.model.PublishLayerVersionResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * The layer operations through the AWS SDK for Java v2 (paginators included) and the AWS CLI v2:
 * every member the botocore model defines comes back with its type and format.
 */
class LayersIT extends NodeTest {
    static final Pattern CREATED = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}\\+0000");
    static final String LAYER_ARN = "arn:aws:lambda:us-east-1:000000000000:layer:";
    static final ObjectMapper JSON = new ObjectMapper();
    static final AtomicInteger SEQ = new AtomicInteger();
    static Path work;

    @BeforeAll
    static void workDir() throws Exception {
        work = Files.createDirectories(node.dataDir().resolve("layers-work"));
    }

    /** A layer name no other test uses. */
    static String name(String prefix) {
        return "lay-" + prefix + "-" + SEQ.incrementAndGet();
    }

    static byte[] layerZip(String marker) {
        return Zips.of("python/marker.py", "VALUE = '" + marker + "'\n").bytes();
    }

    static String sha256Base64(byte[] bytes) throws Exception {
        return Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static byte[] download(String location) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> r = http.send(
                    HttpRequest.newBuilder(URI.create(location)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, r.statusCode());
            return r.body();
        }
    }

    @Test
    void publishGetListAndDeleteThroughTheSdk() throws Exception {
        String layer = name("sdk");
        byte[] zip1 = layerZip("one");
        PublishLayerVersionResponse v1 = lambda.publishLayerVersion(r -> r.layerName(layer)
                .description("first")
                .licenseInfo("MIT")
                .compatibleRuntimes(Runtime.PYTHON3_11, Runtime.PYTHON3_12)
                .compatibleArchitectures(Architecture.X86_64)
                .content(c -> c.zipFile(SdkBytes.fromByteArray(zip1))));
        assertEquals(201, v1.sdkHttpResponse().statusCode());
        assertEquals(LAYER_ARN + layer, v1.layerArn());
        assertEquals(LAYER_ARN + layer + ":1", v1.layerVersionArn());
        assertEquals(1L, v1.version());
        assertEquals("first", v1.description());
        assertEquals("MIT", v1.licenseInfo());
        assertEquals(List.of(Runtime.PYTHON3_11, Runtime.PYTHON3_12), v1.compatibleRuntimes());
        assertEquals(List.of(Architecture.X86_64), v1.compatibleArchitectures());
        assertTrue(CREATED.matcher(v1.createdDate()).matches(), v1.createdDate());
        assertEquals(sha256Base64(zip1), v1.content().codeSha256());
        assertEquals((long) zip1.length, v1.content().codeSize());
        assertArrayEquals(zip1, download(v1.content().location()), "Content.Location serves the zip");

        PublishLayerVersionResponse v2 = lambda.publishLayerVersion(
                r -> r.layerName(LAYER_ARN + layer).content(c -> c.zipFile(SdkBytes.fromByteArray(layerZip("two")))));
        assertEquals(2L, v2.version());
        assertEquals("", v2.description(), "a missing Description is an empty one, as on Lambda");
        assertNull(v2.licenseInfo());
        assertEquals(List.of(), v2.compatibleRuntimes());

        GetLayerVersionResponse got =
                lambda.getLayerVersion(r -> r.layerName(layer).versionNumber(1L));
        assertEquals(v1.layerVersionArn(), got.layerVersionArn());
        assertEquals(v1.content().codeSha256(), got.content().codeSha256());
        assertEquals(v1.createdDate(), got.createdDate());
        assertEquals("MIT", got.licenseInfo());
        GetLayerVersionByArnResponse byArn = lambda.getLayerVersionByArn(r -> r.arn(v2.layerVersionArn()));
        assertEquals(2L, byArn.version());
        assertEquals(v2.content().codeSize(), byArn.content().codeSize());

        List<LayerVersionsListItem> versions =
                lambda.listLayerVersions(r -> r.layerName(layer)).layerVersions();
        assertEquals(
                List.of(2L, 1L),
                versions.stream().map(LayerVersionsListItem::version).toList());
        assertEquals("first", versions.get(1).description());
        assertEquals(v1.createdDate(), versions.get(1).createdDate());
        LayersListItem listed = latest(layer);
        assertEquals(LAYER_ARN + layer, listed.layerArn());
        assertEquals(2L, listed.latestMatchingVersion().version());

        lambda.deleteLayerVersion(r -> r.layerName(layer).versionNumber(2L));
        assertEquals(1L, latest(layer).latestMatchingVersion().version());
        lambda.deleteLayerVersion(r -> r.layerName(layer).versionNumber(1L));
        lambda.deleteLayerVersion(r -> r.layerName(layer).versionNumber(1L)); // deleting twice succeeds
        assertNull(latest(layer), "a layer without versions is not listed");
        assertEquals(
                List.of(), lambda.listLayerVersions(r -> r.layerName(layer)).layerVersions());
        PublishLayerVersionResponse v3 = lambda.publishLayerVersion(
                r -> r.layerName(layer).content(c -> c.zipFile(SdkBytes.fromByteArray(zip1))));
        assertEquals(3L, v3.version(), "version numbers are never reused");
        assertEquals(v1.content().codeSha256(), v3.content().codeSha256());
    }

    /** The layer as ListLayers shows it, walking every page, or {@code null}. */
    static LayersListItem latest(String layer) {
        return lambda.listLayersPaginator(r -> r.maxItems(2)).layers().stream()
                .filter(l -> l.layerName().equals(layer))
                .findFirst()
                .orElse(null);
    }

    @Test
    void paginatorsWalkEveryPage() {
        String prefix = name("pages");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String layer = prefix + "-" + i;
            names.add(layer);
            lambda.publishLayerVersion(
                    r -> r.layerName(layer).content(c -> c.zipFile(SdkBytes.fromByteArray(layerZip(layer)))));
        }
        for (int i = 0; i < 4; i++) {
            lambda.publishLayerVersion(r ->
                    r.layerName(names.getFirst()).content(c -> c.zipFile(SdkBytes.fromByteArray(layerZip("more")))));
        }
        List<String> seen = lambda.listLayersPaginator(r -> r.maxItems(1)).layers().stream()
                .map(LayersListItem::layerName)
                .filter(n -> n.startsWith(prefix))
                .toList();
        assertEquals(names, seen);
        var pages = lambda
                .listLayerVersionsPaginator(r -> r.layerName(names.getFirst()).maxItems(2))
                .stream()
                .toList();
        assertEquals(3, pages.size());
        assertNull(pages.getLast().nextMarker());
        assertEquals(
                List.of(5L, 4L, 3L, 2L, 1L),
                pages.stream()
                        .flatMap(p -> p.layerVersions().stream())
                        .map(LayerVersionsListItem::version)
                        .toList());
    }

    @Test
    void filtersShowTheLatestMatchingVersion() {
        String layer = name("filter");
        lambda.publishLayerVersion(r -> r.layerName(layer)
                .compatibleRuntimes(Runtime.PYTHON3_11)
                .compatibleArchitectures(Architecture.X86_64)
                .content(c -> c.zipFile(SdkBytes.fromByteArray(layerZip("py")))));
        lambda.publishLayerVersion(r -> r.layerName(layer)
                .compatibleRuntimes(Runtime.NODEJS20_X)
                .compatibleArchitectures(Architecture.ARM64)
                .content(c -> c.zipFile(SdkBytes.fromByteArray(layerZip("js")))));
        LayersListItem python =
                lambda.listLayersPaginator(r -> r.compatibleRuntime(Runtime.PYTHON3_11)).layers().stream()
                        .filter(l -> l.layerName().equals(layer))
                        .findFirst()
                        .orElseThrow();
        assertEquals(1L, python.latestMatchingVersion().version());
        assertFalse(lambda.listLayersPaginator(r -> r.compatibleRuntime(Runtime.JAVA21)).layers().stream()
                .anyMatch(l -> l.layerName().equals(layer)));
        assertEquals(
                List.of(2L),
                lambda
                        .listLayerVersions(r -> r.layerName(layer).compatibleArchitecture(Architecture.ARM64))
                        .layerVersions()
                        .stream()
                        .map(LayerVersionsListItem::version)
                        .toList());
    }

    @Test
    void everyLayerOperationThroughTheCli() throws Exception {
        assumeTrue(AwsCli.available(), "the AWS CLI v2 (/usr/bin/aws, Debian package awscli) is not installed");
        AwsCli aws = new AwsCli(node.endpoint(), work);
        String layer = name("cli");
        Path zip = Zips.of("python/cli_layer.py", "WHO = 'cli layer'\n").write(work.resolve(layer + ".zip"));
        JsonNode published = ok(aws.run(
                "lambda",
                "publish-layer-version",
                "--layer-name",
                layer,
                "--description",
                "from the cli",
                "--compatible-runtimes",
                "python3.11",
                "--compatible-architectures",
                "x86_64",
                "--license-info",
                "Apache-2.0",
                "--zip-file",
                "fileb://" + zip));
        assertEquals(LAYER_ARN + layer + ":1", published.get("LayerVersionArn").asText());
        assertEquals(LAYER_ARN + layer, published.get("LayerArn").asText());
        assertTrue(published.get("Version").isIntegralNumber());
        assertTrue(CREATED.matcher(published.get("CreatedDate").asText()).matches());
        assertEquals(
                sha256Base64(Files.readAllBytes(zip)),
                published.at("/Content/CodeSha256").asText());
        assertEquals(Files.size(zip), published.at("/Content/CodeSize").asLong());
        assertEquals("Apache-2.0", published.get("LicenseInfo").asText());

        JsonNode got = ok(aws.run("lambda", "get-layer-version", "--layer-name", layer, "--version-number", "1"));
        assertEquals("from the cli", got.get("Description").asText());
        assertEquals("python3.11", got.at("/CompatibleRuntimes/0").asText());
        JsonNode byArn = ok(aws.run(
                "lambda",
                "get-layer-version-by-arn",
                "--arn",
                published.get("LayerVersionArn").asText()));
        assertEquals(1, byArn.get("Version").asInt());
        JsonNode listed = ok(aws.run("lambda", "list-layers", "--compatible-runtime", "python3.11"));
        JsonNode mine = null;
        for (JsonNode l : listed.get("Layers")) {
            if (l.get("LayerName").asText().equals(layer)) {
                mine = l;
            }
        }
        assertTrue(mine != null, listed.toString());
        assertEquals(
                LAYER_ARN + layer + ":1",
                mine.at("/LatestMatchingVersion/LayerVersionArn").asText());
        JsonNode versions = ok(aws.run("lambda", "list-layer-versions", "--layer-name", layer, "--page-size", "1"));
        assertEquals(1, versions.get("LayerVersions").size());

        Path fn = Zips.of("app.py", "import cli_layer\ndef handler(event, context):\n    return cli_layer.WHO\n")
                .write(work.resolve(layer + "-fn.zip"));
        String function = layer + "-fn";
        JsonNode created = ok(aws.run(
                "lambda",
                "create-function",
                "--function-name",
                function,
                "--runtime",
                "python3.11",
                "--handler",
                "app.handler",
                "--role",
                Functions.ROLE,
                "--layers",
                published.get("LayerVersionArn").asText(),
                "--zip-file",
                "fileb://" + fn));
        assertEquals(
                published.get("LayerVersionArn").asText(),
                created.at("/Layers/0/Arn").asText());
        assertEquals(Files.size(zip), created.at("/Layers/0/CodeSize").asLong());
        ok(aws.run("lambda", "wait", "function-active-v2", "--function-name", function));
        ok(aws.run(
                "lambda",
                "invoke",
                "--function-name",
                function,
                work.resolve(function + ".out").toString()));
        assertEquals("\"cli layer\"", Files.readString(work.resolve(function + ".out")));

        ok(aws.run("lambda", "delete-layer-version", "--layer-name", layer, "--version-number", "1"));
        assertEquals(
                0,
                ok(aws.run("lambda", "list-layer-versions", "--layer-name", layer))
                        .get("LayerVersions")
                        .size());
        AwsCli.Result missing = aws.run("lambda", "get-layer-version", "--layer-name", layer, "--version-number", "1");
        assertEquals(254, missing.exitCode(), missing.stderr());
        assertTrue(missing.stderr().contains("ResourceNotFoundException"), missing.stderr());
        ok(aws.run("lambda", "delete-function", "--function-name", function));
    }

    @Test
    void layersAndTheirNumbersSurviveARestart() throws Exception {
        try (TestNode own = TestNode.start()) {
            var client = own.lambda();
            byte[] zip = Zips.of("python/kept.py", "VALUE = 'after restart'\n").bytes();
            String v1 = client.publishLayerVersion(
                            r -> r.layerName("kept").content(c -> c.zipFile(SdkBytes.fromByteArray(zip))))
                    .layerVersionArn();
            client.publishLayerVersion(r -> r.layerName("kept").content(c -> c.zipFile(SdkBytes.fromByteArray(zip))));
            client.deleteLayerVersion(r -> r.layerName("kept").versionNumber(2L));
            Functions.create(
                    client,
                    Functions.request(
                                    "kept-fn",
                                    "python3.11",
                                    "app.handler",
                                    Functions.python("import kept\ndef handler(e, c):\n    return kept.VALUE\n"))
                            .layers(v1)
                            .build());

            own.restartNode();
            var after = own.lambda();
            assertEquals(
                    List.of(1L),
                    after.listLayerVersions(r -> r.layerName("kept")).layerVersions().stream()
                            .map(LayerVersionsListItem::version)
                            .toList());
            assertEquals(
                    3L,
                    after.publishLayerVersion(
                                    r -> r.layerName("kept").content(c -> c.zipFile(SdkBytes.fromByteArray(zip))))
                            .version());
            assertEquals(
                    "\"after restart\"",
                    after.invoke(r -> r.functionName("kept-fn")).payload().asUtf8String(),
                    "the merged /opt is built again after a restart");
        }
    }

    @Test
    void aVersionsPermissionsAreAddedListedAndRemovedUnderRevisions() throws Exception {
        String layer = name("policy");
        lambda.publishLayerVersion(
                r -> r.layerName(layer).content(c -> c.zipFile(SdkBytes.fromByteArray(layerZip("p")))));
        String versionArn = LAYER_ARN + layer + ":1";
        var first = lambda.addLayerVersionPermission(r -> r.layerName(layer)
                .versionNumber(1L)
                .statementId("everyone")
                .action("lambda:GetLayerVersion")
                .principal("*"));
        assertEquals(
                JSON.readTree("{\"Sid\":\"everyone\",\"Effect\":\"Allow\",\"Principal\":\"*\","
                        + "\"Action\":\"lambda:GetLayerVersion\",\"Resource\":\"" + versionArn + "\"}"),
                JSON.readTree(first.statement()));
        var refused = assertThrows(
                software.amazon.awssdk.services.lambda.model.ResourceConflictException.class,
                () -> lambda.addLayerVersionPermission(r -> r.layerName(layer)
                        .versionNumber(1L)
                        .statementId("everyone")
                        .action("lambda:GetLayerVersion")
                        .principal("*")));
        assertEquals(
                "The statement id (everyone) provided already exists. Please provide a new statement id, or remove the"
                        + " existing statement.",
                refused.awsErrorDetails().errorMessage());

        // the CLI, by the layer's ARN: an account, in an organization
        AwsCli aws = new AwsCli(node.endpoint(), work);
        JsonNode second = ok(aws.run(
                "lambda",
                "add-layer-version-permission",
                "--layer-name",
                LAYER_ARN + layer,
                "--version-number",
                "1",
                "--statement-id",
                "partner",
                "--action",
                "lambda:GetLayerVersion",
                "--principal",
                "123456789012",
                "--organization-id",
                "o-abcdefghij",
                "--revision-id",
                first.revisionId()));
        JsonNode partner = JSON.readTree(second.get("Statement").asText());
        assertEquals(
                "arn:aws:iam::123456789012:root", partner.at("/Principal/AWS").asText());
        assertEquals(
                "o-abcdefghij",
                partner.at("/Condition/StringEquals/aws:PrincipalOrgID").asText());

        var policy = lambda.getLayerVersionPolicy(r -> r.layerName(layer).versionNumber(1L));
        assertEquals(second.get("RevisionId").asText(), policy.revisionId());
        JsonNode document = JSON.readTree(policy.policy());
        assertEquals("2012-10-17", document.get("Version").asText());
        assertEquals(List.of("everyone", "partner"), document.get("Statement").findValuesAsText("Sid"));

        var stale = assertThrows(
                software.amazon.awssdk.services.lambda.model.PreconditionFailedException.class,
                () -> lambda.removeLayerVersionPermission(r -> r.layerName(layer)
                        .versionNumber(1L)
                        .statementId("partner")
                        .revisionId(first.revisionId())));
        assertEquals(412, stale.statusCode());
        var absent = assertThrows(
                software.amazon.awssdk.services.lambda.model.ResourceNotFoundException.class,
                () -> lambda.removeLayerVersionPermission(
                        r -> r.layerName(layer).versionNumber(1L).statementId("nobody")));
        assertEquals(
                "Statement nobody is not found in resource policy.",
                absent.awsErrorDetails().errorMessage());
        lambda.removeLayerVersionPermission(
                r -> r.layerName(layer).versionNumber(1L).statementId("partner"));
        var after = lambda.getLayerVersionPolicy(r -> r.layerName(layer).versionNumber(1L));
        assertEquals(
                List.of("everyone"),
                JSON.readTree(after.policy()).get("Statement").findValuesAsText("Sid"));
        assertTrue(!after.revisionId().equals(policy.revisionId()), "a removal makes a new revision");

        lambda.deleteLayerVersion(r -> r.layerName(layer).versionNumber(1L));
        var gone = assertThrows(
                software.amazon.awssdk.services.lambda.model.ResourceNotFoundException.class,
                () -> lambda.getLayerVersionPolicy(r -> r.layerName(layer).versionNumber(1L)));
        assertEquals(
                "Layer version " + versionArn + " does not exist.",
                gone.awsErrorDetails().errorMessage());
    }

    static JsonNode ok(AwsCli.Result r) throws Exception {
        assertEquals(0, r.exitCode(), r.stderr());
        return r.stdout().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.stdout());
    }
}

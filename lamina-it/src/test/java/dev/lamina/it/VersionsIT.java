package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionVersion;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.PreconditionFailedException;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.State;

/** Versions and aliases through the AWS SDK for Java v2: publish, list, route, invoke, delete. */
class VersionsIT extends NodeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARN = "arn:aws:lambda:us-east-1:000000000000:function:";

    /** A function that says which code, version, ARN and environment served it. */
    static byte[] tagged(String tag) {
        return Functions.python("import os, uuid\nENV = uuid.uuid4().hex\n"
                + "def handler(event, context):\n"
                + "    return {'tag': '" + tag + "', 'version': context.function_version,"
                + " 'arn': context.invoked_function_arn,"
                + " 'envVersion': os.environ['AWS_LAMBDA_FUNCTION_VERSION'], 'env': ENV}\n");
    }

    static JsonNode invoke(LambdaClient lambda, String function, String qualifier, Map<String, String> headers)
            throws Exception {
        InvokeResponse r = lambda.invoke(b -> {
            b.functionName(function);
            if (qualifier != null) {
                b.qualifier(qualifier);
            }
        });
        assertEquals(null, r.functionError(), r.payload().asUtf8String());
        headers.put("executed", r.executedVersion());
        return JSON.readTree(r.payload().asUtf8String());
    }

    private static void updateCode(String function, byte[] zip) {
        lambda.updateFunctionCode(r -> r.functionName(function).zipFile(SdkBytes.fromByteArray(zip)));
        lambda.waiter().waitUntilFunctionUpdatedV2(r -> r.functionName(function));
    }

    @Test
    void publishedVersionsAreImmutableSnapshotsWithTheirOwnEnvironments() throws Exception {
        String fn = "ver-snap";
        Functions.create(
                lambda,
                Functions.request(fn, "python3.11", "app.handler", tagged("one"))
                        .description("latest")
                        .build());
        var v1 = lambda.publishVersion(r -> r.functionName(fn).description("first"));
        assertEquals("1", v1.version());
        assertEquals(ARN + fn + ":1", v1.functionArn());
        assertEquals("first", v1.description());
        assertEquals(State.ACTIVE, v1.state());
        lambda.waiter().waitUntilPublishedVersionActive(r -> r.functionName(fn).qualifier("1"));

        updateCode(fn, tagged("two"));
        Map<String, String> h = new HashMap<>();
        JsonNode one = invoke(lambda, fn, "1", h);
        assertEquals("one", one.get("tag").asText());
        assertEquals("1", one.get("version").asText());
        assertEquals("1", one.get("envVersion").asText());
        assertEquals(ARN + fn + ":1", one.get("arn").asText());
        assertEquals("1", h.get("executed"));
        JsonNode latest = invoke(lambda, fn, null, h);
        assertEquals("two", latest.get("tag").asText());
        assertEquals("$LATEST", h.get("executed"));
        assertEquals(ARN + fn, latest.get("arn").asText());
        assertEquals("two", invoke(lambda, fn + ":$LATEST", null, h).get("tag").asText());
        assertEquals("one", invoke(lambda, ARN + fn + ":1", null, h).get("tag").asText());

        // $LATEST changing again leaves version 1's warm environment alone
        lambda.updateFunctionConfiguration(r -> r.functionName(fn).timeout(9));
        lambda.waiter().waitUntilFunctionUpdatedV2(r -> r.functionName(fn));
        assertEquals(
                one.get("env").asText(), invoke(lambda, fn, "1", h).get("env").asText());
        assertNotEquals(
                latest.get("env").asText(),
                invoke(lambda, fn, null, h).get("env").asText());

        var v2 = lambda.publishVersion(r -> r.functionName(fn));
        assertEquals("2", v2.version());
        assertEquals("latest", v2.description(), "a version published without a Description takes $LATEST's");
        assertEquals(9, v2.timeout());
        assertEquals(
                "2",
                lambda.publishVersion(r -> r.functionName(fn).description("x")).version());

        var got = lambda.getFunction(r -> r.functionName(fn).qualifier("1"));
        assertEquals("1", got.configuration().version());
        assertEquals(3, got.configuration().timeout());
        assertEquals(ARN + fn + ":1", got.configuration().functionArn());
        assertTrue(got.code().location().startsWith("http"));
        assertEquals(
                ARN + fn + ":$LATEST",
                lambda.getFunctionConfiguration(r -> r.functionName(fn).qualifier("$LATEST"))
                        .functionArn());
        assertThrows(
                ResourceNotFoundException.class,
                () -> lambda.getFunctionConfiguration(r -> r.functionName(fn).qualifier("7")));
        assertThrows(
                ResourceNotFoundException.class,
                () -> lambda.invoke(r -> r.functionName(fn).qualifier("7")));

        List<String> versions = new ArrayList<>();
        List<String> arns = new ArrayList<>();
        lambda.listVersionsByFunctionPaginator(r -> r.functionName(fn).maxItems(1))
                .versions()
                .forEach(v -> {
                    versions.add(v.version());
                    arns.add(v.functionArn());
                });
        assertEquals(List.of("$LATEST", "1", "2"), versions);
        assertEquals(List.of(ARN + fn + ":$LATEST", ARN + fn + ":1", ARN + fn + ":2"), arns);
        List<String> all = new ArrayList<>();
        lambda.listFunctionsPaginator(
                        r -> r.functionVersion(FunctionVersion.ALL).maxItems(2))
                .functions()
                .forEach(f -> all.add(f.functionArn()));
        assertTrue(all.containsAll(arns), all.toString());

        lambda.deleteFunction(r -> r.functionName(fn).qualifier("1"));
        lambda.deleteFunction(r -> r.functionName(fn).qualifier("1"));
        assertThrows(
                ResourceNotFoundException.class,
                () -> lambda.invoke(r -> r.functionName(fn).qualifier("1")));
        updateCode(fn, tagged("three"));
        assertEquals("3", lambda.publishVersion(r -> r.functionName(fn)).version(), "numbers are never reused");
        assertTrue(node.logs().describeLogStreams(r -> r.logGroupName("/aws/lambda/" + fn)).logStreams().stream()
                .anyMatch(s -> s.logStreamName().contains("[1]")));
    }

    @Test
    void publishingChecksItsPreconditions() {
        String fn = "ver-pre";
        Functions.create(lambda, fn, "python3.11", "app.handler", tagged("p"));
        InvalidParameterValueException sha = assertThrows(
                InvalidParameterValueException.class,
                () -> lambda.publishVersion(r -> r.functionName(fn).codeSha256("bm90IGl0")));
        assertTrue(sha.getMessage().contains("CodeSHA256"), sha.getMessage());
        assertEquals(
                412,
                assertThrows(
                                PreconditionFailedException.class,
                                () -> lambda.publishVersion(
                                        r -> r.functionName(fn).revisionId("stale")))
                        .statusCode());
        String sha256 = lambda.getFunctionConfiguration(r -> r.functionName(fn)).codeSha256();
        String revision =
                lambda.getFunctionConfiguration(r -> r.functionName(fn)).revisionId();
        assertEquals(
                "1",
                lambda.publishVersion(r -> r.functionName(fn).codeSha256(sha256).revisionId(revision))
                        .version());
        assertEquals(
                "This operation is permitted on Lambda functions only. Aliases and versions do not support this"
                        + " operation. Please specify either a function name or an unqualified function ARN.",
                assertThrows(LambdaException.class, () -> lambda.publishVersion(r -> r.functionName(fn + ":1")))
                        .awsErrorDetails()
                        .errorMessage());
    }

    @Test
    void publishOnCreateAndOnCodeUpdate() {
        String fn = "ver-publish-flag";
        var created = lambda.createFunction(Functions.request(fn, "python3.11", "app.handler", tagged("a"))
                .publish(true)
                .build());
        assertEquals("1", created.version());
        assertEquals(ARN + fn, created.functionArn());
        var updated = lambda.updateFunctionCode(r ->
                r.functionName(fn).zipFile(SdkBytes.fromByteArray(tagged("b"))).publish(true));
        assertEquals("2", updated.version());
    }

    @Test
    void aliasesPointAtVersionsAndSplitTrafficByWeight() throws Exception {
        String fn = "ver-alias";
        Functions.create(lambda, fn, "python3.11", "app.handler", tagged("one"));
        lambda.publishVersion(r -> r.functionName(fn));
        updateCode(fn, tagged("two"));
        lambda.publishVersion(r -> r.functionName(fn));

        var live = lambda.createAlias(
                r -> r.functionName(fn).name("live").functionVersion("1").description("prod"));
        assertEquals(ARN + fn + ":live", live.aliasArn());
        assertEquals("1", live.functionVersion());
        assertEquals("prod", live.description());
        assertTrue(live.revisionId().matches("[0-9a-f-]{36}"));
        var gotAlias = lambda.getAlias(r -> r.functionName(fn).name("live"));
        assertEquals(live.aliasArn(), gotAlias.aliasArn());
        assertEquals(live.revisionId(), gotAlias.revisionId());
        assertEquals("1", gotAlias.functionVersion());

        Map<String, String> h = new HashMap<>();
        JsonNode viaAlias = invoke(lambda, fn, "live", h);
        assertEquals("one", viaAlias.get("tag").asText());
        assertEquals("1", h.get("executed"));
        assertEquals(ARN + fn + ":live", viaAlias.get("arn").asText());
        assertEquals(
                "one", invoke(lambda, ARN + fn + ":live", null, h).get("tag").asText());
        var aliasConfig =
                lambda.getFunctionConfiguration(r -> r.functionName(fn).qualifier("live"));
        assertEquals("1", aliasConfig.version());
        assertEquals(ARN + fn + ":live", aliasConfig.functionArn());

        var weighted = lambda.updateAlias(r -> r.functionName(fn)
                .name("live")
                .functionVersion("2")
                .routingConfig(c -> c.additionalVersionWeights(Map.of("1", 0.3))));
        assertEquals(Map.of("1", 0.3), weighted.routingConfig().additionalVersionWeights());
        assertNotEquals(live.revisionId(), weighted.revisionId());
        Map<String, Integer> counts = new HashMap<>();
        int n = 300;
        for (int i = 0; i < n; i++) {
            JsonNode out = invoke(lambda, fn, "live", h);
            assertEquals(out.get("version").asText(), h.get("executed"));
            counts.merge(h.get("executed"), 1, Integer::sum);
        }
        // 30 % of 300 is 90 with a standard deviation of ~8: outside 50..130 by chance ~1e-6
        int toOne = counts.getOrDefault("1", 0);
        assertTrue(toOne > 50 && toOne < 130, counts.toString());
        assertEquals(n, toOne + counts.getOrDefault("2", 0), counts.toString());

        assertThrows(
                PreconditionFailedException.class,
                () -> lambda.updateAlias(
                        r -> r.functionName(fn).name("live").description("x").revisionId(live.revisionId())));
        ResourceConflictException inUse = assertThrows(
                ResourceConflictException.class,
                () -> lambda.deleteFunction(r -> r.functionName(fn).qualifier("1")));
        assertTrue(inUse.getMessage().contains("live"), inUse.getMessage());
        assertThrows(
                ResourceConflictException.class,
                () -> lambda.createAlias(r -> r.functionName(fn).name("live").functionVersion("1")));
        assertEquals(
                "ValidationException",
                assertThrows(
                                LambdaException.class,
                                () -> lambda.createAlias(
                                        r -> r.functionName(fn).name("12").functionVersion("1")))
                        .awsErrorDetails()
                        .errorCode());
        assertThrows(
                ResourceNotFoundException.class,
                () -> lambda.createAlias(r -> r.functionName(fn).name("nope").functionVersion("9")));
        assertThrows(
                InvalidParameterValueException.class,
                () -> lambda.createAlias(r -> r.functionName(fn)
                        .name("split")
                        .functionVersion("$LATEST")
                        .routingConfig(c -> c.additionalVersionWeights(Map.of("1", 0.5)))));
        assertEquals(
                "ValidationException",
                assertThrows(
                                LambdaException.class,
                                () -> lambda.createAlias(r -> r.functionName(fn)
                                        .name("split")
                                        .functionVersion("2")
                                        .routingConfig(c -> c.additionalVersionWeights(Map.of("1", 1.5)))))
                        .awsErrorDetails()
                        .errorCode());
        assertThrows(
                ResourceNotFoundException.class,
                () -> lambda.invoke(r -> r.functionName(fn).qualifier("01")),
                "a version number has no leading zero");
        assertThrows(
                InvalidParameterValueException.class,
                () -> lambda.deleteFunction(r -> r.functionName(fn).qualifier("live")));

        lambda.createAlias(r -> r.functionName(fn).name("beta").functionVersion("$LATEST"));
        List<String> names = new ArrayList<>();
        lambda.listAliasesPaginator(r -> r.functionName(fn).maxItems(1))
                .aliases()
                .forEach(a -> names.add(a.name()));
        assertEquals(List.of("beta", "live"), names);
        assertEquals(
                List.of("live"),
                lambda.listAliases(r -> r.functionName(fn).functionVersion("1")).aliases().stream()
                        .map(AliasConfiguration::name)
                        .toList());
        assertEquals("two", invoke(lambda, fn, "beta", h).get("tag").asText());
        assertEquals("$LATEST", h.get("executed"));

        lambda.deleteAlias(r -> r.functionName(fn).name("live"));
        lambda.deleteAlias(r -> r.functionName(fn).name("live"));
        ResourceNotFoundException gone = assertThrows(
                ResourceNotFoundException.class,
                () -> lambda.getAlias(r -> r.functionName(fn).name("live")));
        assertTrue(gone.getMessage().contains("Cannot find alias arn: " + ARN + fn + ":live"), gone.getMessage());
        assertThrows(
                ResourceNotFoundException.class,
                () -> lambda.invoke(r -> r.functionName(fn).qualifier("live")));
        lambda.deleteFunction(r -> r.functionName(fn).qualifier("1"));
    }

    @Test
    void versionsAndAliasesSurviveARestart() throws Exception {
        try (TestNode own = TestNode.start()) {
            LambdaClient client = own.lambda();
            Functions.create(client, "ver-restart", "python3.11", "app.handler", tagged("kept"));
            client.publishVersion(r -> r.functionName("ver-restart"));
            client.createAlias(r -> r.functionName("ver-restart").name("prod").functionVersion("1"));
            own.restartNode();
            client = own.lambda();
            Map<String, String> h = new HashMap<>();
            assertEquals(
                    "kept", invoke(client, "ver-restart", "prod", h).get("tag").asText());
            assertEquals("1", h.get("executed"));
        }
    }

    @Test
    void versionsAndAliasesThroughTheCli() throws Exception {
        assumeTrue(AwsCli.available(), "the AWS CLI v2 (/usr/bin/aws, Debian package awscli) is not installed");
        Path work = Files.createDirectories(node.dataDir().resolve("cli-versions"));
        AwsCli aws = new AwsCli(node.endpoint(), work);
        String fn = "ver-cli";
        Functions.create(lambda, fn, "python3.11", "app.handler", tagged("c1"));

        JsonNode v1 = ok(aws.run("lambda", "publish-version", "--function-name", fn, "--description", "cli"));
        assertEquals("1", v1.get("Version").asText());
        assertEquals(ARN + fn + ":1", v1.get("FunctionArn").asText());
        assertEquals("cli", v1.get("Description").asText());
        ok(aws.run("lambda", "wait", "published-version-active", "--function-name", fn, "--qualifier", "1"));
        updateCode(fn, tagged("c2"));
        ok(aws.run("lambda", "publish-version", "--function-name", fn));
        JsonNode listed = ok(aws.run("lambda", "list-versions-by-function", "--function-name", fn, "--page-size", "1"));
        List<String> versions = new ArrayList<>();
        listed.get("Versions").forEach(v -> versions.add(v.get("Version").asText()));
        assertEquals(List.of("$LATEST", "1", "2"), versions, "the CLI follows NextMarker across pages");

        JsonNode alias = ok(
                aws.run("lambda", "create-alias", "--function-name", fn, "--name", "live", "--function-version", "1"));
        for (String member : List.of("AliasArn", "Name", "FunctionVersion", "Description", "RevisionId")) {
            assertTrue(alias.get(member).isTextual(), member + " in " + alias);
        }
        assertEquals(ARN + fn + ":live", alias.get("AliasArn").asText());
        JsonNode updated = ok(aws.run(
                "lambda",
                "update-alias",
                "--function-name",
                fn,
                "--name",
                "live",
                "--function-version",
                "2",
                "--routing-config",
                "AdditionalVersionWeights={1=0.5}"));
        assertEquals(
                0.5,
                updated.get("RoutingConfig")
                        .get("AdditionalVersionWeights")
                        .get("1")
                        .asDouble());
        assertEquals(
                "2",
                ok(aws.run("lambda", "get-alias", "--function-name", fn, "--name", "live"))
                        .get("FunctionVersion")
                        .asText());
        assertEquals(
                "live",
                ok(aws.run("lambda", "list-aliases", "--function-name", fn))
                        .get("Aliases")
                        .get(0)
                        .get("Name")
                        .asText());

        Path out = work.resolve("out.json");
        JsonNode invoked =
                ok(aws.run("lambda", "invoke", "--function-name", fn, "--qualifier", "live", out.toString()));
        String executed = invoked.get("ExecutedVersion").asText();
        assertTrue(executed.equals("1") || executed.equals("2"), invoked.toString());
        assertEquals(
                executed, JSON.readTree(Files.readString(out)).get("version").asText());

        AwsCli.Result missing = aws.run("lambda", "get-alias", "--function-name", fn, "--name", "nope");
        assertNotEquals(0, missing.exitCode());
        assertTrue(missing.stderr().contains("ResourceNotFoundException"), missing.stderr());
        AwsCli.Result stale =
                aws.run("lambda", "publish-version", "--function-name", fn, "--revision-id", "not-the-revision");
        assertTrue(stale.stderr().contains("PreconditionFailedException"), stale.stderr());

        ok(aws.run("lambda", "delete-alias", "--function-name", fn, "--name", "live"));
        ok(aws.run("lambda", "delete-function", "--function-name", fn, "--qualifier", "1"));
        assertEquals(
                List.of("$LATEST", "2"),
                lambda.listVersionsByFunction(r -> r.functionName(fn)).versions().stream()
                        .map(v -> v.version())
                        .toList());
    }

    private static JsonNode ok(AwsCli.Result r) throws Exception {
        assertEquals(0, r.exitCode(), r.stderr());
        return r.stdout().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.stdout());
    }

    @Test
    void accountCodeSizeCountsPublishedVersionsAndLayers() {
        String fn = "ver-size";
        byte[] zip = tagged("size");
        long before = lambda.getAccountSettings().accountUsage().totalCodeSize();
        Functions.create(lambda, fn, "python3.11", "app.handler", zip);
        assertEquals(
                before + zip.length, lambda.getAccountSettings().accountUsage().totalCodeSize());
        lambda.publishVersion(r -> r.functionName(fn));
        assertEquals(
                before + 2L * zip.length,
                lambda.getAccountSettings().accountUsage().totalCodeSize());
        lambda.updateFunctionConfiguration(r -> r.functionName(fn).timeout(5));
        lambda.waiter().waitUntilFunctionUpdatedV2(r -> r.functionName(fn));
        assertEquals(
                before + 2L * zip.length,
                lambda.getAccountSettings().accountUsage().totalCodeSize(),
                "a configuration change adds no code");
        byte[] layer = Zips.of("python/helper.py", "X = 1\n").bytes();
        lambda.publishLayerVersion(
                r -> r.layerName("ver-size-layer").content(c -> c.zipFile(SdkBytes.fromByteArray(layer))));
        assertEquals(
                before + 2L * zip.length + layer.length,
                lambda.getAccountSettings().accountUsage().totalCodeSize());
        lambda.deleteLayerVersion(r -> r.layerName("ver-size-layer").versionNumber(1L));
        lambda.deleteFunction(r -> r.functionName(fn));
        assertEquals(before, lambda.getAccountSettings().accountUsage().totalCodeSize());
    }
}

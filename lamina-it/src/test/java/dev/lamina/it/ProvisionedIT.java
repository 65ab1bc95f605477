package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetProvisionedConcurrencyConfigResponse;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.ProvisionedConcurrencyConfigNotFoundException;
import software.amazon.awssdk.services.lambda.model.ProvisionedConcurrencyStatusEnum;

/**
 * Provisioned concurrency: environments initialised ahead of traffic for a version or alias, kept
 * past the idle timeout, replaced when they die, and reported READY only when they are.
 */
class ProvisionedIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Says how its environment was initialised; exits its process when asked to. */
    private static final String SOURCE = """
            import ctypes, os, time, uuid
            ENV = uuid.uuid4().hex
            # names the process after the environment, so the test finds it on the host (HostProcesses)
            ctypes.CDLL(None).prctl(15, ("lm-" + ENV[:12]).encode(), 0, 0, 0)
            INIT_TYPE = os.environ['AWS_LAMBDA_INITIALIZATION_TYPE']
            def handler(event, context):
                if event.get('crash'):
                    os._exit(3)
                if event.get('sleep'):
                    time.sleep(event['sleep'])
                return {'env': ENV, 'init': INIT_TYPE, 'version': context.function_version}
            """;

    static TestNode node;
    static LambdaClient lambda;

    @BeforeAll
    static void start() throws Exception {
        // a short idle timeout: provisioned environments must outlive it, on-demand ones not
        node = TestNode.start(c -> c.withLimits(c.limits().withIdleMillis(1500)));
        lambda = node.lambda();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    private static void function(String name) {
        Functions.create(lambda, name, "python3.11", "app.handler", Functions.python(SOURCE));
        lambda.publishVersion(r -> r.functionName(name));
    }

    static GetProvisionedConcurrencyConfigResponse awaitReady(LambdaClient client, String name, String qualifier)
            throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            var got = client.getProvisionedConcurrencyConfig(
                    r -> r.functionName(name).qualifier(qualifier));
            if (got.status() == ProvisionedConcurrencyStatusEnum.READY) {
                return got;
            }
            assertNotEquals(ProvisionedConcurrencyStatusEnum.FAILED, got.status(), got.statusReason());
            assertTrue(System.nanoTime() < deadline, "not READY in 30 s: " + got);
            Thread.sleep(50);
        }
    }

    private static JsonNode invoke(String name, String qualifier, String payload) throws Exception {
        InvokeResponse r = lambda.invoke(b -> b.functionName(name)
                .qualifier(qualifier)
                .logType(LogType.TAIL)
                .payload(SdkBytes.fromUtf8String(payload)));
        JsonNode out = JSON.readTree(r.payload().asUtf8String());
        ((com.fasterxml.jackson.databind.node.ObjectNode) out)
                .put("tail", new String(Base64.getDecoder().decode(r.logResult()), StandardCharsets.UTF_8));
        return out;
    }

    @Test
    void anAliasGetsInitialisedEnvironmentsThatOutliveTheIdleTimeout() throws Exception {
        String fn = "pc-alias";
        function(fn);
        lambda.createAlias(r -> r.functionName(fn).name("live").functionVersion("1"));
        var put = lambda.putProvisionedConcurrencyConfig(
                r -> r.functionName(fn).qualifier("live").provisionedConcurrentExecutions(2));
        assertEquals(2, put.requestedProvisionedConcurrentExecutions());
        assertTrue(
                put.status() == ProvisionedConcurrencyStatusEnum.IN_PROGRESS
                        || put.status() == ProvisionedConcurrencyStatusEnum.READY,
                put.toString());
        assertTrue(put.lastModified().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+0000"), put.lastModified());

        var ready = awaitReady(lambda, fn, "live");
        assertEquals(2, ready.allocatedProvisionedConcurrentExecutions());
        assertEquals(2, ready.availableProvisionedConcurrentExecutions());

        Set<String> provisionedEnvs = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            JsonNode out = invoke(fn, "live", "{}");
            assertEquals("provisioned-concurrency", out.get("init").asText(), out.toString());
            assertEquals("1", out.get("version").asText());
            assertFalse(out.get("tail").asText().contains("Init Duration"), "init ran ahead: " + out.get("tail"));
            provisionedEnvs.add(out.get("env").asText());
        }
        JsonNode onDemand = invoke(fn, "$LATEST", "{}");
        assertEquals("on-demand", onDemand.get("init").asText());
        assertTrue(
                onDemand.get("tail").asText().contains("Init Duration"),
                onDemand.get("tail").asText());

        // Past the idle timeout: the on-demand environment, idle as long as the provisioned ones, is gone.
        String onDemandMarker = onDemand.get("env").asText().substring(0, 12);
        assertFalse(HostProcesses.marked(onDemandMarker).isEmpty(), "the on-demand environment's process is found");
        AsyncLogs.awaitTrue(
                () -> HostProcesses.marked(onDemandMarker).isEmpty(),
                java.time.Duration.ofSeconds(30),
                "the idle on-demand environment was never shut down");
        for (String env : provisionedEnvs) {
            assertFalse(HostProcesses.marked(env.substring(0, 12)).isEmpty(), "provisioned " + env + " outlives it");
        }
        JsonNode later = invoke(fn, "1", "{}");
        assertEquals("provisioned-concurrency", later.get("init").asText(), "the version's own qualifier shares them");
        assertTrue(provisionedEnvs.contains(later.get("env").asText()), later.toString());
        assertFalse(later.get("tail").asText().contains("Init Duration"));

        var listed = lambda.listProvisionedConcurrencyConfigs(r -> r.functionName(fn));
        assertEquals(1, listed.provisionedConcurrencyConfigs().size());
        assertEquals(
                "arn:aws:lambda:us-east-1:000000000000:function:" + fn + ":live",
                listed.provisionedConcurrencyConfigs().getFirst().functionArn());

        lambda.deleteProvisionedConcurrencyConfig(r -> r.functionName(fn).qualifier("live"));
        lambda.deleteProvisionedConcurrencyConfig(r -> r.functionName(fn).qualifier("live"));
        assertThrows(
                ProvisionedConcurrencyConfigNotFoundException.class,
                () -> lambda.getProvisionedConcurrencyConfig(
                        r -> r.functionName(fn).qualifier("live")));
        for (String env : provisionedEnvs) {
            AsyncLogs.awaitTrue(
                    () -> HostProcesses.marked(env.substring(0, 12)).isEmpty(),
                    java.time.Duration.ofSeconds(30),
                    "released provisioned environment " + env + " still runs");
        }
        JsonNode after = invoke(fn, "live", "{}");
        assertEquals(
                "on-demand",
                String.valueOf(after.get("init")).replace("\"", ""),
                "released environments are gone: " + after);
    }

    @Test
    void aDeadProvisionedEnvironmentIsReplaced() throws Exception {
        String fn = "pc-crash";
        function(fn);
        lambda.putProvisionedConcurrencyConfig(
                r -> r.functionName(fn).qualifier("1").provisionedConcurrentExecutions(1));
        awaitReady(lambda, fn, "1");
        String first = invoke(fn, "1", "{}").get("env").asText();
        invoke(fn, "1", "{\"crash\": true}");
        var again = awaitReady(lambda, fn, "1");
        assertEquals(1, again.allocatedProvisionedConcurrentExecutions());
        JsonNode replaced = invoke(fn, "1", "{}");
        assertEquals("provisioned-concurrency", replaced.get("init").asText());
        assertNotEquals(first, replaced.get("env").asText());
    }

    @Test
    void badRequestsAreRefusedAndLeaveNoConfiguration() {
        String fn = "pc-bad";
        function(fn);
        lambda.createAlias(r -> r.functionName(fn).name("latest").functionVersion("$LATEST"));
        for (String qualifier : List.of("$LATEST", "latest")) {
            assertThrows(
                    InvalidParameterValueException.class,
                    () -> lambda.putProvisionedConcurrencyConfig(
                            r -> r.functionName(fn).qualifier(qualifier).provisionedConcurrentExecutions(1)));
        }
        assertEquals(
                "ValidationException",
                assertThrows(
                                LambdaException.class,
                                () -> lambda.putProvisionedConcurrencyConfig(
                                        r -> r.functionName(fn).qualifier("1").provisionedConcurrentExecutions(0)))
                        .awsErrorDetails()
                        .errorCode());
        lambda.putFunctionConcurrency(r -> r.functionName(fn).reservedConcurrentExecutions(1));
        assertThrows(
                InvalidParameterValueException.class,
                () -> lambda.putProvisionedConcurrencyConfig(
                        r -> r.functionName(fn).qualifier("1").provisionedConcurrentExecutions(2)));
        assertThrows(
                software.amazon.awssdk.services.lambda.model.ResourceNotFoundException.class,
                () -> lambda.putProvisionedConcurrencyConfig(
                        r -> r.functionName(fn).qualifier("9").provisionedConcurrentExecutions(1)));
        assertEquals(
                0,
                lambda.listProvisionedConcurrencyConfigs(r -> r.functionName(fn))
                        .provisionedConcurrencyConfigs()
                        .size());
    }

    @Test
    void provisionedConcurrencyThroughTheCliAndAcrossARestart() throws Exception {
        assumeTrue(AwsCli.available(), "the AWS CLI v2 (/usr/bin/aws, Debian package awscli) is not installed");
        try (TestNode own = TestNode.start()) {
            LambdaClient client = own.lambda();
            Path work = Files.createDirectories(own.dataDir().resolve("cli-pc"));
            AwsCli aws = new AwsCli(own.endpoint(), work);
            String fn = "pc-cli";
            Functions.create(client, fn, "python3.11", "app.handler", Functions.python(SOURCE));
            client.publishVersion(r -> r.functionName(fn));
            AwsCli.Result put = aws.run(
                    "lambda",
                    "put-provisioned-concurrency-config",
                    "--function-name",
                    fn,
                    "--qualifier",
                    "1",
                    "--provisioned-concurrent-executions",
                    "1");
            assertEquals(0, put.exitCode(), put.stderr());
            assertEquals(
                    1,
                    JSON.readTree(put.stdout())
                            .get("RequestedProvisionedConcurrentExecutions")
                            .asInt());
            awaitReady(client, fn, "1");
            JsonNode got = JSON.readTree(
                    aws.run("lambda", "get-provisioned-concurrency-config", "--function-name", fn, "--qualifier", "1")
                            .stdout());
            assertEquals("READY", got.get("Status").asText());
            assertEquals(1, got.get("AllocatedProvisionedConcurrentExecutions").asInt());
            JsonNode listed =
                    JSON.readTree(aws.run("lambda", "list-provisioned-concurrency-configs", "--function-name", fn)
                            .stdout());
            assertEquals(
                    "arn:aws:lambda:us-east-1:000000000000:function:" + fn + ":1",
                    listed.get("ProvisionedConcurrencyConfigs")
                            .get(0)
                            .get("FunctionArn")
                            .asText());

            own.restartNode();
            client = own.lambda();
            assertEquals(1, awaitReady(client, fn, "1").allocatedProvisionedConcurrentExecutions());

            aws = new AwsCli(own.endpoint(), work);
            assertEquals(
                    0,
                    aws.run(
                                    "lambda",
                                    "delete-provisioned-concurrency-config",
                                    "--function-name",
                                    fn,
                                    "--qualifier",
                                    "1")
                            .exitCode());
            AwsCli.Result gone =
                    aws.run("lambda", "get-provisioned-concurrency-config", "--function-name", fn, "--qualifier", "1");
            assertNotEquals(0, gone.exitCode());
            assertTrue(gone.stderr().contains("ProvisionedConcurrencyConfigNotFoundException"), gone.stderr());
        }
    }
}

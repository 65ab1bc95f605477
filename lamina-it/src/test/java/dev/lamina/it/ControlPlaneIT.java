package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.State;

/** The function lifecycle through the AWS SDK for Java v2: create, read, list, update, delete. */
class ControlPlaneIT extends NodeTest {

    @Test
    void createReturnsPendingThenWaiterSeesActive() throws Exception {
        byte[] zip = Functions.python("def handler(e, c):\n    return e\n");
        var created = lambda.createFunction(Functions.request("cp-create", "python3.11", "app.handler", zip)
                .description("first")
                .memorySize(256)
                .timeout(7)
                .environment(e -> e.variables(Map.of("GREETING", "hi")))
                .build());
        assertEquals(State.PENDING, created.state());
        assertEquals("Creating", created.stateReasonCodeAsString());
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:cp-create", created.functionArn());
        assertEquals("$LATEST", created.version());
        assertEquals(zip.length, created.codeSize());
        String sha = Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(zip));
        assertEquals(sha, created.codeSha256());
        assertTrue(
                created.lastModified().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000"),
                created.lastModified());
        assertTrue(created.revisionId().matches("[0-9a-f-]{36}"));

        lambda.waiter().waitUntilFunctionActiveV2(r -> r.functionName("cp-create"));
        var active = lambda.getFunctionConfiguration(r -> r.functionName("cp-create"));
        assertEquals(State.ACTIVE, active.state());
        assertEquals(LastUpdateStatus.SUCCESSFUL, active.lastUpdateStatus());
        assertNotEquals(created.revisionId(), active.revisionId());
        assertEquals(256, active.memorySize());
        assertEquals(7, active.timeout());
        assertEquals("first", active.description());
        assertEquals(Map.of("GREETING", "hi"), active.environment().variables());
        assertEquals("/aws/lambda/cp-create", active.loggingConfig().logGroup());
        assertEquals(512, active.ephemeralStorage().size());
    }

    @Test
    void getFunctionGivesADownloadableCodeLocation() throws Exception {
        byte[] zip = Functions.python("def handler(e, c):\n    return 1\n");
        Functions.create(lambda, "cp-get", "python3.11", "app.handler", zip);
        GetFunctionResponse got = lambda.getFunction(r -> r.functionName("cp-get"));
        assertEquals("S3", got.code().repositoryType());
        HttpResponse<byte[]> download = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(got.code().location()))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, download.statusCode());
        assertTrue(java.util.Arrays.equals(zip, download.body()));
        // every way of naming the function finds it
        for (String ref : List.of(
                "arn:aws:lambda:us-east-1:000000000000:function:cp-get",
                "000000000000:function:cp-get",
                "cp-get:$LATEST")) {
            assertEquals(
                    "cp-get",
                    lambda.getFunction(r -> r.functionName(ref)).configuration().functionName());
        }
    }

    @Test
    void listPaginatesWithMarkerAndMaxItems() {
        byte[] zip = Functions.python("def handler(e, c):\n    return 1\n");
        IntStream.range(0, 7)
                .forEach(i -> lambda.createFunction(Functions.request("cp-list-" + i, "python3.11", "app.handler", zip)
                        .build()));
        var page = lambda.listFunctions(r -> r.maxItems(3));
        assertEquals(3, page.functions().size());
        assertTrue(page.nextMarker() != null);
        List<String> all = lambda.listFunctionsPaginator(r -> r.maxItems(2)).functions().stream()
                .map(FunctionConfiguration::functionName)
                .filter(n -> n.startsWith("cp-list-"))
                .toList();
        assertEquals(IntStream.range(0, 7).mapToObj(i -> "cp-list-" + i).toList(), all);
        FunctionConfiguration listed = page.functions().getFirst();
        assertNull(listed.state(), "lists omit State, as Lambda's do");
    }

    @Test
    void updateCodeAndConfigurationThenWaiterSeesSuccessful() {
        Functions.create(
                lambda,
                "cp-update",
                "python3.11",
                "app.handler",
                Functions.python("def handler(e, c):\n    return 1\n"));
        var updating = lambda.updateFunctionCode(r -> r.functionName("cp-update")
                .zipFile(Zips.of("app.py", "def handler(e, c):\n    return 2\n").sdkBytes()));
        assertEquals(LastUpdateStatus.IN_PROGRESS, updating.lastUpdateStatus());
        lambda.waiter().waitUntilFunctionUpdatedV2(r -> r.functionName("cp-update"));
        assertEquals(
                "2", lambda.invoke(r -> r.functionName("cp-update")).payload().asUtf8String());

        lambda.updateFunctionConfiguration(r -> r.functionName("cp-update")
                .memorySize(512)
                .timeout(10)
                .description("changed")
                .handler("app.handler")
                .environment(e -> e.variables(Map.of("AB", "1"))));
        lambda.waiter().waitUntilFunctionUpdatedV2(r -> r.functionName("cp-update"));
        var after = lambda.getFunctionConfiguration(r -> r.functionName("cp-update"));
        assertEquals(512, after.memorySize());
        assertEquals(10, after.timeout());
        assertEquals("changed", after.description());
        assertEquals(Map.of("AB", "1"), after.environment().variables());
        assertEquals(LastUpdateStatus.SUCCESSFUL, after.lastUpdateStatus());
    }

    @Test
    void updatesInARowSucceedWhenEachWaitsForTheLast() {
        // The refusal of an update while another is in progress is checked deterministically in
        // FunctionRegistryTest; here, through the SDK, each update waits (FunctionUpdatedV2) and lands.
        Functions.create(
                lambda, "cp-busy", "python3.11", "app.handler", Functions.python("def handler(e, c):\n    return 1\n"));
        for (int timeout : new int[] {5, 6, 8}) {
            lambda.updateFunctionConfiguration(r -> r.functionName("cp-busy").timeout(timeout));
            lambda.waiter().waitUntilFunctionUpdatedV2(r -> r.functionName("cp-busy"));
        }
        assertEquals(
                8,
                lambda.getFunctionConfiguration(r -> r.functionName("cp-busy")).timeout());
    }

    @Test
    void staleRevisionIdIsRefused() {
        Functions.create(
                lambda,
                "cp-revision",
                "python3.11",
                "app.handler",
                Functions.python("def handler(e, c):\n    return 1\n"));
        var e = assertThrows(
                software.amazon.awssdk.services.lambda.model.PreconditionFailedException.class,
                () -> lambda.updateFunctionConfiguration(
                        r -> r.functionName("cp-revision").revisionId("stale").timeout(4)));
        assertEquals(412, e.statusCode());
    }

    @Test
    void deleteRemovesTheFunction() {
        Functions.create(
                lambda,
                "cp-delete",
                "python3.11",
                "app.handler",
                Functions.python("def handler(e, c):\n    return 1\n"));
        assertEquals(
                "1", lambda.invoke(r -> r.functionName("cp-delete")).payload().asUtf8String());
        lambda.deleteFunction(r -> r.functionName("cp-delete"));
        assertThrows(ResourceNotFoundException.class, () -> lambda.getFunction(r -> r.functionName("cp-delete")));
        assertThrows(ResourceNotFoundException.class, () -> lambda.deleteFunction(r -> r.functionName("cp-delete")));
        assertFalse(lambda.listFunctions().functions().stream()
                .anyMatch(f -> f.functionName().equals("cp-delete")));
    }

    @Test
    void stateSurvivesARestart() throws Exception {
        try (TestNode own = TestNode.start()) {
            Functions.create(
                    own.lambda(),
                    "cp-restart",
                    "python3.11",
                    "app.handler",
                    Functions.python("def handler(e, c):\n    print('before restart')\n    return 'up'\n"));
            assertEquals(
                    "\"up\"",
                    own.lambda()
                            .invoke(r -> r.functionName("cp-restart"))
                            .payload()
                            .asUtf8String());
            var before = own.lambda().getFunctionConfiguration(r -> r.functionName("cp-restart"));
            own.restartNode();
            var after = own.lambda().getFunctionConfiguration(r -> r.functionName("cp-restart"));
            assertEquals(before.toString(), after.toString());
            assertEquals(
                    "\"up\"",
                    own.lambda()
                            .invoke(r -> r.functionName("cp-restart"))
                            .payload()
                            .asUtf8String());
            var events = own.logs()
                    .filterLogEvents(r -> r.logGroupName("/aws/lambda/cp-restart"))
                    .events();
            assertEquals(
                    2,
                    events.stream()
                            .filter(e -> e.message().equals("before restart"))
                            .count());
        }
    }
}

package dev.lamina.lambda.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.core.AwsException;
import dev.lamina.lambda.store.SqliteFunctionStore;
import dev.lamina.storage.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The function lifecycle's states, with code preparation held back by a manual executor so that
 * the in-between states can be observed (no sockets, no sleeps).
 */
class FunctionRegistryTest {
    @TempDir
    Path dir;

    private final Queue<Runnable> preparing = new ArrayDeque<>();
    private final Executor manual = preparing::add;
    private Database database;
    private FunctionRegistry registry;
    private Functions functions;
    private Versions versions;
    private Aliases aliases;

    @BeforeEach
    void setUp() throws Exception {
        database = new Database(dir.resolve("lamina.db"));
        FunctionDomain domain = open();
        registry = domain.registry;
        functions = domain.functions;
        versions = domain.versions;
        aliases = domain.aliases;
    }

    @AfterEach
    void closeDatabase() throws Exception {
        database.close();
    }

    /** The function domain on this test's database, as a node starting on the same data directory opens it. */
    private FunctionDomain open() {
        return new FunctionDomain(database, dir, manual, new SplittableRandom(7), CodePreparation.MAX_WAIT);
    }

    private static FunctionSettings settings(int timeout) {
        return FunctionDomain.settings(timeout);
    }

    private static byte[] zip(String content) {
        return FunctionDomain.zip(content);
    }

    private void runPreparation() {
        while (!preparing.isEmpty()) {
            preparing.poll().run();
        }
    }

    @Test
    void createIsPendingUntilItsCodeIsPrepared() throws Exception {
        FunctionConfig created = functions.create("f", settings(3), zip("#!/bin/sh\n"), Map.of());
        assertEquals(FunctionConfig.State.Pending, created.state());
        assertEquals("2026-01-02T03:04:05.678+0000", created.lastModified());
        assertEquals(FunctionConfig.State.Pending, registry.get("f").state());
        runPreparation();
        FunctionConfig active = registry.get("f");
        assertEquals(FunctionConfig.State.Active, active.state());
        assertNotEquals(created.revisionId(), active.revisionId());
    }

    @Test
    void anUpdateInProgressRefusesAnotherUntilItIsPrepared() throws Exception {
        functions.create("f", settings(3), zip("#!/bin/sh\n"), Map.of());
        runPreparation();
        FunctionConfig updating = functions.updateCode("f", zip("#!/bin/sh\necho 2\n"), null, null);
        assertEquals(FunctionConfig.UpdateStatus.InProgress, updating.lastUpdateStatus());
        AwsException conflict =
                assertThrows(AwsException.class, () -> functions.updateConfiguration("f", s -> settings(9), null));
        assertEquals(409, conflict.status());
        assertEquals("ResourceConflictException", conflict.code());
        runPreparation();
        assertEquals(FunctionConfig.UpdateStatus.Successful, registry.get("f").lastUpdateStatus());
        assertEquals(
                9,
                functions
                        .updateConfiguration("f", s -> settings(9), null)
                        .settings()
                        .timeoutSeconds());
    }

    @Test
    void aStaleRevisionIsAPreconditionFailure() throws Exception {
        functions.create("f", settings(3), zip("#!/bin/sh\n"), Map.of());
        runPreparation();
        AwsException stale = assertThrows(
                AwsException.class, () -> functions.updateConfiguration("f", s -> settings(4), "not-the-revision"));
        assertEquals(412, stale.status());
    }

    @Test
    void listenersHearOfChangesAndDeletes() throws Exception {
        List<String> heard = new ArrayList<>();
        registry.addListener(heard::add);
        functions.create("f", settings(3), zip("#!/bin/sh\n"), Map.of());
        runPreparation();
        functions.updateConfiguration("f", s -> settings(5), null);
        runPreparation();
        functions.delete("f");
        assertEquals(List.of("f", "f"), heard);
        assertEquals(
                404, assertThrows(AwsException.class, () -> registry.get("f")).status());
    }

    private void activeFunction() throws Exception {
        functions.create("f", settings(3), zip("#!/bin/sh\n"), Map.of());
        runPreparation();
    }

    @Test
    void publishingSnapshotsLatestAndReturnsTheSameVersionWhenNothingChanged() throws Exception {
        activeFunction();
        FunctionConfig one = versions.publish("f", null, "first", null);
        assertEquals("1", one.version());
        assertEquals("first", one.settings().description());
        assertEquals(one, versions.publish("f", null, "ignored", null));
        functions.updateConfiguration("f", s -> settings(7), null);
        runPreparation();
        assertEquals(3, registry.version("f", "1").settings().timeoutSeconds());
        FunctionConfig two = versions.publish("f", null, null, null);
        assertEquals("2", two.version());
        assertEquals(7, two.settings().timeoutSeconds());
        assertEquals(
                List.of("$LATEST", "1", "2"),
                registry.versions("f").stream().map(FunctionConfig::version).toList());
    }

    @Test
    void publishingChecksCodeShaRevisionAndUpdatesInProgress() throws Exception {
        activeFunction();
        AwsException sha = assertThrows(AwsException.class, () -> versions.publish("f", "bm90LWl0", null, null));
        assertEquals("InvalidParameterValueException", sha.code());
        AwsException revision = assertThrows(AwsException.class, () -> versions.publish("f", null, null, "old"));
        assertEquals(412, revision.status());
        functions.updateCode("f", zip("#!/bin/sh\necho 2\n"), null, null);
        assertEquals(
                409,
                assertThrows(AwsException.class, () -> versions.publish("f", null, null, null))
                        .status());
        assertEquals(
                List.of("$LATEST"),
                registry.versions("f").stream().map(FunctionConfig::version).toList());
    }

    @Test
    void versionNumbersAreNeverReusedAndSurviveARestart() throws Exception {
        activeFunction();
        versions.publish("f", null, null, null);
        functions.updateConfiguration("f", s -> settings(8), null);
        runPreparation();
        versions.publish("f", null, null, null);
        versions.delete("f", "2");
        versions.delete("f", "2"); // deleting what is gone succeeds, as on Lambda
        aliases.create("f", "live", "1", "d", Map.of());
        FunctionDomain reopened = open();
        assertEquals(
                List.of("$LATEST", "1"),
                reopened.registry.versions("f").stream()
                        .map(FunctionConfig::version)
                        .toList());
        assertEquals("1", reopened.registry.alias("f", "live").functionVersion());
        reopened.functions.updateConfiguration("f", s -> settings(9), null);
        runPreparation();
        assertEquals("3", reopened.versions.publish("f", null, null, null).version());
    }

    @Test
    void aliasesRouteByWeightAndProtectTheirVersions() throws Exception {
        activeFunction();
        versions.publish("f", null, null, null);
        functions.updateConfiguration("f", s -> settings(5), null);
        runPreparation();
        versions.publish("f", null, null, null);
        AliasConfig alias = aliases.create("f", "live", "1", null, Map.of("2", 0.25));
        assertEquals("2", alias.pick(0.1));
        assertEquals("1", alias.pick(0.25));
        assertEquals(
                409,
                assertThrows(AwsException.class, () -> versions.delete("f", "2"))
                        .status());
        assertEquals(
                409,
                assertThrows(AwsException.class, () -> aliases.create("f", "live", "1", null, null))
                        .status());
        assertEquals(
                "ValidationException",
                assertThrows(AwsException.class, () -> aliases.create("f", "123", "1", null, null))
                        .code());
        assertEquals(
                404,
                assertThrows(AwsException.class, () -> aliases.create("f", "x", "9", null, null))
                        .status());
        assertEquals(
                "InvalidParameterValueException",
                assertThrows(AwsException.class, () -> aliases.create("f", "x", "$LATEST", null, Map.of("1", 0.5)))
                        .code());
        assertEquals(
                "ValidationException",
                assertThrows(AwsException.class, () -> aliases.create("f", "x", "1", null, Map.of("2", 1.5)))
                        .code());
        assertEquals(
                List.of("live"),
                registry.aliases("f", null).stream().map(AliasConfig::name).toList());
        AliasConfig moved = aliases.update("f", "live", "2", null, Map.of(), alias.revisionId());
        assertEquals(null, moved.additionalVersion());
        assertEquals(
                412,
                assertThrows(AwsException.class, () -> aliases.update("f", "live", "1", null, null, alias.revisionId()))
                        .status());
        versions.delete("f", "1");
        assertEquals(5, registry.forInvoke("f", "live").settings().timeoutSeconds());
    }

    @Test
    void aDescriptionOnlyChangeIsANewVersionAndLeadingZerosNameNoVersion() throws Exception {
        activeFunction();
        versions.publish("f", null, null, null);
        functions.updateConfiguration("f", s -> s.withDescription("now described"), null);
        runPreparation();
        assertEquals("2", versions.publish("f", null, null, null).version());
        aliases.create("f", "live", "1", null, null);
        versions.delete("f", "01");
        assertEquals("1", registry.version("f", "1").version(), "'01' is no version, so nothing was deleted");
        assertEquals(
                404,
                assertThrows(AwsException.class, () -> registry.version("f", "01"))
                        .status());
    }

    @Test
    void provisionedConcurrencyAndPoliciesGoWithTheirAliasAndRefuseDoubleProvisioning() throws Exception {
        activeFunction();
        versions.publish("f", null, null, null);
        aliases.create("f", "live", "1", null, null);
        SqliteFunctionStore store = new SqliteFunctionStore(database, new ObjectMapper());
        Reservations reservations = new Reservations(store, registry, 1000);
        ProvisionedConcurrency provisioned =
                new ProvisionedConcurrency(store, registry, reservations, Clock.systemUTC());
        Permissions permissions = new Permissions(store, registry, functions);
        provisioned.put("f", "live", 2);
        permissions.add(
                "f",
                "live",
                new PolicyStatement("s", "lambda:InvokeFunction", "*", null, null, null, null, null, null),
                null);
        assertEquals(
                409,
                assertThrows(AwsException.class, () -> provisioned.put("f", "1", 1))
                        .status());
        assertEquals(
                400,
                assertThrows(AwsException.class, () -> aliases.update("f", "live", "$LATEST", null, null, null))
                        .status());
        assertEquals("1", registry.alias("f", "live").functionVersion(), "a refused move changed nothing");
        assertEquals(Map.of(registry.version("f", "1"), 2), provisioned.targets());

        aliases.delete("f", "live");
        aliases.create("f", "live", "1", null, null);
        assertEquals(
                404,
                assertThrows(AwsException.class, () -> provisioned.get("f", "live"))
                        .status());
        assertEquals(List.of(), permissions.statements("f", "live"));
        assertEquals(Map.of(), provisioned.targets());
        assertEquals(List.of(), store.allProvisioned(), "the stored configuration went too");
        provisioned.put("f", "1", 1);
        assertEquals(Map.of(registry.version("f", "1"), 1), provisioned.targets());
    }

    @Test
    void anAliasSplitsInvocationsByItsWeightWithTheInjectedGenerator() throws Exception {
        activeFunction();
        versions.publish("f", null, null, null);
        functions.updateConfiguration("f", s -> settings(5), null);
        runPreparation();
        versions.publish("f", null, null, null);
        aliases.create("f", "live", "1", null, Map.of("2", 0.1));
        int toTwo = 0;
        for (int i = 0; i < 10_000; i++) {
            if (registry.forInvoke("f", "live").version().equals("2")) {
                toTwo++;
            }
        }
        // binomial(10,000, 0.1): mean 1,000, standard deviation 30. The draws are seeded, so the count is
        // fixed (957), but it depends on how many ids were drawn before: three deviations of slack.
        assertTrue(toTwo >= 910 && toTwo <= 1090, "version 2 ran " + toTwo + " times");
        aliases.update("f", "live", null, null, Map.of("2", 1.0), null);
        for (int i = 0; i < 100; i++) {
            assertEquals("2", registry.forInvokeNow("f", "live").version());
        }
        aliases.update("f", "live", null, null, Map.of("2", 0.0), null);
        for (int i = 0; i < 100; i++) {
            assertEquals("1", registry.forInvokeNow("f", "live").version());
        }
        assertEquals("1", registry.version("f", "live").version(), "an alias's own version, without a draw");
    }

    @Test
    void anInvocationThatWouldWaitTooLongForTheCodeIsRefusedWithTheFunctionsState() throws Exception {
        FunctionDomain impatient = new FunctionDomain(database, dir, manual, new SplittableRandom(7), Duration.ZERO);
        impatient.functions.create("g", settings(3), zip("#!/bin/sh\n"), Map.of());
        assertNull(impatient.registry.forInvokeNow("g", null), "would wait for the code");
        AwsException pending =
                assertThrows(AwsException.class, () -> impatient.registry.forInvoke("g", FunctionRegistry.LATEST));
        assertEquals(409, pending.status());
        assertEquals(
                "The operation cannot be performed at this time. The function is currently in the following state:"
                        + " Pending",
                pending.getMessage());
        runPreparation();
        assertEquals(
                FunctionConfig.State.Active,
                impatient.registry.forInvoke("g", null).state());
    }

    @Test
    void codeThatCannotBeUnpackedFailsTheFunctionOrItsUpdate() throws Exception {
        FunctionDomain domain = open();
        FunctionConfig broken = domain.functions.create("g", settings(3), zip("#!/bin/sh\nexit 3\n"), Map.of());
        Files.delete(domain.code.zipPath(broken.code().sha256Hex()));
        runPreparation();
        FunctionConfig failed = domain.registry.get("g");
        assertEquals(FunctionConfig.State.Failed, failed.state());
        assertEquals(FunctionConfig.UpdateStatus.Failed, failed.lastUpdateStatus());
        assertEquals(
                "The operation cannot be performed at this time. The function is currently in the following state:"
                        + " Failed",
                assertThrows(AwsException.class, () -> domain.registry.forInvoke("g", null))
                        .getMessage());

        activeFunction();
        FunctionConfig updating = functions.updateCode("f", zip("#!/bin/sh\nexit 4\n"), null, null);
        Files.delete(domain.code.zipPath(updating.code().sha256Hex()));
        runPreparation();
        FunctionConfig afterUpdate = registry.get("f");
        assertEquals(
                FunctionConfig.State.Active, afterUpdate.state(), "an update that fails leaves the function Active");
        assertEquals(FunctionConfig.UpdateStatus.Failed, afterUpdate.lastUpdateStatus());
    }

    @Test
    void revisionIdsChangeWhereLambdasDo() throws Exception {
        FunctionConfig created = functions.create("f", settings(3), zip("#!/bin/sh\n"), Map.of());
        runPreparation();
        String active = registry.get("f").revisionId();
        assertNotEquals(created.revisionId(), active, "Pending to Active");
        FunctionConfig updating = functions.updateConfiguration("f", s -> s, null);
        assertNotEquals(active, updating.revisionId(), "an update that changes nothing starts");
        runPreparation();
        String updated = registry.get("f").revisionId();
        assertNotEquals(updating.revisionId(), updated, "and finishes");
        FunctionConfig one = versions.publish("f", null, null, null);
        String published = registry.get("f").revisionId();
        assertNotEquals(updated, published, "publishing relabels $LATEST");
        assertEquals(one, versions.publish("f", null, null, null));
        assertEquals(published, registry.get("f").revisionId(), "publishing nothing new changes nothing");
        functions.tag("f", tags -> Map.of("k", "v"));
        assertEquals(published, registry.get("f").revisionId(), "tags are no revision");
        AliasConfig alias = aliases.create("f", "live", "1", null, null);
        AliasConfig same = aliases.update("f", "live", null, null, null, alias.revisionId());
        assertEquals(alias.functionVersion(), same.functionVersion());
        assertNotEquals(alias.revisionId(), same.revisionId(), "an alias update that changes nothing");
        new Permissions(new SqliteFunctionStore(database, new ObjectMapper()), registry, functions)
                .add(
                        "f",
                        null,
                        new PolicyStatement("s", "lambda:InvokeFunction", "*", null, null, null, null, null, null),
                        published);
        assertNotEquals(published, registry.get("f").revisionId(), "a policy change");
    }

    @Test
    void listenersAreToldAfterEachChangeInTheOrderTheyWereAdded() throws Exception {
        List<String> heard = new ArrayList<>();
        registry.addListener(new FunctionRegistry.Listener() {
            @Override
            public void changed(String functionName) {
                heard.add("first changed " + functionName + (registry.exists(functionName) ? "" : ", gone"));
            }

            @Override
            public void versionDeleted(String functionName, String version) {
                heard.add("first versionDeleted " + version
                        + (registry.find(functionName, version) == null ? ", gone" : ""));
            }

            @Override
            public void aliasDeleted(String functionName, String alias) {
                heard.add("first aliasDeleted " + alias);
            }

            @Override
            public void aliasChanging(AliasConfig next) {
                heard.add("first aliasChanging to " + next.functionVersion() + " from "
                        + registry.alias(next.function(), next.name()).functionVersion());
            }
        });
        registry.addListener(name -> heard.add("second changed " + name));
        activeFunction();
        versions.publish("f", null, null, null);
        functions.updateConfiguration("f", s -> settings(4), null);
        runPreparation();
        versions.publish("f", null, null, null);
        aliases.create("f", "live", "1", null, null);
        aliases.update("f", "live", "2", null, null, null);
        versions.delete("f", "1");
        aliases.delete("f", "live");
        functions.delete("f");
        assertEquals(
                List.of(
                        "first changed f",
                        "second changed f",
                        "first aliasChanging to 2 from 1",
                        "first versionDeleted 1, gone",
                        "first aliasDeleted live",
                        "first changed f, gone",
                        "second changed f"),
                heard);
    }
}

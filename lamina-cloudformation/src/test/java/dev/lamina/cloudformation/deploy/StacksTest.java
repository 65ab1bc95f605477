package dev.lamina.cloudformation.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cloudformation.resource.Providers;
import dev.lamina.cloudformation.resource.ResourceProvider;
import dev.lamina.cloudformation.stack.ChangeSet;
import dev.lamina.cloudformation.stack.Stack;
import dev.lamina.cloudformation.stack.StackEvent;
import dev.lamina.cloudformation.stack.StackResource;
import dev.lamina.cloudformation.stack.StackStatus;
import dev.lamina.cloudformation.stack.StackStore;
import dev.lamina.cloudformation.template.ParameterValues;
import dev.lamina.core.AwsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stack operations over resource providers that only record what they are asked, on a stopped clock. */
class StacksTest {
    final MemoryStore store = new MemoryStore();
    /** What exists, by physical id: what the fake providers made and not yet removed. */
    final Map<String, String> existing = new LinkedHashMap<>();

    final List<String> calls = new ArrayList<>();
    final Stacks stacks = new Stacks(
            store,
            new Providers(
                    Map.of("Test::Thing", new Thing(), "Test::Failing", new Failing(), "Test::Version", new Version())),
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC),
            new SplittableRandom(7),
            "us-east-1",
            "000000000000",
            Duration.ofSeconds(10),
            task -> task);

    @AfterEach
    void close() {
        stacks.close();
    }

    static final String TEMPLATE = """
            Parameters:
              Size: {Type: String, Default: small}
            Resources:
              A:
                Type: Test::Thing
                Properties: {Size: !Ref Size}
              B:
                Type: Test::Thing
                Properties: {Peer: !GetAtt A.Name}
            Outputs:
              Both: {Value: !Sub '${A}+${B}'}
            """;

    @Test
    void aStackIsMadeInOrderAndItsOutputsResolved() throws Exception {
        Stack stack = deploy("s", "CREATE", TEMPLATE, List.of());
        assertEquals("CREATE_COMPLETE", stack.status().name());
        assertEquals(List.of("create A {\"Size\":\"small\"}", "create B {\"Peer\":\"name-A\"}"), calls);
        assertEquals("id-A+id-B", stack.outputs().getFirst().value());
        assertEquals(List.of("A", "B"), List.copyOf(stack.resources().keySet()));
        List<String> events = store.events(stack.id()).reversed().stream()
                .map(e -> e.logicalId() + " " + e.status())
                .toList();
        assertEquals(
                List.of(
                        "s CREATE_IN_PROGRESS",
                        "A CREATE_IN_PROGRESS",
                        "A CREATE_COMPLETE",
                        "B CREATE_IN_PROGRESS",
                        "B CREATE_COMPLETE",
                        "s CREATE_COMPLETE"),
                events);
    }

    @Test
    void aFailedCreateRemovesWhatItMade() throws Exception {
        Stack stack = deploy("s", "CREATE", """
                Resources:
                  A: {Type: Test::Thing}
                  Bad: {Type: Test::Failing, DependsOn: A}
                """, List.of());
        assertEquals("ROLLBACK_COMPLETE", stack.status().name());
        assertTrue(stack.status().reason().contains("[Bad]"), stack.status().reason());
        assertTrue(existing.isEmpty(), existing.toString());
        assertTrue(stack.resources().isEmpty());
        StackEvent failed = store.events(stack.id()).stream()
                .filter(e -> e.status().equals("CREATE_FAILED"))
                .findFirst()
                .orElseThrow();
        assertEquals(
                "Resource handler returned message: \"no such thing\" (Status Code: 400, Error Code:"
                        + " InvalidParameterValueException)",
                failed.reason());
    }

    @Test
    void anUpdateChangesInPlaceAndAFailedOneChangesBack() throws Exception {
        deploy("s", "CREATE", TEMPLATE, List.of());
        calls.clear();
        Stack updated = deploy("s", "UPDATE", TEMPLATE, List.of(new ParameterValues.Given("Size", "big", false)));
        assertEquals("UPDATE_COMPLETE", updated.status().name());
        assertEquals(List.of("update A {\"Size\":\"big\"}"), calls, "B's properties did not change");

        calls.clear();
        Stack failed = deploy(
                "s",
                "UPDATE",
                TEMPLATE.replace("Outputs:", "  C: {Type: Test::Failing, DependsOn: B}\nOutputs:"),
                List.of(new ParameterValues.Given("Size", "huge", false)));
        assertEquals("UPDATE_ROLLBACK_COMPLETE", failed.status().name());
        assertEquals(List.of("update A {\"Size\":\"huge\"}", "update A {\"Size\":\"big\"}"), calls);
        assertEquals(Map.of("Size", "big"), failed.parameters());
        assertEquals(2, existing.size());
    }

    @Test
    void aReplacementAnsweredWithTheResourceInUseKeepsIt() throws Exception {
        String template = """
                Resources:
                  V:
                    Type: Test::Version
                    Properties: {Code: a, Note: one}
                """;
        deploy("s", "CREATE", template, List.of());
        Stack same = deploy("s", "UPDATE", template.replace("one", "two"), List.of());
        assertEquals("UPDATE_COMPLETE", same.status().name());
        assertEquals("v-a", same.resources().get("V").physicalId());
        assertEquals(Map.of("v-a", "V"), existing, "the version the service answered again is not deleted");

        Stack replaced = deploy("s", "UPDATE", template.replace("a,", "b,"), List.of());
        assertEquals("v-b", replaced.resources().get("V").physicalId());
        assertEquals(Map.of("v-b", "V"), existing, "a real replacement removes the old one");
    }

    @Test
    void anUnchangedTemplateIsAChangeSetOfNoChanges() throws Exception {
        deploy("s", "CREATE", TEMPLATE, List.of());
        ChangeSet same = stacks.createChangeSet(request("s", "again", "UPDATE", TEMPLATE, List.of()));
        assertEquals("FAILED", same.status());
        assertEquals(Stacks.NO_CHANGES, same.statusReason());
        AwsException e = assertThrows(AwsException.class, () -> stacks.executeChangeSet("s", "again"));
        assertEquals("InvalidChangeSetStatus", e.code());
    }

    @Test
    void aDeletedStackLeavesNothingAndItsNameFree() throws Exception {
        Stack stack = deploy("s", "CREATE", TEMPLATE, List.of());
        stacks.deleteStack("s");
        assertTrue(existing.isEmpty());
        assertEquals("DELETE_COMPLETE", stacks.stack(stack.id()).status().name());
        assertEquals(
                "Stack with id s does not exist",
                assertThrows(AwsException.class, () -> stacks.stack("s")).getMessage());
        assertEquals(
                "CREATE_COMPLETE",
                deploy("s", "CREATE", TEMPLATE, List.of()).status().name());
    }

    @Test
    void aRetainedResourceOutlivesItsStackAndItsTemplate() throws Exception {
        String retained = """
                Resources:
                  Kept:
                    Type: Test::Thing
                    DeletionPolicy: Retain
                  Dropped:
                    Type: Test::Thing
                    DeletionPolicy: Retain
                  Gone:
                    Type: Test::Thing
                """;
        Stack stack = deploy("r", "CREATE", retained, List.of());
        deploy(
                "r",
                "UPDATE",
                retained.substring(0, retained.indexOf("  Dropped:")) + "  Gone:\n    Type: Test::Thing\n",
                List.of());
        assertEquals(Map.of("id-Kept", "Kept", "id-Dropped", "Dropped", "id-Gone", "Gone"), existing);
        stacks.deleteStack("r");
        assertEquals(Map.of("id-Kept", "Kept", "id-Dropped", "Dropped"), existing);
        assertEquals("DELETE_COMPLETE", stacks.stack(stack.id()).status().name());
        List<String> skipped = store.events(stack.id()).stream()
                .filter(e -> e.status().equals("DELETE_SKIPPED"))
                .map(StackEvent::logicalId)
                .toList()
                .reversed();
        assertEquals(List.of("Dropped", "Kept"), skipped);
    }

    @Test
    void anExportIsImportedByAnotherStackAndTakenOnlyOnce() throws Exception {
        String exporting =
                "Resources:\n  A: {Type: Test::Thing}\nOutputs:\n  Out: {Value: !Ref A, Export: {Name: shared}}\n";
        deploy("one", "CREATE", exporting, List.of());
        Stack importing = deploy(
                "two",
                "CREATE",
                "Resources:\n  B:\n    Type: Test::Thing\n    Properties: {From: !ImportValue shared}\n",
                List.of());
        assertEquals("CREATE_COMPLETE", importing.status().name());
        assertEquals(
                "{\"From\":\"id-A\"}",
                importing.resources().get("B").properties().toString());
        Stack again = deploy("three", "CREATE", exporting, List.of());
        assertEquals("ROLLBACK_COMPLETE", again.status().name());
        assertEquals(
                "Export with name shared is already exported by stack one",
                again.status().reason());
    }

    @Test
    void whatAStoppedNodeLeftInProgressIsEndedAtStart() throws Exception {
        Stack made = deploy("s", "CREATE", TEMPLATE, List.of());
        Stack updated = deploy("u", "CREATE", "Resources:\n  C: {Type: Test::Thing}\n", List.of());
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        store.put(made.withStatus(new StackStatus.InProgress(StackStatus.Operation.CREATE, t, null)));
        store.put(updated.withStatus(new StackStatus.InProgress(StackStatus.Operation.UPDATE, t, null)));
        stacks.recover();
        Stack rolledBack = store.find("s").orElseThrow();
        assertEquals("ROLLBACK_COMPLETE", rolledBack.status().name());
        assertEquals(
                "The node stopped while the stack was in CREATE_IN_PROGRESS",
                rolledBack.status().reason());
        assertEquals(List.of("id-C"), List.copyOf(existing.keySet()), "what the interrupted create made is gone");
        assertEquals(
                "UPDATE_ROLLBACK_FAILED", store.find("u").orElseThrow().status().name());
    }

    @Test
    void aTypeWithoutAProviderIsRefusedBeforeAnythingIsStored() {
        AwsException e = assertThrows(
                AwsException.class,
                () -> stacks.createChangeSet(
                        request("s", "c", "CREATE", "Resources:\n  X: {Type: AWS::EC2::Instance}\n", List.of())));
        assertTrue(
                e.getMessage().startsWith("Template format error: Unrecognized resource types: [AWS::EC2::Instance]"));
        assertTrue(store.all().isEmpty());
    }

    private Stack deploy(String name, String type, String template, List<ParameterValues.Given> parameters)
            throws Exception {
        String changeSet = "cs" + calls.size() + store.changeSets.size();
        stacks.createChangeSet(request(name, changeSet, type, template, parameters));
        stacks.executeChangeSet(name, changeSet);
        return store.find(name).orElseThrow();
    }

    private static Stacks.ChangeSetRequest request(
            String stack, String name, String type, String template, List<ParameterValues.Given> parameters) {
        return new Stacks.ChangeSetRequest(stack, name, type, template, false, parameters, List.of(), null);
    }

    /** Makes {@code id-<logical>}, with attribute Name {@code name-<logical>}, and updates in place. */
    final class Thing implements ResourceProvider {
        @Override
        public Made create(Request request) {
            calls.add("create " + request.logicalId() + " " + request.properties());
            existing.put("id-" + request.logicalId(), request.logicalId());
            return new Made("id-" + request.logicalId(), Map.of("Name", "name-" + request.logicalId()));
        }

        @Override
        public Made update(Request request, StackResource current) {
            calls.add("update " + request.logicalId() + " " + request.properties());
            return new Made(current.physicalId(), current.attributes());
        }

        @Override
        public void delete(StackResource resource) {
            existing.remove(resource.physicalId());
        }
    }

    /**
     * Replaced on every change, named by its code as PublishVersion answers: the same code gives back
     * the resource that exists.
     */
    final class Version implements ResourceProvider {
        @Override
        public Made create(Request request) {
            String id = "v-" + request.properties().path("Code").asText();
            existing.put(id, request.logicalId());
            return new Made(id, Map.of());
        }

        @Override
        public void delete(StackResource resource) {
            existing.remove(resource.physicalId());
        }
    }

    /** Fails as a service refuses a bad request. */
    static final class Failing implements ResourceProvider {
        @Override
        public Made create(Request request) {
            throw new AwsException(400, "InvalidParameterValueException", "no such thing");
        }

        @Override
        public void delete(StackResource resource) {}
    }

    static final class MemoryStore implements StackStore {
        final Map<String, Stack> stacks = new LinkedHashMap<>();
        final List<StackEvent> events = new ArrayList<>();
        final Map<String, ChangeSet> changeSets = new LinkedHashMap<>();

        @Override
        public synchronized Optional<Stack> find(String nameOrId) {
            return stacks.values().stream()
                    .filter(s -> s.id().equals(nameOrId)
                            || s.name().equals(nameOrId) && !s.status().deleted())
                    .findFirst();
        }

        @Override
        public synchronized void put(Stack stack) {
            stacks.put(stack.id(), stack);
        }

        @Override
        public synchronized List<Stack> all() {
            return List.copyOf(stacks.values()).reversed();
        }

        @Override
        public synchronized void append(StackEvent event) {
            events.add(event);
        }

        @Override
        public synchronized List<StackEvent> events(String stackId) {
            return events.stream()
                    .filter(e -> e.stackId().equals(stackId))
                    .toList()
                    .reversed();
        }

        @Override
        public synchronized void put(ChangeSet changeSet) {
            changeSets.put(changeSet.id(), changeSet);
        }

        @Override
        public synchronized Optional<ChangeSet> changeSet(String stackId, String nameOrId) {
            return changeSets(stackId).stream()
                    .filter(c -> c.id().equals(nameOrId) || c.name().equals(nameOrId))
                    .findFirst();
        }

        @Override
        public synchronized List<ChangeSet> changeSets(String stackId) {
            return changeSets.values().stream()
                    .filter(c -> c.stackId().equals(stackId))
                    .toList();
        }
    }
}

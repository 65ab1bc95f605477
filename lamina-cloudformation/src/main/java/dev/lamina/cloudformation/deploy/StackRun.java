package dev.lamina.cloudformation.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.cloudformation.resource.Providers;
import dev.lamina.cloudformation.resource.ResourceProvider;
import dev.lamina.cloudformation.stack.Stack;
import dev.lamina.cloudformation.stack.StackEvent;
import dev.lamina.cloudformation.stack.StackResource;
import dev.lamina.cloudformation.stack.StackStatus;
import dev.lamina.cloudformation.stack.StackStore;
import dev.lamina.cloudformation.template.Conditions;
import dev.lamina.cloudformation.template.Intrinsics;
import dev.lamina.cloudformation.template.Template;
import dev.lamina.core.AwsException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

/**
 * Runs one operation on one stack to its end: makes the template's resources in dependency order,
 * updates them, or removes them, storing the stack and an event after each step so DescribeStacks and
 * DescribeStackEvents show progress. A create or update that fails rolls back (what it made is
 * removed, what it changed is changed back) and the stack ends in {@code ROLLBACK_COMPLETE} or
 * {@code UPDATE_ROLLBACK_COMPLETE}. Runs on the operation's own thread; the stack's in-progress status
 * keeps any other operation off it.
 */
final class StackRun {
    private static final Logger LOG = Logger.getLogger(StackRun.class.getName());
    private static final String STACK_TYPE = "AWS::CloudFormation::Stack";

    private final StackStore store;
    private final Providers providers;
    private final Clock clock;
    private final RandomGenerator random;
    private final String region;
    private final String account;

    StackRun(
            StackStore store, Providers providers, Clock clock, RandomGenerator random, String region, String account) {
        this.store = store;
        this.providers = providers;
        this.clock = clock;
        this.random = random;
        this.region = region;
        this.account = account;
    }

    /** What an update changed, so that a rollback can change it back. */
    private interface Undo {
        void run() throws Exception;
    }

    /** Makes {@code stack}'s resources ({@code CREATE_IN_PROGRESS} and stored); rolls back on failure. */
    void create(Stack stack) {
        Template template = decided(stack);
        Map<String, StackResource> made = new LinkedHashMap<>();
        String failed = null;
        try {
            for (String id : template.order()) {
                failed = id;
                Template.Resource r = template.resources().get(id);
                event(stack, id, r.type(), null, "CREATE_IN_PROGRESS", null);
                ObjectNode props = resolve(r.properties(), stack, made);
                ResourceProvider.Made m =
                        provider(r.type()).create(new ResourceProvider.Request(stack.name(), id, props));
                made.put(id, resource(id, r.type(), m, props, "CREATE_COMPLETE"));
                stack = save(stack.withResources(made));
                event(stack, id, r.type(), m.physicalId(), "CREATE_COMPLETE", null);
            }
            failed = null;
            stack = stack.withOutputs(outputs(template, stack, made));
            settle(stack, stack.status().succeed(clock.instant()));
        } catch (Exception e) {
            String reason = reason(e);
            if (failed != null) {
                event(stack, failed, template.resources().get(failed).type(), null, "CREATE_FAILED", reason);
            }
            String why = failed == null
                    ? reason
                    : "The following resource(s) failed to create: [" + failed + "]. Rollback requested by user.";
            stack = settle(stack, stack.status().fail(why, clock.instant()));
            removeAll(stack);
        }
    }

    /**
     * Changes {@code before}'s resources to {@code after}'s template ({@code UPDATE_IN_PROGRESS} and
     * stored); on failure changes back and restores {@code before}'s template and parameters.
     */
    void update(Stack before, Stack after) {
        Template template = decided(after);
        Map<String, StackResource> current = new LinkedHashMap<>(before.resources());
        List<StackResource> replaced = new ArrayList<>();
        Deque<Undo> undo = new ArrayDeque<>();
        Stack stack = after.withResources(current);
        String stackName = after.name();
        String failed = null;
        try {
            for (String id : template.order()) {
                failed = id;
                Template.Resource r = template.resources().get(id);
                ObjectNode props = resolve(r.properties(), stack, current);
                StackResource old = current.get(id);
                if (old != null && old.type().equals(r.type()) && props.equals(old.properties())) {
                    continue;
                }
                ResourceProvider.Request request = new ResourceProvider.Request(stack.name(), id, props);
                ResourceProvider provider = provider(r.type());
                event(
                        stack,
                        id,
                        r.type(),
                        old == null ? null : old.physicalId(),
                        old == null ? "CREATE_IN_PROGRESS" : "UPDATE_IN_PROGRESS",
                        null);
                ResourceProvider.Made m =
                        old != null && old.type().equals(r.type()) ? provider.update(request, old) : null;
                if (m != null) {
                    StackResource updated = resource(id, r.type(), m, props, "UPDATE_COMPLETE");
                    current.put(id, updated);
                    undo.push(() -> provider.update(
                            new ResourceProvider.Request(stackName, id, (ObjectNode) old.properties()), updated));
                } else {
                    m = provider.create(request);
                    StackResource fresh =
                            resource(id, r.type(), m, props, old == null ? "CREATE_COMPLETE" : "UPDATE_COMPLETE");
                    current.put(id, fresh);
                    // A replacement the service answered with the resource it had (PublishVersion with
                    // nothing changed) is no replacement: deleting either would delete the one in use.
                    boolean same = old != null && old.physicalId().equals(m.physicalId());
                    if (old != null && !same) {
                        replaced.add(old);
                    }
                    if (!same) {
                        undo.push(() -> provider.delete(fresh));
                    }
                }
                stack = save(stack.withResources(current));
                event(stack, id, r.type(), m.physicalId(), current.get(id).status(), null);
            }
            failed = null;
            for (StackResource old : before.resources().values()) {
                if (!template.resources().containsKey(old.logicalId())) {
                    replaced.add(old);
                    current.remove(old.logicalId());
                }
            }
            // kept in the template's order, so that removing them newest first (removeAll) removes what
            // depends on a resource before it, also after an update made a resource that an older one,
            // changed in place, now names (a stage pointed at a new deployment)
            Map<String, StackResource> ordered = new LinkedHashMap<>();
            template.order().stream().filter(current::containsKey).forEach(id -> ordered.put(id, current.get(id)));
            current.forEach(ordered::putIfAbsent);
            stack = stack.withResources(ordered).withOutputs(outputs(template, stack, ordered));
            for (StackResource gone : replaced.reversed()) {
                String id = gone.logicalId();
                remove(
                        stack,
                        gone,
                        retained(
                                before.template(),
                                id,
                                template.resources().containsKey(id) ? "UpdateReplacePolicy" : "DeletionPolicy"));
            }
            settle(stack, stack.status().succeed(clock.instant()));
        } catch (Exception e) {
            String reason = reason(e);
            if (failed != null) {
                event(stack, failed, template.resources().get(failed).type(), null, "UPDATE_FAILED", reason);
            }
            String why = failed == null ? reason : "The following resource(s) failed to update: [" + failed + "]. ";
            stack = settle(stack, stack.status().fail(why, clock.instant()));
            try {
                while (!undo.isEmpty()) {
                    undo.pop().run();
                }
            } catch (Exception rollback) {
                LOG.log(Level.WARNING, "rolling back stack " + stack.name() + " failed", rollback);
                settle(stack, stack.status().fail(reason(rollback), clock.instant()));
                return;
            }
            Stack restored = stack.withTemplate(
                            before.templateBody(),
                            before.template(),
                            before.description(),
                            before.parameters(),
                            clock.instant(),
                            before.capabilities())
                    .withResources(before.resources())
                    .withOutputs(before.outputs());
            settle(restored, stack.status().succeed(clock.instant()));
        }
    }

    /** Removes every resource of {@code stack} ({@code DELETE_IN_PROGRESS} or rolling back), newest first. */
    void removeAll(Stack stack) {
        Map<String, StackResource> left = new LinkedHashMap<>(stack.resources());
        try {
            for (StackResource r : new ArrayList<>(stack.resources().values()).reversed()) {
                remove(stack, r, retained(stack.template(), r.logicalId(), "DeletionPolicy"));
                left.remove(r.logicalId());
                stack = save(stack.withResources(left));
            }
            settle(stack.withOutputs(List.of()), stack.status().succeed(clock.instant()));
        } catch (Exception e) {
            LOG.log(Level.WARNING, "removing the resources of stack " + stack.name() + " failed", e);
            settle(stack, stack.status().fail(reason(e), clock.instant()));
        }
    }

    /**
     * Removes {@code r}, or, when its template retains it, leaves it in place and says so as
     * CloudFormation does ({@code DELETE_SKIPPED}).
     */
    private void remove(Stack stack, StackResource r, boolean retain) throws Exception {
        if (retain) {
            event(stack, r.logicalId(), r.type(), r.physicalId(), "DELETE_SKIPPED", null);
            return;
        }
        event(stack, r.logicalId(), r.type(), r.physicalId(), "DELETE_IN_PROGRESS", null);
        try {
            provider(r.type()).delete(r);
        } catch (Exception e) {
            event(stack, r.logicalId(), r.type(), r.physicalId(), "DELETE_FAILED", reason(e));
            throw e;
        }
        event(stack, r.logicalId(), r.type(), r.physicalId(), "DELETE_COMPLETE", null);
    }

    /**
     * Whether {@code template} keeps resource {@code id} when the stack lets go of it: its
     * {@code policy} ({@code DeletionPolicy} when the stack is deleted, rolled back or the template
     * drops it; {@code UpdateReplacePolicy} when an update replaces it) is {@code Retain}.
     */
    static boolean retained(ObjectNode template, String id, String policy) {
        return "Retain".equals(template.path("Resources").path(id).path(policy).asText());
    }

    private StackScope scope(Stack stack, Map<String, StackResource> made) {
        return new StackScope(
                stack,
                made,
                region,
                account,
                name -> exporter(name, stack.id()) instanceof Export e ? e.value() : null);
    }

    /** An output another live stack exports. */
    private record Export(String stackName, String value) {}

    /** Who else exports {@code name} (a live stack other than {@code self}), or {@code null}. */
    private Export exporter(String name, String self) {
        for (Stack other : store.all()) {
            if (!other.id().equals(self) && !other.status().deleted()) {
                for (Stack.Output o : other.outputs()) {
                    if (name.equals(o.exportName())) {
                        return new Export(other.name(), o.value());
                    }
                }
            }
        }
        return null;
    }

    /** The stack's template with its conditions decided for its parameters. */
    private Template decided(Stack stack) {
        return Template.of(Conditions.apply(stack.template(), scope(stack, Map.of())));
    }

    private ResourceProvider provider(String type) {
        ResourceProvider provider = providers.of(type);
        if (provider == null) {
            throw new AwsException(400, "ValidationError", "This node makes no resources of type " + type);
        }
        return provider;
    }

    private ObjectNode resolve(ObjectNode properties, Stack stack, Map<String, StackResource> made) {
        return (ObjectNode) Intrinsics.resolve(properties, scope(stack, made));
    }

    private List<Stack.Output> outputs(Template template, Stack stack, Map<String, StackResource> made) {
        StackScope scope = scope(stack, made);
        List<Stack.Output> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : template.outputs().properties()) {
            JsonNode o = e.getValue();
            JsonNode value = Intrinsics.resolve(o.path("Value"), scope);
            JsonNode export = o.path("Export").path("Name");
            String exportName = export.isMissingNode()
                    ? null
                    : Intrinsics.resolve(export, scope).asText();
            Export taken = exportName == null ? null : exporter(exportName, stack.id());
            if (taken != null) {
                throw new AwsException(
                        400,
                        "ValidationError",
                        "Export with name " + exportName + " is already exported by stack " + taken.stackName());
            }
            out.add(new Stack.Output(
                    e.getKey(),
                    value.isArray() ? String.join(",", texts(value)) : value.asText(),
                    o.path("Description").asText(null),
                    exportName));
        }
        return out;
    }

    private static List<String> texts(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(v -> out.add(v.asText()));
        return out;
    }

    private StackResource resource(String id, String type, ResourceProvider.Made m, JsonNode props, String status) {
        return new StackResource(id, type, m.physicalId(), m.attributes(), props, status, clock.instant());
    }

    private Stack save(Stack stack) {
        store.put(stack);
        return stack;
    }

    /** Stores the stack in {@code next} and says so in its events. */
    Stack settle(Stack stack, StackStatus next) {
        Stack out = save(stack.withStatus(next));
        event(out, stack.name(), STACK_TYPE, stack.id(), next.name(), next.reason());
        return out;
    }

    void event(Stack stack, String logicalId, String type, String physicalId, String status, String reason) {
        store.append(new StackEvent(
                stack.id(),
                RandomIds.uuid(random),
                stack.name(),
                logicalId,
                physicalId == null ? "" : physicalId,
                type,
                clock.instant(),
                status,
                reason));
    }

    /**
     * A failure as a status reason: CloudFormation's own validation message as it is, a service's
     * message with its code and status.
     */
    static String reason(Exception e) {
        if (e instanceof AwsException aws && aws.code().equals("ValidationError")) {
            return aws.getMessage(); // the template's or the stack's own error, not a service's
        }
        if (e instanceof AwsException aws) {
            return "Resource handler returned message: \"" + aws.getMessage() + "\" (Status Code: " + aws.status()
                    + ", Error Code: " + aws.code() + ")";
        }
        LOG.log(Level.WARNING, "a resource operation failed", e);
        return "Internal failure: " + e;
    }
}

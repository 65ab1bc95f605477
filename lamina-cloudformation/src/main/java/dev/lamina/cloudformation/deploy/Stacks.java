package dev.lamina.cloudformation.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.cloudformation.resource.Providers;
import dev.lamina.cloudformation.stack.ChangeSet;
import dev.lamina.cloudformation.stack.Stack;
import dev.lamina.cloudformation.stack.StackEvent;
import dev.lamina.cloudformation.stack.StackStatus;
import dev.lamina.cloudformation.stack.StackStore;
import dev.lamina.cloudformation.template.ParameterValues;
import dev.lamina.cloudformation.template.SamTransform;
import dev.lamina.cloudformation.template.Template;
import dev.lamina.cloudformation.template.TemplateErrors;
import dev.lamina.cloudformation.template.TemplateText;
import dev.lamina.core.AwsException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

/**
 * CloudFormation's operations on stacks and change sets. A change set is computed at once (its status
 * is final when CreateChangeSet answers); executing one, CreateStack, UpdateStack and DeleteStack
 * start the stack's operation on a thread of its own ({@link StackRun}) and answer once it has ended
 * or {@code answerWithin} has passed, whichever is first: the CLI's waiters then find the stack
 * settled at their first look instead of sleeping 30 s, while a slow operation is still seen in
 * progress, as on AWS. Thread-safe: operations on one stack are kept apart by its in-progress status,
 * checked and set under this object's lock.
 */
public final class Stacks implements AutoCloseable {
    /** A change set of no changes fails with this reason, which {@code aws cloudformation deploy} looks for. */
    public static final String NO_CHANGES =
            "The submitted information didn't contain changes. Submit different information to create a change set.";

    private final StackStore store;
    private final Providers providers;
    private final StackRun run;
    private final Clock clock;
    private final RandomGenerator random;
    private final String region;
    private final String account;
    private final Duration answerWithin;
    private final ExecutorService operations = Executors.newVirtualThreadPerTaskExecutor();
    /** Runs a stack's operation as the request that started it acts (see the constructor). */
    private final Executor actingForCaller;

    /**
     * @param asCaller makes a task, started on another thread, act as the request that started it
     *     (taken on the request's thread): a caller makes no resource it could not make itself, as on
     *     AWS without a service role
     */
    public Stacks(
            StackStore store,
            Providers providers,
            Clock clock,
            RandomGenerator random,
            String region,
            String account,
            Duration answerWithin,
            UnaryOperator<Runnable> asCaller) {
        this.store = store;
        this.actingForCaller = task -> operations.execute(asCaller.apply(task));
        this.providers = providers;
        this.run = new StackRun(store, providers, clock, random, region, account);
        this.clock = clock;
        this.random = random;
        this.region = region;
        this.account = account;
        this.answerWithin = answerWithin;
    }

    /** A template read, transformed and checked: what ValidateTemplate answers and a change set is made from. */
    public record Checked(ObjectNode original, ObjectNode processed, Template template, Set<String> capabilities) {}

    /** Reads, transforms and checks {@code body}; throws {@code ValidationError} as CloudFormation words it. */
    public Checked check(String body) {
        return check(body, true);
    }

    /**
     * {@link #check(String)}, or, with {@code deployable} false, the check of a template that may not
     * be packaged yet (ValidateTemplate, GetTemplateSummary): a SAM function's local {@code CodeUri} passes.
     */
    public Checked check(String body, boolean deployable) {
        ObjectNode doc = TemplateText.parse(body);
        ObjectNode processed = SamTransform.wanted(doc) ? SamTransform.apply(doc, deployable) : doc;
        if (processed.has("Transform")) {
            throw TemplateErrors.validation("Transform " + processed.get("Transform") + " is not one this node runs");
        }
        Template template = Template.of(processed);
        Set<String> unknown = new TreeSet<>();
        Set<String> capabilities = new TreeSet<>();
        for (Template.Resource r : template.resources().values()) {
            if (!providers.types().contains(r.type())) {
                unknown.add(r.type());
            }
            if (r.type().startsWith("AWS::IAM::")) {
                capabilities.add(r.properties().has("RoleName") ? "CAPABILITY_NAMED_IAM" : "CAPABILITY_IAM");
            }
        }
        if (!unknown.isEmpty()) {
            throw TemplateErrors.format("Unrecognized resource types: " + unknown + " (this node makes "
                    + new TreeSet<>(providers.types()) + ")");
        }
        if (doc != processed) {
            capabilities.add("CAPABILITY_AUTO_EXPAND");
        }
        return new Checked(doc, processed, template, capabilities);
    }

    /** What CreateChangeSet is asked. */
    public record ChangeSetRequest(
            String stackName,
            String changeSetName,
            String type,
            String templateBody,
            boolean usePreviousTemplate,
            List<ParameterValues.Given> parameters,
            List<String> capabilities,
            String description) {}

    /** Computes a change set; returns it (its stack exists from now on, in REVIEW_IN_PROGRESS for a CREATE). */
    public synchronized ChangeSet createChangeSet(ChangeSetRequest request) {
        Optional<Stack> existing = store.find(request.stackName());
        boolean create = "CREATE".equals(request.type());
        if (create && existing.isPresent() && !(existing.get().status() instanceof StackStatus.Review)) {
            throw new AwsException(400, "AlreadyExistsException", "Stack [" + request.stackName() + "] already exists");
        }
        if (!create
                && existing.map(s -> s.status() instanceof StackStatus.Review).orElse(true)) {
            throw TemplateErrors.validation("Stack [" + request.stackName() + "] does not exist");
        }
        if (!create) {
            // refused now, as on AWS, rather than when executed: e.g. a stack in ROLLBACK_COMPLETE
            existing.get().status().begin(StackStatus.Operation.UPDATE, clock.instant(), request.stackName());
        }
        String body = request.usePreviousTemplate()
                ? existing.map(Stack::templateBody)
                        .orElseThrow(() -> TemplateErrors.validation(
                                "UsePreviousTemplate cannot be used with a stack that has no template"))
                : request.templateBody();
        Checked checked = check(body);
        Stack before = existing.orElse(null);
        Map<String, String> parameters = ParameterValues.of(
                object(checked.processed(), "Parameters"),
                request.parameters(),
                before == null ? Map.of() : before.parameters());
        requireCapabilities(checked.capabilities(), request.capabilities());
        Stack stack = before != null ? before : newStack(request.stackName(), body, checked);
        if (store.changeSet(stack.id(), request.changeSetName()).isPresent()) {
            throw new AwsException(
                    400, "AlreadyExistsException", "ChangeSet [" + request.changeSetName() + "] already exists");
        }
        List<ChangeSet.Change> changes = changes(before, checked.template(), parameters);
        boolean same = before != null
                && before.template().equals(checked.processed())
                && before.parameters().equals(parameters);
        String changeSetId = "arn:aws:cloudformation:" + region + ":" + account + ":changeSet/"
                + request.changeSetName() + "/" + RandomIds.uuid(random);
        ChangeSet changeSet = new ChangeSet(
                changeSetId,
                request.changeSetName(),
                stack.id(),
                stack.name(),
                create ? "CREATE" : "UPDATE",
                same ? "FAILED" : "CREATE_COMPLETE",
                same ? NO_CHANGES : null,
                same ? "UNAVAILABLE" : "AVAILABLE",
                request.description(),
                clock.instant(),
                body,
                parameters,
                request.capabilities(),
                changes);
        if (before == null) {
            store.put(stack);
        }
        store.put(changeSet);
        return changeSet;
    }

    private Stack newStack(String name, String body, Checked checked) {
        if (!name.matches("[a-zA-Z][-a-zA-Z0-9]{0,127}")) {
            throw TemplateErrors.validation("1 validation error detected: Value '" + name + "' at 'stackName' failed"
                    + " to satisfy constraint: Member must satisfy regular expression pattern:"
                    + " [a-zA-Z][-a-zA-Z0-9]*");
        }
        String id =
                "arn:aws:cloudformation:" + region + ":" + account + ":stack/" + name + "/" + RandomIds.uuid(random);
        return new Stack(
                id,
                name,
                new StackStatus.Review(clock.instant()),
                checked.template().description(),
                clock.instant(),
                null,
                body,
                checked.processed(),
                Map.of(),
                Map.of(),
                List.of(),
                List.of());
    }

    private static void requireCapabilities(Set<String> needed, List<String> given) {
        Set<String> missing = new TreeSet<>();
        for (String capability : needed) {
            boolean covered = given.contains(capability)
                    || capability.equals("CAPABILITY_IAM") && given.contains("CAPABILITY_NAMED_IAM");
            if (!covered && !capability.equals("CAPABILITY_AUTO_EXPAND")) {
                missing.add(capability);
            }
        }
        if (!missing.isEmpty()) {
            throw new AwsException(400, "InsufficientCapabilitiesException", "Requires capabilities : " + missing);
        }
    }

    private static List<ChangeSet.Change> changes(Stack before, Template after, Map<String, String> parameters) {
        List<ChangeSet.Change> out = new ArrayList<>();
        Template old = before == null || before.resources().isEmpty() ? null : Template.of(before.template());
        for (Template.Resource r : after.resources().values()) {
            var made = before == null ? null : before.resources().get(r.logicalId());
            if (made == null) {
                out.add(new ChangeSet.Change("Add", r.logicalId(), null, r.type(), null));
            } else if (!made.type().equals(r.type())) {
                out.add(new ChangeSet.Change("Modify", r.logicalId(), made.physicalId(), r.type(), "True"));
            } else if (old == null
                    || !old.resources().containsKey(r.logicalId())
                    || !old.resources().get(r.logicalId()).properties().equals(r.properties())
                    || !before.parameters().equals(parameters)) {
                out.add(new ChangeSet.Change("Modify", r.logicalId(), made.physicalId(), r.type(), "Conditional"));
            }
        }
        if (before != null) {
            before.resources().values().stream()
                    .filter(made -> !after.resources().containsKey(made.logicalId()))
                    .forEach(made -> out.add(
                            new ChangeSet.Change("Remove", made.logicalId(), made.physicalId(), made.type(), null)));
        }
        return out;
    }

    private static ObjectNode object(ObjectNode doc, String member) {
        JsonNode value = doc.path(member);
        return value.isObject() ? (ObjectNode) value : doc.objectNode();
    }

    /** The change set {@code nameOrId} of stack {@code stackName} (either may be an ARN; the stack may be left out for an ARN). */
    public synchronized ChangeSet changeSet(String stackName, String nameOrId) {
        String stackId =
                stackName != null ? store.find(stackName).map(Stack::id).orElse(null) : stackIdOf(nameOrId);
        Optional<ChangeSet> found = stackId == null ? Optional.empty() : store.changeSet(stackId, nameOrId);
        return found.orElseThrow(
                () -> new AwsException(404, "ChangeSetNotFound", "ChangeSet [" + nameOrId + "] does not exist"));
    }

    private String stackIdOf(String changeSetId) {
        if (!changeSetId.startsWith("arn:")) {
            throw TemplateErrors.validation("StackName must be specified if ChangeSetName is not specified as an ARN.");
        }
        for (Stack s : store.all()) {
            if (store.changeSet(s.id(), changeSetId).isPresent()) {
                return s.id();
            }
        }
        return null;
    }

    /** Executes a change set: creates or updates its stack. */
    public void executeChangeSet(String stackName, String nameOrId) throws InterruptedException {
        CompletableFuture<Void> done;
        synchronized (this) {
            ChangeSet changeSet = changeSet(stackName, nameOrId);
            if (!changeSet.executionStatus().equals("AVAILABLE")) {
                throw new AwsException(
                        400,
                        "InvalidChangeSetStatus",
                        "ChangeSet [" + changeSet.id()
                                + "] cannot be executed in its current execution status of ["
                                + changeSet.executionStatus()
                                + "]");
            }
            Stack before = store.find(changeSet.stackId()).orElseThrow();
            boolean create = changeSet.type().equals("CREATE");
            StackStatus next = before.status()
                    .begin(
                            create ? StackStatus.Operation.CREATE : StackStatus.Operation.UPDATE,
                            clock.instant(),
                            before.name());
            Checked checked = check(changeSet.templateBody());
            Stack after = before.withTemplate(
                    changeSet.templateBody(),
                    checked.processed(),
                    checked.template().description(),
                    changeSet.parameters(),
                    create ? null : clock.instant(),
                    changeSet.capabilities());
            after = run.settle(after, next);
            for (ChangeSet other : store.changeSets(before.id())) {
                store.put(
                        other.withExecutionStatus(other.id().equals(changeSet.id()) ? "EXECUTE_COMPLETE" : "OBSOLETE"));
            }
            Stack started = after;
            done = CompletableFuture.runAsync(
                    () -> {
                        if (create) {
                            run.create(started);
                        } else {
                            run.update(before, started);
                        }
                    },
                    actingForCaller);
        }
        await(done);
    }

    /** Deletes a stack; a stack that does not exist is no error, as on AWS. */
    public void deleteStack(String nameOrId) throws InterruptedException {
        CompletableFuture<Void> done;
        synchronized (this) {
            Optional<Stack> found = store.find(nameOrId);
            if (found.isEmpty() || found.get().status().deleted()) {
                return;
            }
            Stack stack = found.get();
            if (stack.status() instanceof StackStatus.InProgress p && p.operation() == StackStatus.Operation.DELETE) {
                return;
            }
            Stack deleting = run.settle(
                    stack, stack.status().begin(StackStatus.Operation.DELETE, clock.instant(), stack.name()));
            done = CompletableFuture.runAsync(() -> run.removeAll(deleting), actingForCaller);
        }
        await(done);
    }

    private void await(CompletableFuture<Void> done) throws InterruptedException {
        try {
            done.get(answerWithin.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // still running: the caller's waiter sees it in progress and looks again
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a stack operation failed unexpectedly", e.getCause());
        }
    }

    /**
     * Ends what the node's last run left in progress, before the node takes requests for stacks: a
     * create is rolled back, a rollback or delete goes on, an update (whose way back was in memory)
     * ends in {@code UPDATE_ROLLBACK_FAILED}. Runs on the caller's thread; the services the stacks'
     * resources belong to must be serving.
     */
    public synchronized void recover() {
        for (Stack stack : store.all()) {
            if (!(stack.status() instanceof StackStatus.InProgress p)) {
                continue;
            }
            String why =
                    "The node stopped while the stack was in " + stack.status().name();
            switch (p.operation()) {
                case CREATE -> run.removeAll(run.settle(stack, stack.status().fail(why, clock.instant())));
                case ROLLBACK, DELETE -> run.removeAll(stack);
                case UPDATE ->
                    run.settle(
                            run.settle(stack, stack.status().fail(why, clock.instant())),
                            new StackStatus.Failed(StackStatus.Operation.UPDATE_ROLLBACK, clock.instant(), why));
                default -> run.settle(stack, stack.status().fail(why, clock.instant()));
            }
        }
    }

    /** A stack, live by name or any by ARN; throws CloudFormation's {@code ValidationError} when there is none. */
    public Stack stack(String nameOrId) {
        return store.find(nameOrId)
                .orElseThrow(() -> TemplateErrors.validation("Stack with id " + nameOrId + " does not exist"));
    }

    /** The live stacks (DescribeStacks without a name); a stack in review is not shown, as on AWS. */
    public List<Stack> live() {
        return store.all().stream()
                .filter(s -> !s.status().deleted() && !(s.status() instanceof StackStatus.Review))
                .toList();
    }

    /** Every stack, deleted ones included (ListStacks). */
    public List<Stack> all() {
        return store.all();
    }

    public List<StackEvent> events(String nameOrId) {
        return store.events(stack(nameOrId).id());
    }

    public List<ChangeSet> changeSets(String nameOrId) {
        return store.changeSets(stack(nameOrId).id());
    }

    /** Stops the operations still running (their stacks stay in progress until {@link #recover}). */
    @Override
    public void close() {
        operations.shutdownNow();
    }
}

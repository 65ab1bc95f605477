package dev.lamina.node.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.cloudformation.CloudFormationService;
import dev.lamina.core.AwsException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lamina deploy} and {@code lamina delete}: {@code aws cloudformation deploy} and {@code delete-stack}
 * plus its waiter, in one command each, through a node's S3 and CloudFormation APIs. Both print the
 * stack's events as they happen and answer 0 only when the stack ended as asked.
 */
final class StackCommands {
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration CHANGE_SET_WAIT = Duration.ofMinutes(5);

    private StackCommands() {}

    @Command(
            name = "deploy",
            mixinStandardHelpOptions = true,
            description = "Package a template's local code into the node's S3 and create or update its stack"
                    + " through a change set, as 'aws cloudformation package' and 'deploy' do.")
    static final class Deploy implements Callable<Integer> {
        private static final ObjectMapper JSON = new ObjectMapper();

        @Option(names = "--template-file", required = true, description = "The template (YAML or JSON).")
        Path templateFile;

        @Option(names = "--stack-name", required = true, description = "The stack to create or update.")
        String stackName;

        @Option(
                names = "--parameter-overrides",
                arity = "1..*",
                paramLabel = "KEY=VALUE",
                description = "Parameter values; a parameter not given keeps the stack's value (or its default).")
        List<String> parameterOverrides = new ArrayList<>();

        @Option(
                names = "--capabilities",
                arity = "1..*",
                description = "CAPABILITY_IAM, CAPABILITY_NAMED_IAM, CAPABILITY_AUTO_EXPAND.")
        List<String> capabilities = new ArrayList<>();

        @Option(
                names = "--no-execute-changeset",
                description = "Create the change set and stop, to review it before executing it.")
        boolean noExecute;

        @Option(
                names = "--s3-bucket",
                description = "The node's bucket for packaged code, made if missing (default ${DEFAULT-VALUE}).")
        String s3Bucket = "lamina-deploy-artifacts";

        @Mixin
        NodeOptions nodeOptions;

        @Override
        public Integer call() throws Exception {
            PrintStream out = System.out;
            PrintStream err = System.err;
            Map<String, String> overrides;
            try {
                overrides = overrides();
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                return 1;
            }
            if (!Files.isRegularFile(templateFile)) {
                err.println("Invalid template path " + templateFile);
                return 1;
            }
            ObjectNode template;
            try {
                template = CloudFormationService.parseTemplate(Files.readString(templateFile));
            } catch (AwsException e) {
                err.println(templateFile + ": " + e.getMessage());
                return 1;
            }
            NodeClient node = nodeOptions.client();
            StackApi api = new StackApi(node);
            try {
                Path dir = templateFile.toAbsolutePath().getParent();
                new TemplatePackage(dir, new ArtifactBucket(node, s3Bucket)).rewrite(template);
                Optional<StackApi.Stack> existing = api.stack(stackName);
                boolean create = existing.isEmpty() || existing.get().status().equals("REVIEW_IN_PROGRESS");
                List<String> keepPrevious = new ArrayList<>();
                if (!create) {
                    template.path("Parameters").properties().forEach(p -> {
                        if (!overrides.containsKey(p.getKey())
                                && existing.get().parameters().containsKey(p.getKey())) {
                            keepPrevious.add(p.getKey());
                        }
                    });
                }
                String changeSet = api.createChangeSet(
                        stackName,
                        "lamina-deploy-" + Instant.now().toEpochMilli(),
                        create ? "CREATE" : "UPDATE",
                        JSON.writeValueAsString(template),
                        overrides,
                        keepPrevious,
                        capabilities);
                out.println("Waiting for changeset to be created..");
                StackApi.ChangeSet created = awaitChangeSet(api, stackName, changeSet);
                if (created.status().equals("FAILED")) {
                    String reason = created.reason() == null ? "" : created.reason();
                    if (reason.contains("didn't contain changes")
                            || reason.contains("No updates are to be performed")) {
                        out.println("No changes to deploy. Stack " + stackName + " is up to date");
                        return 0;
                    }
                    err.println("Failed to create the changeset: " + reason);
                    return 1;
                }
                if (noExecute) {
                    out.println("Changeset created successfully. Review it with:");
                    out.println("aws cloudformation describe-change-set --change-set-name " + changeSet);
                    return 0;
                }
                StackProgress progress = new StackProgress(api.events(stackName));
                out.println("Waiting for stack create/update to complete");
                StackApi.Stack after =
                        watch(api, stackName, progress, () -> api.executeChangeSet(stackName, changeSet));
                if (StackProgress.outcome(after.status()) != StackProgress.Outcome.SUCCEEDED) {
                    err.println("Failed to " + (create ? "create" : "update") + " the stack " + stackName + ": "
                            + failure(after, progress));
                    return 1;
                }
                out.println("Successfully created/updated stack - " + stackName);
                if (!after.outputs().isEmpty()) {
                    out.println("Outputs:");
                    after.outputs().forEach((k, v) -> out.println("  " + k + ": " + v));
                }
                return 0;
            } catch (StackApi.Failure | TemplatePackage.MissingArtifact e) {
                err.println(e.getMessage());
                return 1;
            } catch (ConnectException e) {
                err.println(unreachable(node));
                return 1;
            } catch (FileSystemException | UncheckedIOException e) {
                // a file the package cannot read, or a link loop in a directory it zips
                err.println("Could not package the template's code: "
                        + (e instanceof UncheckedIOException u ? u.getCause() : e).getMessage());
                return 1;
            }
        }

        private Map<String, String> overrides() {
            Map<String, String> out = new LinkedHashMap<>();
            for (String pair : parameterOverrides) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(
                            "--parameter-overrides takes KEY=VALUE pairs, not '" + pair + "'");
                }
                out.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            return out;
        }

        private static StackApi.ChangeSet awaitChangeSet(StackApi api, String stack, String id)
                throws IOException, InterruptedException {
            Instant giveUp = Instant.now().plus(CHANGE_SET_WAIT);
            while (true) {
                StackApi.ChangeSet c = api.changeSet(stack, id);
                if (!c.status().endsWith("_PENDING") && !c.status().endsWith("_IN_PROGRESS")) {
                    return c;
                }
                if (Instant.now().isAfter(giveUp)) {
                    throw new IOException("The change set " + id + " was still " + c.status() + " after "
                            + CHANGE_SET_WAIT.toMinutes() + " minutes");
                }
                Thread.sleep(POLL);
            }
        }
    }

    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = "Delete a stack and its resources, printing its events until it is gone.")
    static final class Delete implements Callable<Integer> {
        @Option(names = "--stack-name", required = true, description = "The stack to delete.")
        String stackName;

        @Mixin
        NodeOptions nodeOptions;

        @Override
        public Integer call() throws Exception {
            NodeClient node = nodeOptions.client();
            StackApi api = new StackApi(node);
            try {
                Optional<StackApi.Stack> stack = api.stack(stackName);
                if (stack.isEmpty()) {
                    System.err.println("Stack " + stackName + " does not exist");
                    return 1;
                }
                // by id: once deleted, the stack is no longer found by its name
                String id = stack.get().id();
                StackProgress progress = new StackProgress(api.events(id));
                System.out.println("Waiting for stack delete to complete");
                StackApi.Stack after = watch(api, id, progress, () -> api.deleteStack(id));
                if (!after.status().equals("DELETE_COMPLETE")) {
                    System.err.println("Failed to delete the stack " + stackName + ": " + failure(after, progress));
                    return 1;
                }
                System.out.println("Successfully deleted stack - " + stackName);
                return 0;
            } catch (StackApi.Failure e) {
                System.err.println(e.getMessage());
                return 1;
            } catch (ConnectException e) {
                System.err.println(unreachable(node));
                return 1;
            }
        }
    }

    private static String unreachable(NodeClient node) {
        return "Could not connect to the node at " + node.endpoint()
                + " (is it running? --endpoint or LAMINA_ENDPOINT names another node)";
    }

    /** The status, the stack's reason, and the first failed resource's own reason. */
    private static String failure(StackApi.Stack stack, StackProgress progress) {
        StringBuilder out = new StringBuilder(stack.status());
        if (stack.reason() != null && !stack.reason().isEmpty()) {
            out.append(": ").append(stack.reason());
        }
        progress.firstFailure()
                .ifPresent(e -> out.append(" (")
                        .append(e.logicalId())
                        .append(": ")
                        .append(e.reason())
                        .append(")"));
        return out.toString();
    }

    /** A request that starts a stack's operation (and may answer before it ends). */
    interface Start {
        void run() throws IOException, InterruptedException;
    }

    /**
     * Starts the operation on a thread of its own (the node answers when it ends or after a while) and
     * prints the stack's new events until the request has answered and the stack is no longer in
     * progress; answers the stack as it ended.
     */
    private static StackApi.Stack watch(StackApi api, String stack, StackProgress progress, Start start)
            throws IOException, InterruptedException {
        CompletableFuture<Void> started = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                start.run();
                started.complete(null);
            } catch (Exception e) {
                started.completeExceptionally(e);
            }
        });
        while (true) {
            boolean answered = started.isDone();
            try {
                // a look every POLL, and one as soon as the node answers (most operations end before that)
                started.get(answered ? 0 : POLL.toMillis(), TimeUnit.MILLISECONDS);
                answered = true;
            } catch (TimeoutException e) {
                answered = false;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IOException(e.getCause());
            }
            for (StackApi.Event e : progress.fresh(api.events(stack))) {
                System.out.println(StackProgress.line(e));
            }
            Optional<StackApi.Stack> now = api.stack(stack);
            if (now.isEmpty()) {
                throw new IOException("The stack " + stack + " is gone");
            }
            if (answered && StackProgress.outcome(now.get().status()) != StackProgress.Outcome.IN_PROGRESS) {
                // the last events may have come after this round's look at them
                for (StackApi.Event e : progress.fresh(api.events(stack))) {
                    System.out.println(StackProgress.line(e));
                }
                return now.get();
            }
            if (answered) {
                Thread.sleep(POLL); // the operation outlived the request
            }
        }
    }
}

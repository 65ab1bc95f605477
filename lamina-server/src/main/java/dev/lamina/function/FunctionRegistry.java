package dev.lamina.function;

import dev.lamina.edge.AwsException;
import dev.lamina.runtime.RuntimeCatalog;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The functions of this node: the domain operations behind the control-plane API. Reads come from an
 * in-memory map (the invoke path's metadata cache); mutations are serialised, written to the store,
 * then published to the map and to listeners. Code is prepared (unpacked) off the request thread:
 * a new function is {@code Pending} and an updated one {@code InProgress} until it is.
 */
public final class FunctionRegistry {
    private static final Logger LOG = Logger.getLogger(FunctionRegistry.class.getName());
    private static final DateTimeFormatter LAST_MODIFIED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);
    public static final String LATEST = "$LATEST";

    /** Told after a function's code or configuration changed or it was deleted; called on the mutating thread. */
    public interface Listener {
        void changed(String functionName);
    }

    private final FunctionStore repository;
    private final CodeStore code;
    private final FunctionValidation validation;
    private final Arns arns;
    private final Clock clock;
    private final Executor preparer;
    private final Map<String, FunctionConfig> functions = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<FunctionConfig>> preparing = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public FunctionRegistry(
            FunctionStore repository,
            CodeStore code,
            RuntimeCatalog runtimes,
            Arns arns,
            Clock clock,
            Executor preparer) {
        this.repository = repository;
        this.code = code;
        this.validation = new FunctionValidation(runtimes);
        this.arns = arns;
        this.clock = clock;
        this.preparer = preparer;
        for (FunctionConfig config : repository.all()) {
            functions.put(config.name(), config);
            if (config.state() == FunctionConfig.State.Pending
                    || config.lastUpdateStatus() == FunctionConfig.UpdateStatus.InProgress) {
                prepare(config);
            }
        }
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public Arns arns() {
        return arns;
    }

    public CodeStore code() {
        return code;
    }

    public synchronized FunctionConfig create(
            String name, FunctionSettings settings, byte[] zip, Map<String, String> tags) {
        FunctionValidation.name(name);
        validation.settings(settings);
        if (zip == null) {
            throw AwsException.invalidParameter("Code is required: set Code.ZipFile to the deployment package.");
        }
        if (functions.containsKey(name)) {
            throw AwsException.conflict("Function already exist: " + name);
        }
        CodeRef ref = code.put(zip);
        FunctionValidation.handlerPresent(code, ref, settings);
        FunctionConfig config = new FunctionConfig(
                name,
                LATEST,
                settings,
                ref,
                newRevision(),
                now(),
                FunctionConfig.State.Pending,
                FunctionConfig.UpdateStatus.Successful,
                tags);
        repository.put(config);
        functions.put(name, config);
        prepare(config);
        return config;
    }

    public FunctionConfig get(String name) {
        FunctionConfig config = functions.get(name);
        if (config == null) {
            throw AwsException.notFound("Function not found: " + arns.functionArn(name, LATEST));
        }
        return config;
    }

    public List<FunctionConfig> list() {
        List<FunctionConfig> all = new ArrayList<>(functions.values());
        all.sort(Comparator.comparing(FunctionConfig::name));
        return all;
    }

    public synchronized FunctionConfig updateCode(String name, byte[] zip, String expectedRevision) {
        FunctionConfig current = mutable(name, expectedRevision);
        CodeRef ref = code.put(zip);
        FunctionValidation.handlerPresent(code, ref, current.settings());
        return update(new FunctionConfig(
                name,
                LATEST,
                current.settings(),
                ref,
                newRevision(),
                now(),
                current.state(),
                FunctionConfig.UpdateStatus.InProgress,
                current.tags()));
    }

    public synchronized FunctionConfig updateConfiguration(
            String name, UnaryOperator<FunctionSettings> change, String expectedRevision) {
        FunctionConfig current = mutable(name, expectedRevision);
        FunctionSettings next = change.apply(current.settings());
        validation.settings(next);
        if (!next.handler().equals(current.settings().handler())
                || !next.runtime().equals(current.settings().runtime())) {
            FunctionValidation.handlerPresent(code, current.code(), next);
        }
        return update(new FunctionConfig(
                name,
                LATEST,
                next,
                current.code(),
                newRevision(),
                now(),
                current.state(),
                FunctionConfig.UpdateStatus.InProgress,
                current.tags()));
    }

    public synchronized void delete(String name) {
        get(name);
        repository.delete(name);
        functions.remove(name);
        listeners.forEach(l -> l.changed(name));
    }

    /**
     * The configuration to invoke: waits (bounded) while the function's code is being prepared, as
     * a caller that just created a function expects it to run.
     */
    public FunctionConfig forInvoke(String name) {
        FunctionConfig config = get(name);
        if (config.state() == FunctionConfig.State.Active
                && config.lastUpdateStatus() != FunctionConfig.UpdateStatus.InProgress) {
            return config;
        }
        CompletableFuture<FunctionConfig> pending = preparing.get(name);
        if (pending != null) {
            try {
                config = pending.get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw AwsException.service("Interrupted");
            } catch (ExecutionException | TimeoutException e) {
                config = get(name);
            }
        }
        if (config.state() != FunctionConfig.State.Active) {
            throw AwsException.conflict(
                    "The operation cannot be performed at this time. The function is currently in the"
                            + " following state: " + config.state());
        }
        return config;
    }

    private FunctionConfig mutable(String name, String expectedRevision) {
        FunctionConfig current = get(name);
        if (expectedRevision != null && !expectedRevision.equals(current.revisionId())) {
            throw AwsException.preconditionFailed("The Revision Id provided does not match the latest Revision Id. "
                    + "Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
        }
        if (current.state() == FunctionConfig.State.Pending
                || current.lastUpdateStatus() == FunctionConfig.UpdateStatus.InProgress) {
            throw AwsException.conflict("The operation cannot be performed at this time. An update is in progress for"
                    + " resource: " + arns.functionArn(name));
        }
        return current;
    }

    private FunctionConfig update(FunctionConfig next) {
        repository.put(next);
        functions.put(next.name(), next);
        listeners.forEach(l -> l.changed(next.name()));
        prepare(next);
        return next;
    }

    /** Unpacks the code off the request thread, then makes the version Active / Successful. */
    private void prepare(FunctionConfig config) {
        CompletableFuture<FunctionConfig> done = new CompletableFuture<>();
        preparing.put(config.name(), done);
        preparer.execute(() -> {
            FunctionConfig result;
            try {
                code.unpacked(config.code().sha256Hex());
                result = finish(config, FunctionConfig.State.Active, FunctionConfig.UpdateStatus.Successful);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "preparing " + config.name() + " failed", e);
                result = finish(config, FunctionConfig.State.Failed, FunctionConfig.UpdateStatus.Failed);
            }
            preparing.remove(config.name(), done);
            done.complete(result);
        });
    }

    private synchronized FunctionConfig finish(
            FunctionConfig prepared, FunctionConfig.State state, FunctionConfig.UpdateStatus status) {
        FunctionConfig current = functions.get(prepared.name());
        if (current == null || !current.revisionId().equals(prepared.revisionId())) {
            return current == null ? prepared : current;
        }
        FunctionConfig.State nextState = current.state() == FunctionConfig.State.Pending ? state : current.state();
        FunctionConfig next = current.withStatus(nextState, status, newRevision());
        repository.put(next);
        functions.put(next.name(), next);
        return next;
    }

    private String now() {
        return LAST_MODIFIED.format(clock.instant());
    }

    private static String newRevision() {
        return UUID.randomUUID().toString();
    }
}

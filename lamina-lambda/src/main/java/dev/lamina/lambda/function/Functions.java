package dev.lamina.lambda.function;

import dev.lamina.lambda.LambdaErrors;
import dev.lamina.lambda.runtime.RuntimeCatalog;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The functions of this node and their {@code $LATEST}: CreateFunction, UpdateFunctionCode,
 * UpdateFunctionConfiguration, DeleteFunction and tags. A change is checked, written to the store,
 * then to the {@link FunctionRegistry} (what the invoke path reads), then told to its listeners.
 * Code is prepared off the request thread ({@link CodePreparation}): a new function answers
 * {@code Pending} and an update {@code InProgress} until it is, then becomes {@code Active} and
 * {@code Successful}, each time with a new revision id (AWS does the same).
 *
 * <p>Called by the control plane's request threads, and by the preparer at the end of a preparation;
 * every method holds the registry's monitor (see {@link FunctionRegistry} on locking).
 */
public final class Functions {
    private final FunctionRegistry registry;
    private final FunctionStore store;
    private final CodeStore code;
    private final FunctionValidation validation;
    private final CodePreparation preparation;
    private final Revisions revisions;

    /** Builds on {@code registry} and prepares again the code of functions left {@code Pending} or {@code InProgress}. */
    public Functions(FunctionRegistry registry, FunctionStore store, RuntimeCatalog runtimes, Revisions revisions) {
        this.registry = registry;
        this.store = store;
        this.code = registry.code();
        this.validation = new FunctionValidation(runtimes);
        this.preparation = registry.preparation();
        this.revisions = revisions;
        for (FunctionConfig config : registry.list()) {
            if (config.state() == FunctionConfig.State.Pending
                    || config.lastUpdateStatus() == FunctionConfig.UpdateStatus.InProgress) {
                preparation.prepare(config, this::finish);
            }
        }
    }

    public FunctionConfig create(String name, FunctionSettings settings, byte[] zip, Map<String, String> tags) {
        synchronized (registry) {
            FunctionValidation.name(name);
            validation.settings(settings);
            if (zip == null) {
                throw LambdaErrors.invalidParameter("Code is required: set Code.ZipFile to the deployment package.");
            }
            if (registry.exists(name)) {
                throw LambdaErrors.conflict("Function already exist: " + name);
            }
            CodeRef ref = code.put(zip);
            FunctionValidation.handlerPresent(code, ref, settings);
            FunctionValidation.sizeWithLayers(code, ref, settings.layers());
            FunctionConfig config = new FunctionConfig(
                    name,
                    FunctionRegistry.LATEST,
                    settings,
                    ref,
                    revisions.newId(),
                    revisions.lastModified(),
                    FunctionConfig.State.Pending,
                    FunctionConfig.UpdateStatus.Successful,
                    tags);
            store.put(config);
            registry.putLatest(config);
            preparation.prepare(config, this::finish);
            return config;
        }
    }

    /**
     * Replaces {@code $LATEST}'s package.
     *
     * @param architectures the instruction set the new package is built for, or {@code null} to keep
     *     the function's
     */
    public FunctionConfig updateCode(String name, byte[] zip, List<String> architectures, String expectedRevision) {
        synchronized (registry) {
            FunctionConfig current = latestToChange(name, expectedRevision);
            CodeRef ref = code.put(zip);
            FunctionValidation.handlerPresent(code, ref, current.settings());
            FunctionValidation.sizeWithLayers(code, ref, current.settings().layers());
            FunctionSettings settings = architectures == null
                    ? current.settings()
                    : current.settings().withArchitectures(architectures);
            return update(current, settings, ref);
        }
    }

    public FunctionConfig updateConfiguration(
            String name, UnaryOperator<FunctionSettings> change, String expectedRevision) {
        synchronized (registry) {
            FunctionConfig current = latestToChange(name, expectedRevision);
            FunctionSettings next = change.apply(current.settings());
            validation.settings(next);
            boolean layersChanged = !next.layers().equals(current.settings().layers());
            if (!next.handler().equals(current.settings().handler())
                    || !next.runtime().equals(current.settings().runtime())
                    || layersChanged) {
                FunctionValidation.handlerPresent(code, current.code(), next);
            }
            if (layersChanged) {
                FunctionValidation.sizeWithLayers(code, current.code(), next.layers());
            }
            return update(current, next, current.code());
        }
    }

    /** Deletes a function with its versions and aliases. */
    public void delete(String name) {
        synchronized (registry) {
            registry.get(name);
            store.delete(name);
            registry.forget(name);
            registry.tell(l -> l.changed(name));
        }
    }

    /** Gives {@code $LATEST} a new revision id, as Lambda does when a function's policy changes or it publishes. */
    public void touch(String name) {
        synchronized (registry) {
            FunctionConfig latest = registry.get(name);
            FunctionConfig relabelled = latest.withStatus(latest.state(), latest.lastUpdateStatus(), revisions.newId());
            store.put(relabelled);
            registry.putLatest(relabelled);
        }
    }

    /** Replaces the function's tags (they belong to the function, not to a version); the revision stays. */
    public FunctionConfig tag(String name, UnaryOperator<Map<String, String>> change) {
        synchronized (registry) {
            FunctionConfig latest = registry.get(name);
            Map<String, String> tags = change.apply(latest.tags());
            FunctionConfig tagged = new FunctionConfig(
                    name,
                    FunctionRegistry.LATEST,
                    latest.settings(),
                    latest.code(),
                    latest.revisionId(),
                    latest.lastModified(),
                    latest.state(),
                    latest.lastUpdateStatus(),
                    tags);
            store.put(tagged);
            registry.putLatest(tagged);
            return tagged;
        }
    }

    /**
     * A function's {@code $LATEST} as a change may start from: {@code expectedRevision}, when given,
     * must be its revision, and no earlier change may still be preparing its code. Called under the
     * registry's monitor (by this class and {@link Versions}).
     */
    FunctionConfig latestToChange(String name, String expectedRevision) {
        assert Thread.holdsLock(registry);
        FunctionConfig current = registry.get(name);
        if (expectedRevision != null && !expectedRevision.equals(current.revisionId())) {
            throw LambdaErrors.preconditionFailed("The Revision Id provided does not match the latest Revision Id. "
                    + "Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
        }
        if (current.state() == FunctionConfig.State.Pending
                || current.lastUpdateStatus() == FunctionConfig.UpdateStatus.InProgress) {
            throw LambdaErrors.conflict("The operation cannot be performed at this time. An update is in progress for"
                    + " resource: " + registry.arns().functionArn(name));
        }
        return current;
    }

    /** Stores an update of {@code $LATEST}, tells the listeners, and prepares its code. */
    private FunctionConfig update(FunctionConfig current, FunctionSettings settings, CodeRef ref) {
        FunctionConfig next = new FunctionConfig(
                current.name(),
                FunctionRegistry.LATEST,
                settings,
                ref,
                revisions.newId(),
                revisions.lastModified(),
                current.state(),
                FunctionConfig.UpdateStatus.InProgress,
                current.tags());
        store.put(next);
        registry.putLatest(next);
        registry.tell(l -> l.changed(next.name()));
        preparation.prepare(next, this::finish);
        return next;
    }

    /**
     * Ends a preparation: {@code Pending} becomes {@code Active} (or {@code Failed}) and the update
     * status {@code Successful} (or {@code Failed}), with a new revision id. Called on the preparer.
     */
    private FunctionConfig finish(FunctionConfig prepared, boolean succeeded) {
        synchronized (registry) {
            FunctionConfig current = registry.find(prepared.name(), FunctionRegistry.LATEST);
            // a later update prepares its own code; a relabel (publish, policy, tags) keeps what is prepared
            if (current == null || !current.runsSameAs(prepared)) {
                return current == null ? prepared : current;
            }
            FunctionConfig.State state = succeeded ? FunctionConfig.State.Active : FunctionConfig.State.Failed;
            FunctionConfig next = current.withStatus(
                    current.state() == FunctionConfig.State.Pending ? state : current.state(),
                    succeeded ? FunctionConfig.UpdateStatus.Successful : FunctionConfig.UpdateStatus.Failed,
                    revisions.newId());
            store.put(next);
            registry.putLatest(next);
            return next;
        }
    }
}

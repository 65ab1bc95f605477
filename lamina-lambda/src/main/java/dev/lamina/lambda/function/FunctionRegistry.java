package dev.lamina.lambda.function;

import dev.lamina.core.AwsException;
import dev.lamina.lambda.LambdaErrors;
import dev.lamina.lambda.runtime.RuntimeCatalog;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
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

        /** A published version was deleted (the function itself still exists). */
        default void versionDeleted(String functionName, String version) {}

        /** An alias was deleted (the function itself still exists). */
        default void aliasDeleted(String functionName, String alias) {}

        /** An alias is about to change to {@code next}; throwing an AwsException refuses the change. */
        default void aliasChanging(AliasConfig next) {}
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
    private final Map<String, NavigableMap<Integer, FunctionConfig>> versions = new ConcurrentHashMap<>();
    private final Map<String, FunctionStore.Published> lastVersions;
    private final Map<String, Map<String, AliasConfig>> aliases = new ConcurrentHashMap<>();

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
        this.lastVersions = new ConcurrentHashMap<>(repository.lastVersions());
        for (FunctionConfig version : repository.allVersions()) {
            publishedOf(version.name()).put(Integer.parseInt(version.version()), version);
        }
        for (AliasConfig alias : repository.allAliases()) {
            aliasesOf(alias.function()).put(alias.name(), alias);
        }
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

    public void removeListener(Listener listener) {
        listeners.remove(listener);
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
            throw LambdaErrors.invalidParameter("Code is required: set Code.ZipFile to the deployment package.");
        }
        if (functions.containsKey(name)) {
            throw LambdaErrors.conflict("Function already exist: " + name);
        }
        CodeRef ref = code.put(zip);
        FunctionValidation.handlerPresent(code, ref, settings);
        FunctionValidation.sizeWithLayers(code, ref, settings.layers());
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

    /** Whether a function of this name exists; never throws. */
    public boolean exists(String name) {
        return functions.containsKey(name);
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
        FunctionValidation.sizeWithLayers(code, ref, current.settings().layers());
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
        boolean layersChanged = !next.layers().equals(current.settings().layers());
        if (!next.handler().equals(current.settings().handler())
                || !next.runtime().equals(current.settings().runtime())
                || layersChanged) {
            FunctionValidation.handlerPresent(code, current.code(), next);
        }
        if (layersChanged) {
            FunctionValidation.sizeWithLayers(code, current.code(), next.layers());
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
        versions.remove(name);
        aliases.remove(name);
        lastVersions.remove(name);
        listeners.forEach(l -> l.changed(name));
    }

    /**
     * Publishes {@code $LATEST} as the next version number; when its code and configuration are
     * those of the last published version, returns that version instead.
     *
     * @param codeSha256 when given, must be {@code $LATEST}'s
     * @param revisionId when given, must be {@code $LATEST}'s
     */
    public synchronized FunctionConfig publishVersion(
            String name, String codeSha256, String description, String revisionId) {
        FunctionConfig latest = mutable(name, revisionId);
        if (codeSha256 != null && !codeSha256.equals(latest.code().sha256Base64())) {
            throw LambdaErrors.invalidParameter("CodeSHA256 (" + codeSha256
                    + ") is different from current CodeSHA256 in $LATEST ("
                    + latest.code().sha256Base64()
                    + "). Please try again with the CodeSHA256 in $LATEST.");
        }
        NavigableMap<Integer, FunctionConfig> published = publishedOf(name);
        FunctionStore.Published last = lastVersions.get(name);
        String source = FunctionValidation.fingerprint(latest);
        if (last != null && last.source().equals(source) && published.containsKey(last.number())) {
            return published.get(last.number());
        }
        int number = last == null ? 1 : last.number() + 1;
        FunctionSettings settings =
                description == null ? latest.settings() : latest.settings().withDescription(description);
        FunctionConfig version = new FunctionConfig(
                name,
                Integer.toString(number),
                settings,
                latest.code(),
                newRevision(),
                now(),
                FunctionConfig.State.Active,
                FunctionConfig.UpdateStatus.Successful,
                Map.of());
        FunctionStore.Published record = new FunctionStore.Published(number, source);
        repository.putVersion(version, record);
        published.put(number, version);
        lastVersions.put(name, record);
        touch(name);
        return version;
    }

    /** Gives {@code $LATEST} a new revision id, as Lambda does when a function's policy changes. */
    public synchronized void touch(String name) {
        FunctionConfig latest = get(name);
        FunctionConfig relabelled = latest.withStatus(latest.state(), latest.lastUpdateStatus(), newRevision());
        repository.put(relabelled);
        functions.put(name, relabelled);
    }

    /** Replaces the function's tags (they belong to the function, not to a version). */
    public synchronized FunctionConfig tag(String name, UnaryOperator<Map<String, String>> change) {
        FunctionConfig latest = get(name);
        Map<String, String> tags = change.apply(latest.tags());
        FunctionConfig tagged = new FunctionConfig(
                name,
                LATEST,
                latest.settings(),
                latest.code(),
                latest.revisionId(),
                latest.lastModified(),
                latest.state(),
                latest.lastUpdateStatus(),
                tags);
        repository.put(tagged);
        functions.put(name, tagged);
        return tagged;
    }

    /** {@code $LATEST} followed by the published versions, oldest first. */
    public List<FunctionConfig> versions(String name) {
        List<FunctionConfig> all = new ArrayList<>();
        all.add(get(name));
        all.addAll(publishedOf(name).values());
        return all;
    }

    /** Like {@link #versions}, but empty for a function deleted meanwhile (for lists over all functions). */
    public List<FunctionConfig> versionsIfAny(String name) {
        try {
            return versions(name);
        } catch (AwsException deleted) {
            return List.of();
        }
    }

    /**
     * The version a qualifier names: {@code null} or {@code $LATEST}, a version number, or an alias
     * (its primary version).
     */
    public FunctionConfig version(String name, String qualifier) {
        FunctionConfig latest = get(name);
        if (qualifier == null || qualifier.equals(LATEST)) {
            return latest;
        }
        if (isVersionNumber(qualifier)) {
            FunctionConfig version = published(name, qualifier);
            if (version == null) {
                throw AwsException.notFound("Function not found: " + arns.functionArn(name, qualifier));
            }
            return version;
        }
        return version(name, alias(name, qualifier).functionVersion());
    }

    /** A published version, or {@code $LATEST} for {@code $LATEST}; {@code null} when there is none. */
    public FunctionConfig find(String name, String version) {
        return version.equals(LATEST) ? functions.get(name) : published(name, version);
    }

    /** Deletes a published version; one that does not exist is already deleted. */
    public synchronized void deleteVersion(String name, String version) {
        get(name);
        if (published(name, version) == null) {
            return;
        }
        List<String> referencing = aliasesOf(name).values().stream()
                .filter(a -> a.references(version))
                .map(AliasConfig::name)
                .sorted()
                .toList();
        if (!referencing.isEmpty()) {
            throw LambdaErrors.conflict(
                    "Unable to delete version because the following aliases reference it: " + referencing);
        }
        repository.deleteVersion(name, version);
        repository.deleteQualified(name, version);
        publishedOf(name).remove(Integer.parseInt(version));
        listeners.forEach(l -> l.versionDeleted(name, version));
    }

    public synchronized AliasConfig createAlias(
            String name, String alias, String functionVersion, String description, Map<String, Double> weights) {
        get(name);
        FunctionValidation.alias(alias);
        AliasConfig created = checkedAlias(name, alias, functionVersion, description, weights);
        if (aliasesOf(name).containsKey(alias)) {
            throw LambdaErrors.conflict("Alias already exists: " + arns.functionArn(name, alias));
        }
        repository.putAlias(created);
        aliasesOf(name).put(alias, created);
        return created;
    }

    public AliasConfig alias(String name, String alias) {
        get(name);
        AliasConfig found = aliasesOf(name).get(alias);
        if (found == null) {
            throw AwsException.notFound("Cannot find alias arn: " + arns.functionArn(name, alias));
        }
        return found;
    }

    /** The function's aliases by name; only those routing to {@code functionVersion} when it is given. */
    public List<AliasConfig> aliases(String name, String functionVersion) {
        get(name);
        return aliasesOf(name).values().stream()
                .filter(a -> functionVersion == null || a.references(functionVersion))
                .sorted(Comparator.comparing(AliasConfig::name))
                .toList();
    }

    /** Changes what is given ({@code null} keeps the alias's own); {@code weights} replaces the routing. */
    public synchronized AliasConfig updateAlias(
            String name,
            String alias,
            String functionVersion,
            String description,
            Map<String, Double> weights,
            String revisionId) {
        get(name);
        AliasConfig current = aliasesOf(name).get(alias);
        if (current == null) {
            throw AwsException.notFound("Alias not found: " + arns.functionArn(name, alias));
        }
        if (revisionId != null && !revisionId.equals(current.revisionId())) {
            throw LambdaErrors.preconditionFailed("The Revision Id provided does not match the latest Revision Id. "
                    + "Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
        }
        Map<String, Double> routing = weights;
        if (routing == null) {
            routing = current.additionalVersion() == null
                    ? Map.of()
                    : Map.of(current.additionalVersion(), current.additionalWeight());
        }
        AliasConfig updated = checkedAlias(
                name,
                alias,
                functionVersion != null ? functionVersion : current.functionVersion(),
                description != null ? description : current.description(),
                routing);
        listeners.forEach(l -> l.aliasChanging(updated));
        repository.putAlias(updated);
        aliasesOf(name).put(alias, updated);
        return updated;
    }

    /** Deletes an alias; one that does not exist is already deleted. */
    public synchronized void deleteAlias(String name, String alias) {
        get(name);
        if (aliasesOf(name).remove(alias) != null) {
            repository.deleteAlias(name, alias);
            repository.deleteQualified(name, alias);
            listeners.forEach(l -> l.aliasDeleted(name, alias));
        }
    }

    private AliasConfig checkedAlias(
            String name, String alias, String functionVersion, String description, Map<String, Double> weights) {
        FunctionValidation.aliasTarget(functionVersion, description, weights);
        version(name, functionVersion);
        String additional = null;
        double weight = 0;
        if (weights != null && !weights.isEmpty()) {
            Map.Entry<String, Double> only = weights.entrySet().iterator().next();
            additional = only.getKey();
            weight = only.getValue();
            if (functionVersion.equals(LATEST)) {
                throw LambdaErrors.invalidParameter(
                        "$LATEST is not supported for an alias pointing to more than 1 version");
            }
            if (additional.equals(functionVersion)) {
                throw LambdaErrors.invalidParameter("Invalid function version " + additional + ". Function version "
                        + additional + " is already included in routing configuration.");
            }
            if (published(name, additional) == null) {
                throw AwsException.notFound("Function not found: " + arns.functionArn(name, additional));
            }
        }
        return new AliasConfig(name, alias, functionVersion, description, additional, weight, newRevision());
    }

    private FunctionConfig published(String name, String version) {
        if (!isVersionNumber(version)) {
            return null;
        }
        NavigableMap<Integer, FunctionConfig> mine = versions.get(name);
        try {
            return mine == null ? null : mine.get(Integer.parseInt(version));
        } catch (NumberFormatException tooBig) {
            return null;
        }
    }

    private NavigableMap<Integer, FunctionConfig> publishedOf(String name) {
        return versions.computeIfAbsent(name, n -> new ConcurrentSkipListMap<>());
    }

    private Map<String, AliasConfig> aliasesOf(String name) {
        return aliases.computeIfAbsent(name, n -> new ConcurrentHashMap<>());
    }

    /** A published version's number as Lambda writes it: digits without a leading zero. */
    public static boolean isVersionNumber(String qualifier) {
        return !qualifier.isEmpty()
                && qualifier.length() <= 10
                && qualifier.charAt(0) != '0'
                && qualifier.chars().allMatch(Character::isDigit);
    }

    /**
     * The configuration to invoke: waits (bounded) while the function's code is being prepared, as
     * a caller that just created a function expects it to run.
     */
    public FunctionConfig forInvoke(String name, String qualifier) {
        return forInvoke(name, qualifier, true);
    }

    /** {@link #forInvoke} without waiting: {@code null} where it would wait for the code. */
    public FunctionConfig forInvokeNow(String name, String qualifier) {
        return forInvoke(name, qualifier, false);
    }

    private FunctionConfig forInvoke(String name, String qualifier, boolean mayWait) {
        if (qualifier != null && !qualifier.equals(LATEST)) {
            if (isVersionNumber(qualifier)) {
                return version(name, qualifier);
            }
            String picked =
                    alias(name, qualifier).pick(ThreadLocalRandom.current().nextDouble());
            return forInvoke(name, picked, mayWait);
        }
        FunctionConfig config = get(name);
        if (config.state() == FunctionConfig.State.Active
                && config.lastUpdateStatus() != FunctionConfig.UpdateStatus.InProgress) {
            return config;
        }
        CompletableFuture<FunctionConfig> pending = preparing.get(name);
        if (pending != null && !mayWait) {
            return null;
        }
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
            throw LambdaErrors.conflict(
                    "The operation cannot be performed at this time. The function is currently in the"
                            + " following state: " + config.state());
        }
        return config;
    }

    private FunctionConfig mutable(String name, String expectedRevision) {
        FunctionConfig current = get(name);
        if (expectedRevision != null && !expectedRevision.equals(current.revisionId())) {
            throw LambdaErrors.preconditionFailed("The Revision Id provided does not match the latest Revision Id. "
                    + "Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
        }
        if (current.state() == FunctionConfig.State.Pending
                || current.lastUpdateStatus() == FunctionConfig.UpdateStatus.InProgress) {
            throw LambdaErrors.conflict("The operation cannot be performed at this time. An update is in progress for"
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

    /**
     * Unpacks the code and merges its layers off the request thread, then makes the version Active /
     * Successful.
     */
    private void prepare(FunctionConfig config) {
        CompletableFuture<FunctionConfig> done = new CompletableFuture<>();
        preparing.put(config.name(), done);
        preparer.execute(() -> {
            FunctionConfig result;
            try {
                code.unpacked(config.code().sha256Hex());
                if (!config.settings().layers().isEmpty()) {
                    code.layerTree(config.settings().layerHashes());
                }
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
        // a later update prepares its own code; a relabel (publish, policy, tags) keeps what is prepared
        if (current == null || !current.runsSameAs(prepared)) {
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

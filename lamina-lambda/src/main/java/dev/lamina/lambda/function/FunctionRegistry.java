package dev.lamina.lambda.function;

import dev.lamina.core.AwsException;
import dev.lamina.lambda.LambdaErrors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * What this node knows of its functions, in memory: each function's {@code $LATEST}, its published
 * versions and its aliases, loaded from the store at start and kept equal to it since. It is the
 * invoke path's metadata cache: {@link #forInvoke} resolves a name and qualifier to the
 * configuration to run with map lookups only, no lock and no store read.
 *
 * <p>Who changes it: {@link Functions} (create, update, tag, delete), {@link Versions} (publish,
 * delete a version) and {@link Aliases}, through this class's package-private methods. Each writes
 * the store first, then this registry, then tells the {@link Listener}s.
 *
 * <p>Locking: every change holds this registry's monitor from its first check to its last listener,
 * so a function's {@code $LATEST}, versions and aliases change together: a deleted function takes
 * its versions and aliases with it, and a version cannot go between an alias's check that it exists
 * and the alias's write. The end of a {@link CodePreparation} takes the monitor too, and so do
 * {@link Permissions} and {@link ProvisionedConcurrency}, whose checks must hold while they write.
 * Reads take no lock: the maps are concurrent and hold immutable records, each replaced whole.
 */
public final class FunctionRegistry {
    /** An alias's name as the model constrains it: letters, digits, '-' and '_', not all digits. */
    private static final java.util.regex.Pattern ALIAS_NAME =
            java.util.regex.Pattern.compile("(?!^[0-9]+$)([a-zA-Z0-9-_]+)");

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

    private final CodeStore code;
    private final Arns arns;
    private final CodePreparation preparation;
    private final RandomGenerator routing;
    private final Map<String, FunctionConfig> functions = new ConcurrentHashMap<>();
    private final Map<String, NavigableMap<Integer, FunctionConfig>> versions = new ConcurrentHashMap<>();
    private final Map<String, FunctionStore.Published> lastVersions;
    private final Map<String, Map<String, AliasConfig>> aliases = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    /**
     * Loads what the store holds. A function whose code was still being prepared when the node
     * stopped stays so until {@link Functions} (built on this registry) prepares it again.
     *
     * @param preparation the preparations that {@link #forInvoke} waits for
     * @param routing draws the version for each invocation of an alias with routing weights; called
     *     from any thread at once, so it must be safe for that
     */
    public FunctionRegistry(
            FunctionStore store, CodeStore code, Arns arns, CodePreparation preparation, RandomGenerator routing) {
        this.code = code;
        this.arns = arns;
        this.preparation = preparation;
        this.routing = routing;
        this.lastVersions = new ConcurrentHashMap<>(store.lastVersions());
        for (FunctionConfig version : store.allVersions()) {
            publishedOf(version.name()).put(Integer.parseInt(version.version()), version);
        }
        for (AliasConfig alias : store.allAliases()) {
            aliasesOf(alias.function()).put(alias.name(), alias);
        }
        for (FunctionConfig config : store.all()) {
            functions.put(config.name(), config);
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

    /** A function's {@code $LATEST}; a missing function is reported by its unqualified ARN, as Lambda does. */
    public FunctionConfig get(String name) {
        return get(name, null);
    }

    /** A function's {@code $LATEST}; a missing function is reported by its ARN qualified with {@code qualifier}. */
    private FunctionConfig get(String name, String qualifier) {
        FunctionConfig config = functions.get(name);
        if (config == null) {
            throw notFound(name, qualifier);
        }
        return config;
    }

    private AwsException notFound(String name, String qualifier) {
        return AwsException.notFound("Function not found: " + arns.functionArn(name, qualifier));
    }

    /** Whether a function of this name exists; never throws. */
    public boolean exists(String name) {
        return functions.containsKey(name);
    }

    /** Every function's {@code $LATEST}, by name. */
    public List<FunctionConfig> list() {
        List<FunctionConfig> all = new ArrayList<>(functions.values());
        all.sort(Comparator.comparing(FunctionConfig::name));
        return all;
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
     * (its primary version). Whatever is missing — the function, the version or the alias — is
     * "Function not found" with the ARN as qualified in the request, as GetFunction and Invoke say it.
     */
    public FunctionConfig version(String name, String qualifier) {
        FunctionConfig latest = get(name, qualifier);
        if (qualifier == null || qualifier.equals(LATEST)) {
            return latest;
        }
        if (isVersionNumber(qualifier)) {
            FunctionConfig version = published(name, qualifier);
            if (version == null) {
                throw notFound(name, qualifier);
            }
            return version;
        }
        AliasConfig alias = aliasesOf(name).get(qualifier);
        if (alias == null) {
            throw notFound(name, qualifier);
        }
        return version(name, alias.functionVersion());
    }

    /**
     * The version a qualifier names, for the operations that configure a version or alias
     * (provisioned concurrency, permissions): a qualifier shaped like an alias name that names no
     * alias — also when the function is missing — is "Cannot find alias arn: …"; anything else
     * missing is "Function not found: …" qualified as asked.
     */
    public FunctionConfig resolve(String name, String qualifier) {
        if (qualifier != null && ALIAS_NAME.matcher(qualifier).matches()) {
            AliasConfig alias = functions.containsKey(name) ? aliasesOf(name).get(qualifier) : null;
            if (alias == null) {
                throw AwsException.notFound("Cannot find alias arn: " + arns.functionArn(name, qualifier));
            }
            return version(name, alias.functionVersion());
        }
        return version(name, qualifier);
    }

    /** A published version, or {@code $LATEST} for {@code $LATEST}; {@code null} when there is none. */
    public FunctionConfig find(String name, String version) {
        return version.equals(LATEST) ? functions.get(name) : published(name, version);
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

    /** A published version's number as Lambda writes it: digits without a leading zero. */
    public static boolean isVersionNumber(String qualifier) {
        return !qualifier.isEmpty()
                && qualifier.length() <= 10
                && qualifier.charAt(0) != '0'
                && qualifier.chars().allMatch(Character::isDigit);
    }

    /**
     * The configuration to invoke: an alias picks one of its versions by its routing weights, and
     * {@code $LATEST} waits (at most {@link CodePreparation#MAX_WAIT}) while its code is being
     * prepared, as a caller that just created a function expects it to run.
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
            get(name, qualifier);
            AliasConfig alias = aliasesOf(name).get(qualifier);
            if (alias == null) {
                throw notFound(name, qualifier);
            }
            return forInvoke(name, alias.pick(routing), mayWait);
        }
        FunctionConfig config = get(name, LATEST); // Invoke names $LATEST when a function is missing
        if (config.state() == FunctionConfig.State.Active
                && config.lastUpdateStatus() != FunctionConfig.UpdateStatus.InProgress) {
            return config;
        }
        CompletableFuture<FunctionConfig> underway = preparation.underway(name);
        if (underway != null && !mayWait) {
            return null;
        }
        if (underway != null) {
            FunctionConfig prepared = preparation.await(underway);
            config = prepared != null ? prepared : get(name);
        } else {
            // a preparation that ended between the first read and now has made it Active since
            config = get(name, LATEST);
        }
        if (config.state() != FunctionConfig.State.Active) {
            throw LambdaErrors.conflict(
                    "The operation cannot be performed at this time. The function is currently in the"
                            + " following state: " + config.state());
        }
        return config;
    }

    // What Functions, Versions and Aliases read and change under this registry's monitor.

    CodePreparation preparation() {
        return preparation;
    }

    /** A published version by its number; {@code null} for none, or for a qualifier that is no number. */
    FunctionConfig published(String name, String version) {
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

    /** The last version the function published, or {@code null}: its number is never reused. */
    FunctionStore.Published lastPublished(String name) {
        return lastVersions.get(name);
    }

    /** An alias, or {@code null} (also when the function is missing). */
    public AliasConfig findAlias(String name, String alias) {
        return aliasesOf(name).get(alias);
    }

    void putLatest(FunctionConfig config) {
        assert Thread.holdsLock(this);
        functions.put(config.name(), config);
    }

    /** Forgets a deleted function with its versions and aliases. */
    void forget(String name) {
        assert Thread.holdsLock(this);
        functions.remove(name);
        versions.remove(name);
        aliases.remove(name);
        lastVersions.remove(name);
    }

    void putVersion(FunctionConfig version, FunctionStore.Published last) {
        assert Thread.holdsLock(this);
        publishedOf(version.name()).put(last.number(), version);
        lastVersions.put(version.name(), last);
    }

    void removeVersion(String name, String version) {
        assert Thread.holdsLock(this);
        publishedOf(name).remove(Integer.parseInt(version));
    }

    void putAlias(AliasConfig alias) {
        assert Thread.holdsLock(this);
        aliasesOf(alias.function()).put(alias.name(), alias);
    }

    /** Removes an alias; {@code null} when there was none. */
    AliasConfig removeAlias(String name, String alias) {
        assert Thread.holdsLock(this);
        return aliasesOf(name).remove(alias);
    }

    /** Tells every listener, in the order they were added, on this (the mutating) thread. */
    void tell(Consumer<Listener> event) {
        listeners.forEach(event);
    }

    private NavigableMap<Integer, FunctionConfig> publishedOf(String name) {
        return versions.computeIfAbsent(name, n -> new ConcurrentSkipListMap<>());
    }

    private Map<String, AliasConfig> aliasesOf(String name) {
        return aliases.computeIfAbsent(name, n -> new ConcurrentHashMap<>());
    }
}

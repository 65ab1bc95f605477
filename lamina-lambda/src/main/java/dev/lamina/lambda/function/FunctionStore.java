package dev.lamina.lambda.function;

import java.util.List;

/**
 * Where function configurations persist: the embedded database on one node, PostgreSQL in a
 * cluster. Read once at start by {@link FunctionRegistry}; written by {@link Functions}, {@link Versions},
 * {@link Aliases} and the other control-plane classes under their locks, never on the invoke path.
 */
public interface FunctionStore {
    void put(FunctionConfig config);

    /** Deletes a function with all its versions, aliases and settings. */
    void delete(String name);

    /** Every function's {@code $LATEST}. */
    List<FunctionConfig> all();

    /**
     * The last version a function published: its number (never reused) and a fingerprint of the
     * {@code $LATEST} it was published from, to know whether anything changed since.
     */
    record Published(int number, String source) {}

    /** Stores a published (immutable) version and records it as the function's last. */
    void putVersion(FunctionConfig version, Published last);

    void deleteVersion(String name, String version);

    /** Every published version of every function. */
    List<FunctionConfig> allVersions();

    /** The last version each function published. */
    java.util.Map<String, Published> lastVersions();

    /** Deletes what belongs to one qualifier (a version or alias): its provisioned concurrency and policy. */
    void deleteQualified(String function, String qualifier);

    void putAlias(AliasConfig alias);

    void deleteAlias(String function, String alias);

    List<AliasConfig> allAliases();

    void putProvisioned(ProvisionedConfig config);

    void deleteProvisioned(String function, String qualifier);

    List<ProvisionedConfig> allProvisioned();

    /** Replaces the policy of a function ({@code qualifier} {@code ""}) or of one of its versions or aliases. */
    void putPolicy(String function, String qualifier, List<PolicyStatement> statements);

    /** Every policy, keyed by {@code function:qualifier}. */
    java.util.Map<String, List<PolicyStatement>> allPolicies();

    /** Sets (or, with {@code null}, removes) a function's reserved concurrency. */
    void putReservedConcurrency(String name, Integer reserved);

    /** Every function's reserved concurrency, by name. */
    java.util.Map<String, Integer> reservedConcurrency();
}

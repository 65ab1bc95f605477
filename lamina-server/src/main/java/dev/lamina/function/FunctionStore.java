package dev.lamina.function;

import java.util.List;

/**
 * Where function configurations persist: the embedded database on one node, PostgreSQL in a
 * cluster. Called by {@link FunctionRegistry} under its lock, never on the invoke path.
 */
public interface FunctionStore {
    void put(FunctionConfig config);

    /** Deletes a function with all its versions, aliases and settings. */
    void delete(String name);

    /** Every function's {@code $LATEST}. */
    List<FunctionConfig> all();

    /** Stores a published (immutable) version and raises the function's last version number to it. */
    void putVersion(FunctionConfig version);

    void deleteVersion(String name, String version);

    /** Every published version of every function. */
    List<FunctionConfig> allVersions();

    /** The highest version number each function ever published (numbers are never reused). */
    java.util.Map<String, Integer> lastVersions();

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

package dev.lamina.function;

import java.util.List;

/**
 * Where function configurations persist: the embedded database on one node, PostgreSQL in a
 * cluster. Called by {@link FunctionRegistry} under its lock, never on the invoke path.
 */
public interface FunctionStore {
    void put(FunctionConfig config);

    void delete(String name);

    List<FunctionConfig> all();

    /** Sets (or, with {@code null}, removes) a function's reserved concurrency. */
    void putReservedConcurrency(String name, Integer reserved);

    /** Every function's reserved concurrency, by name. */
    java.util.Map<String, Integer> reservedConcurrency();
}

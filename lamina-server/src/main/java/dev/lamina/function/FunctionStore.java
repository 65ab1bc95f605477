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
}

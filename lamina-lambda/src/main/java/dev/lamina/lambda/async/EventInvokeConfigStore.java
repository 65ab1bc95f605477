package dev.lamina.lambda.async;

import java.util.List;

/**
 * Where event invoke configurations persist: the embedded database on one node, PostgreSQL in a
 * cluster. Called by {@link EventInvokeConfigs} under its lock, never on the invoke path.
 */
public interface EventInvokeConfigStore {
    void put(EventInvokeConfig config);

    void delete(String functionName, String qualifier);

    /** Removes every configuration of a function (it was deleted). */
    void deleteFunction(String functionName);

    List<EventInvokeConfig> all();
}

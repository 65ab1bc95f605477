package dev.lamina.lambda.function;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Values kept per function and qualifier (a version or alias) that go away with what they belong
 * to: the qualifier's version or alias, or the whole function.
 */
final class PerQualifier<V> implements FunctionRegistry.Listener {
    private final FunctionRegistry functions;
    private final Map<String, Map<String, V>> byFunction = new ConcurrentHashMap<>();

    PerQualifier(FunctionRegistry functions) {
        this.functions = functions;
        functions.addListener(this);
    }

    /** A function's values by qualifier; live, so writes go through. */
    Map<String, V> of(String function) {
        return byFunction.computeIfAbsent(function, n -> new ConcurrentHashMap<>());
    }

    /** Every function's values, by function name. */
    Map<String, Map<String, V>> all() {
        return byFunction;
    }

    Collection<Map<String, V>> functions() {
        return byFunction.values();
    }

    @Override
    public void versionDeleted(String functionName, String version) {
        of(functionName).remove(version);
    }

    @Override
    public void aliasDeleted(String functionName, String alias) {
        of(functionName).remove(alias);
    }

    @Override
    public void changed(String functionName) {
        if (functions.find(functionName, FunctionRegistry.LATEST) == null) {
            byFunction.remove(functionName);
        }
    }
}

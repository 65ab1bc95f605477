package dev.lamina.lambda.url;

import java.util.List;

/**
 * Where function URL configurations persist. Called by {@link FunctionUrls} under its lock, never
 * on the path that serves URL requests.
 */
public interface FunctionUrlStore {
    /** Inserts or replaces the URL of ({@code functionName}, {@code qualifier}). */
    void put(FunctionUrlConfig config);

    void delete(String functionName, String qualifierKey);

    /** Removes every URL of a function (it was deleted). */
    void deleteAll(String functionName);

    List<FunctionUrlConfig> all();
}

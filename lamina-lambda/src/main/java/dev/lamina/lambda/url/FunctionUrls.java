package dev.lamina.lambda.url;

import dev.lamina.core.AwsException;
import dev.lamina.lambda.LambdaErrors;
import dev.lamina.lambda.function.Arns;
import dev.lamina.lambda.function.FunctionRegistry;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * The function URLs of this node: the domain operations behind Create/Get/Update/Delete/List
 * FunctionUrlConfig(s), and the lookup by URL id that serves requests (an in-memory map, no
 * database). Mutations are serialised, written to the store, then published to the map. A deleted
 * function takes its URLs with it.
 */
public final class FunctionUrls {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final String QUALIFIER_PATTERN = "((?!^\\d+$)^[0-9a-zA-Z-_]+$)";
    private static final Pattern QUALIFIER = Pattern.compile("(?!\\d+$)[0-9a-zA-Z_-]{1,128}");
    private static final char[] ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final FunctionUrlStore store;
    private final FunctionRegistry functions;
    private final Arns arns;
    private final Clock clock;
    private final RandomGenerator random;
    private final Map<String, FunctionUrlConfig> byId = new ConcurrentHashMap<>();

    public FunctionUrls(FunctionUrlStore store, FunctionRegistry functions, Clock clock, RandomGenerator random) {
        this.store = store;
        this.functions = functions;
        this.arns = functions.arns();
        this.clock = clock;
        this.random = random;
        for (FunctionUrlConfig config : store.all()) {
            byId.put(config.urlId(), config);
        }
        functions.addListener(new FunctionRegistry.Listener() {
            @Override
            public void changed(String name) {
                if (!functions.exists(name)) {
                    deleteAll(name);
                }
            }

            @Override
            public void aliasDeleted(String name, String alias) {
                deleteIfAny(name, alias);
            }
        });
    }

    /** The URL with this id, or {@code null}. Called for every URL request; reads a map only. */
    public FunctionUrlConfig byId(String urlId) {
        return byId.get(urlId);
    }

    public Arns arns() {
        return arns;
    }

    public synchronized FunctionUrlConfig create(
            Arns.FunctionRef ref, FunctionUrlConfig.AuthType authType, Cors cors, FunctionUrlConfig.InvokeMode mode) {
        String qualifier = checkQualifier(ref.qualifier());
        if (!functions.exists(ref.name())) {
            throw AwsException.notFound("Function does not exist");
        }
        if (qualifier != null && functions.findAlias(ref.name(), qualifier) == null) {
            throw AwsException.notFound("Function does not exist"); // Lambda says so of a missing alias too
        }
        if (find(ref.name(), qualifier) != null) {
            throw LambdaErrors.conflict("Failed to create function url config for [functionArn = "
                    + arns.functionArn(ref.name(), qualifier)
                    + "]. Error message:  FunctionUrlConfig exists for this Lambda function");
        }
        String now = now();
        FunctionUrlConfig config = new FunctionUrlConfig(
                newId(),
                ref.name(),
                qualifier,
                authType,
                cors,
                mode == null ? FunctionUrlConfig.InvokeMode.BUFFERED : mode,
                now,
                now);
        store.put(config);
        byId.put(config.urlId(), config);
        if (!functions.exists(ref.name())) {
            // deleted while we wrote: its listener ran before our URL existed
            deleteAll(ref.name());
            throw AwsException.notFound("Function does not exist");
        }
        return config;
    }

    public FunctionUrlConfig get(Arns.FunctionRef ref) {
        String qualifier = checkQualifier(ref.qualifier());
        FunctionUrlConfig config = find(ref.name(), qualifier);
        if (config == null) {
            throw AwsException.notFound("The resource you requested does not exist.");
        }
        return config;
    }

    /**
     * Changes what is given: a {@code null} argument keeps the current value; {@code cors} replaces
     * the whole CORS configuration when {@code corsGiven}.
     */
    public synchronized FunctionUrlConfig update(
            Arns.FunctionRef ref,
            FunctionUrlConfig.AuthType authType,
            boolean corsGiven,
            Cors cors,
            FunctionUrlConfig.InvokeMode mode) {
        String qualifier = checkQualifier(ref.qualifier());
        if (!functions.exists(ref.name()) || qualifier != null && functions.findAlias(ref.name(), qualifier) == null) {
            throw AwsException.notFound("Function does not exist");
        }
        FunctionUrlConfig current = find(ref.name(), qualifier);
        if (current == null) {
            throw AwsException.notFound("The resource you requested does not exist.");
        }
        FunctionUrlConfig next = new FunctionUrlConfig(
                current.urlId(),
                current.functionName(),
                current.qualifier(),
                authType != null ? authType : current.authType(),
                corsGiven ? cors : current.cors(),
                mode != null ? mode : current.invokeMode(),
                current.creationTime(),
                now());
        store.put(next);
        byId.put(next.urlId(), next);
        return next;
    }

    public synchronized void delete(Arns.FunctionRef ref) {
        FunctionUrlConfig current = get(ref);
        deleteIfAny(current.functionName(), current.qualifier());
    }

    /** The function's URLs, ordered by qualifier (the unqualified one first). */
    public List<FunctionUrlConfig> list(String functionName) {
        if (!functions.exists(functionName)) {
            throw AwsException.notFound("Function does not exist");
        }
        List<FunctionUrlConfig> out = new ArrayList<>();
        for (FunctionUrlConfig c : byId.values()) {
            if (c.functionName().equals(functionName)) {
                out.add(c);
            }
        }
        out.sort(Comparator.comparing(FunctionUrlConfig::qualifierKey));
        return out;
    }

    /** A deleted alias takes its URL with it. */
    private synchronized void deleteIfAny(String functionName, String qualifier) {
        FunctionUrlConfig current = find(functionName, qualifier);
        if (current != null) {
            store.delete(functionName, current.qualifierKey());
            byId.remove(current.urlId());
        }
    }

    private synchronized void deleteAll(String functionName) {
        store.deleteAll(functionName);
        byId.values().removeIf(c -> c.functionName().equals(functionName));
    }

    private FunctionUrlConfig find(String functionName, String qualifier) {
        for (FunctionUrlConfig c : byId.values()) {
            if (c.functionName().equals(functionName) && Objects.equals(c.qualifier(), qualifier)) {
                return c;
            }
        }
        return null;
    }

    /** Function URLs take alias qualifiers only: not {@code $LATEST}, not a version number. */
    private static String checkQualifier(String qualifier) {
        if (qualifier == null || qualifier.isEmpty()) {
            return null;
        }
        if (!QUALIFIER.matcher(qualifier).matches()) {
            throw AwsException.validation("1 validation error detected: Value '" + qualifier
                    + "' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: "
                    + QUALIFIER_PATTERN);
        }
        return qualifier;
    }

    private String newId() {
        while (true) {
            char[] id = new char[32];
            for (int i = 0; i < id.length; i++) {
                id[i] = ID_CHARS[random.nextInt(ID_CHARS.length)];
            }
            String candidate = new String(id);
            if (!byId.containsKey(candidate)) {
                return candidate;
            }
        }
    }

    private String now() {
        return TIME.format(clock.instant());
    }
}

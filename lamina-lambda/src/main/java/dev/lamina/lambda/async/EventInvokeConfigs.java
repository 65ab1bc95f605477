package dev.lamina.lambda.async;

import dev.lamina.core.AwsException;
import dev.lamina.lambda.LambdaErrors;
import dev.lamina.lambda.function.Arns;
import dev.lamina.lambda.function.FunctionRegistry;
import dev.lamina.lambda.validation.LambdaMembers;
import dev.lamina.lambda.validation.Violations;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The event invoke configurations of this node's functions: the domain operations behind
 * Put/Update/Get/Delete/ListFunctionEventInvokeConfig(s). Reads come from memory (the dispatcher
 * reads one per attempt); changes are validated, written to the store, then published. A deleted
 * function loses its configurations.
 */
public final class EventInvokeConfigs implements FunctionRegistry.Listener {

    /** The members a request sets; {@code null} means absent. An empty destination string clears one. */
    public record Change(
            Integer maximumRetryAttempts, Integer maximumEventAgeInSeconds, String onSuccess, String onFailure) {}

    private final EventInvokeConfigStore store;
    private final FunctionRegistry functions;
    private final Destinations destinations;
    private final Arns arns;
    private final Clock clock;
    private final Map<String, EventInvokeConfig> configs = new ConcurrentHashMap<>();

    public EventInvokeConfigs(EventInvokeConfigStore store, FunctionRegistry functions, Clock clock) {
        this.store = store;
        this.functions = functions;
        this.arns = functions.arns();
        this.destinations = new Destinations(arns, functions);
        this.clock = clock;
        for (EventInvokeConfig c : store.all()) {
            configs.put(key(c.functionName(), c.qualifier()), c);
        }
        functions.addListener(this);
    }

    public Destinations destinations() {
        return destinations;
    }

    /** PutFunctionEventInvokeConfig: replaces the whole configuration. */
    public synchronized EventInvokeConfig put(String functionName, String qualifier, Change change) {
        if (change.maximumRetryAttempts() == null
                && change.maximumEventAgeInSeconds() == null
                && change.onSuccess() == null
                && change.onFailure() == null) {
            throw LambdaErrors.invalidParameter(
                    "You must specify at least one of error handling or destination setting.");
        }
        Arns.FunctionRef ref = existing(functionName, qualifier);
        EventInvokeConfig next = validated(ref, change, null);
        store.put(next);
        configs.put(key(next.functionName(), next.qualifier()), next);
        return next;
    }

    /** UpdateFunctionEventInvokeConfig: changes the members the request sets, keeps the others. */
    public synchronized EventInvokeConfig update(String functionName, String qualifier, Change change) {
        Arns.FunctionRef ref = existing(functionName, qualifier);
        EventInvokeConfig current = configs.get(key(ref.name(), ref.qualifier()));
        if (current == null) {
            throw missing(ref);
        }
        EventInvokeConfig next = validated(ref, change, current);
        store.put(next);
        configs.put(key(next.functionName(), next.qualifier()), next);
        return next;
    }

    public EventInvokeConfig get(String functionName, String qualifier) {
        Arns.FunctionRef ref = resolve(functionName, qualifier);
        EventInvokeConfig config = configs.get(key(ref.name(), ref.qualifier()));
        if (config == null) {
            throw missing(ref);
        }
        return config;
    }

    public synchronized void delete(String functionName, String qualifier) {
        Arns.FunctionRef ref = resolve(functionName, qualifier);
        if (!configs.containsKey(key(ref.name(), ref.qualifier()))) {
            throw missing(ref);
        }
        store.delete(ref.name(), ref.qualifier());
        configs.remove(key(ref.name(), ref.qualifier()));
    }

    /** Every configuration of a function, by qualifier. */
    public List<EventInvokeConfig> list(String functionName) {
        Arns.FunctionRef ref = existing(functionName, null);
        List<EventInvokeConfig> out = new ArrayList<>();
        for (EventInvokeConfig c : configs.values()) {
            if (c.functionName().equals(ref.name())) {
                out.add(c);
            }
        }
        out.sort(Comparator.comparing(EventInvokeConfig::qualifier));
        return out;
    }

    /** The configuration an event of this function and qualifier is delivered under, defaults if none. */
    public EventInvokeConfig effective(String functionName, String qualifier) {
        String q = qualifier == null ? FunctionRegistry.LATEST : qualifier;
        EventInvokeConfig config = configs.get(key(functionName, q));
        return config != null ? config : EventInvokeConfig.defaults(functionName, q);
    }

    /** A deleted version takes its configuration with it. */
    @Override
    public synchronized void versionDeleted(String functionName, String version) {
        if (configs.remove(key(functionName, version)) != null) {
            store.delete(functionName, version);
        }
    }

    @Override
    public synchronized void aliasDeleted(String functionName, String alias) {
        versionDeleted(functionName, alias);
    }

    @Override
    public synchronized void changed(String functionName) {
        try {
            functions.get(functionName);
        } catch (AwsException gone) {
            if (configs.keySet().removeIf(k -> k.startsWith(functionName + ":"))) {
                store.deleteFunction(functionName);
            }
        }
    }

    private EventInvokeConfig validated(Arns.FunctionRef ref, Change change, EventInvokeConfig base) {
        Integer retries = change.maximumRetryAttempts();
        if (retries != null) {
            range("maximumRetryAttempts", retries, 0, 2);
        } else if (base != null) {
            retries = base.maximumRetryAttempts();
        }
        Integer age = change.maximumEventAgeInSeconds();
        if (age != null) {
            range("maximumEventAgeInSeconds", age, 60, 21_600);
        } else if (base != null) {
            age = base.maximumEventAgeInSeconds();
        }
        new Violations()
                .check(
                        LambdaMembers.at(LambdaMembers.DESTINATION, "destinationConfig.onSuccess.destination"),
                        change.onSuccess())
                .check(
                        LambdaMembers.at(LambdaMembers.DESTINATION, "destinationConfig.onFailure.destination"),
                        change.onFailure())
                .throwIfAny();
        if (!Destinations.isDestinationService(change.onSuccess())
                || !Destinations.isDestinationService(change.onFailure())) {
            throw LambdaErrors.invalidParameter("The provided destination config DestinationConfig(onSuccess="
                    + described("OnSuccess", change.onSuccess()) + ", onFailure="
                    + described("OnFailure", change.onFailure()) + ") is invalid.");
        }
        String onSuccess = change.onSuccess() != null
                ? destinations.check(change.onSuccess(), "destinationConfig.onSuccess.destination", ref.name())
                : base == null ? null : base.onSuccess();
        String onFailure = change.onFailure() != null
                ? destinations.check(change.onFailure(), "destinationConfig.onFailure.destination", ref.name())
                : base == null ? null : base.onFailure();
        return new EventInvokeConfig(ref.name(), ref.qualifier(), retries, age, onSuccess, onFailure, clock.millis());
    }

    /** A destination as Lambda's message renders it: {@code OnSuccess(destination=arn)}, or {@code null}. */
    private static String described(String kind, String arn) {
        return arn == null || arn.isEmpty() ? "null" : kind + "(destination=" + arn + ")";
    }

    private static void range(String member, int value, int min, int max) {
        if (value < min) {
            throw AwsException.validation("1 validation error detected: Value '" + value + "' at '" + member
                    + "' failed to satisfy constraint: Member must have value greater than or equal to " + min);
        }
        if (value > max) {
            throw AwsException.validation("1 validation error detected: Value '" + value + "' at '" + member
                    + "' failed to satisfy constraint: Member must have value less than or equal to " + max);
        }
    }

    /**
     * The function and qualifier a request names, which must exist: "The function doesn't exist."
     * when the function does not, Lambda's not-found for a version or alias that does not.
     */
    private Arns.FunctionRef existing(String functionName, String qualifier) {
        Arns.FunctionRef ref = resolve(functionName, qualifier);
        try {
            functions.version(ref.name(), ref.qualifier());
        } catch (AwsException e) {
            throw AwsException.notFound("The function doesn't exist.");
        }
        return ref;
    }

    /** The function and qualifier a request names, {@code $LATEST} when it names none. */
    private Arns.FunctionRef resolve(String functionName, String qualifier) {
        Arns.FunctionRef ref = arns.parse(functionName, qualifier);
        return new Arns.FunctionRef(ref.name(), ref.qualifier() == null ? FunctionRegistry.LATEST : ref.qualifier());
    }

    private AwsException missing(Arns.FunctionRef ref) {
        return AwsException.notFound(
                "The function " + arns.functionArn(ref.name(), ref.qualifier()) + " doesn't have an EventInvokeConfig");
    }

    private static String key(String functionName, String qualifier) {
        return functionName + ":" + qualifier;
    }
}

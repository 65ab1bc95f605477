package dev.lamina.function;

import dev.lamina.edge.AwsException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Provisioned concurrency (Put/Get/Delete/ListProvisionedConcurrencyConfig(s)): configurations are
 * persisted here; the environments are kept by the {@link Allocation}, which reads {@link #targets()}
 * and reports how many are initialised.
 */
public final class ProvisionedConcurrency implements FunctionRegistry.Listener {
    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'+0000'").withZone(ZoneOffset.UTC);

    /** What keeps the environments: how far it got with a version. */
    public interface Allocation {
        int ready(FunctionConfig version);

        /** Why the last attempt to start one failed, or {@code null}. */
        String failure(FunctionConfig version);
    }

    /** A configuration with what is allocated for it now. */
    public record Status(ProvisionedConfig config, int allocated, String status, String reason) {}

    private final FunctionStore store;
    private final FunctionRegistry functions;
    private final Reservations reservations;
    private final Clock clock;
    private final Map<String, Map<String, ProvisionedConfig>> configs = new ConcurrentHashMap<>();
    private volatile Allocation allocation;

    public ProvisionedConcurrency(
            FunctionStore store, FunctionRegistry functions, Reservations reservations, Clock clock) {
        this.store = store;
        this.functions = functions;
        this.reservations = reservations;
        this.clock = clock;
        for (ProvisionedConfig c : store.allProvisioned()) {
            of(c.function()).put(c.qualifier(), c);
        }
        functions.addListener(this);
    }

    public void allocateWith(Allocation allocation) {
        this.allocation = allocation;
    }

    public synchronized Status put(String name, String qualifier, Integer requested) {
        FunctionConfig version = target(name, qualifier);
        if (requested == null || requested < 1) {
            throw AwsException.invalidParameter("1 validation error detected: Value '" + requested
                    + "' at 'provisionedConcurrentExecutions' failed to satisfy constraint: Member must have value"
                    + " greater than or equal to 1");
        }
        int others = of(name).values().stream()
                .filter(c -> !c.qualifier().equals(qualifier))
                .mapToInt(ProvisionedConfig::requested)
                .sum();
        Integer reserved = reservations.of(name);
        if (reserved != null && others + requested > reserved) {
            throw AwsException.invalidParameter("Requested Provisioned Concurrency should not be greater than the"
                    + " reservedConcurrentExecution for function");
        }
        int allOthers = configs.values().stream()
                .flatMap(m -> m.values().stream())
                .filter(c -> !(c.function().equals(name) && c.qualifier().equals(qualifier)))
                .mapToInt(ProvisionedConfig::requested)
                .sum();
        if (reservations.limit() - allOthers - requested < reservations.minimumUnreserved()) {
            throw AwsException.invalidParameter("Requested Provisioned Concurrency exceeds the account's"
                    + " UnreservedConcurrentExecution minimum of [" + reservations.minimumUnreserved() + "].");
        }
        ProvisionedConfig config = new ProvisionedConfig(name, qualifier, requested, ISO.format(clock.instant()));
        store.putProvisioned(config);
        of(name).put(qualifier, config);
        return status(config, version);
    }

    public Status get(String name, String qualifier) {
        FunctionConfig version = target(name, qualifier);
        ProvisionedConfig config = of(name).get(qualifier);
        if (config == null) {
            throw new AwsException(
                    404,
                    "ProvisionedConcurrencyConfigNotFoundException",
                    "No Provisioned Concurrency Config found for this function");
        }
        return status(config, version);
    }

    /** Deletes a configuration; one that does not exist is already deleted. */
    public synchronized void delete(String name, String qualifier) {
        functions.get(name);
        if (of(name).remove(qualifier) != null) {
            store.deleteProvisioned(name, qualifier);
        }
    }

    public List<Status> list(String name) {
        functions.get(name);
        List<Status> out = new ArrayList<>();
        for (ProvisionedConfig c : of(name).values()) {
            try {
                out.add(status(c, functions.version(name, c.qualifier())));
            } catch (AwsException gone) {
                // its alias or version was deleted
            }
        }
        out.sort(Comparator.comparing(s -> s.config().qualifier()));
        return out;
    }

    /** How many initialised environments each version should have, following aliases as they move now. */
    public Map<FunctionConfig, Integer> targets() {
        Map<FunctionConfig, Integer> out = new HashMap<>();
        for (Map<String, ProvisionedConfig> byQualifier : configs.values()) {
            for (ProvisionedConfig c : byQualifier.values()) {
                try {
                    out.merge(functions.version(c.function(), c.qualifier()), c.requested(), Integer::sum);
                } catch (AwsException gone) {
                    // the alias or version went away; its configuration goes with the next change
                }
            }
        }
        return out;
    }

    @Override
    public void changed(String functionName) {
        try {
            functions.get(functionName);
        } catch (AwsException deleted) {
            configs.remove(functionName);
        }
    }

    private Status status(ProvisionedConfig config, FunctionConfig version) {
        Allocation a = allocation;
        int ready = a == null ? 0 : Math.min(a.ready(version), config.requested());
        String failure = a == null ? null : a.failure(version);
        if (ready >= config.requested()) {
            return new Status(config, ready, "READY", null);
        }
        if (failure != null) {
            return new Status(config, ready, "FAILED", "FUNCTION_ERROR_INIT_FAILED: " + failure);
        }
        return new Status(config, ready, "IN_PROGRESS", null);
    }

    /** The version a configuration's qualifier names; only published versions and aliases qualify. */
    private FunctionConfig target(String name, String qualifier) {
        functions.get(name);
        if (qualifier == null || qualifier.isEmpty() || qualifier.equals(FunctionRegistry.LATEST)) {
            throw AwsException.invalidParameter(
                    "Provisioned Concurrency Configs cannot be applied to unpublished function versions.");
        }
        if (!FunctionRegistry.isVersionNumber(qualifier)) {
            AliasConfig alias = functions.alias(name, qualifier);
            if (alias.additionalVersion() != null) {
                throw AwsException.invalidParameter("Alias with weights can not be used with Provisioned Concurrency");
            }
            if (alias.functionVersion().equals(FunctionRegistry.LATEST)) {
                throw AwsException.invalidParameter(
                        "Provisioned Concurrency Configs cannot be applied to unpublished function versions.");
            }
        }
        return functions.version(name, qualifier);
    }

    private Map<String, ProvisionedConfig> of(String name) {
        return configs.computeIfAbsent(name, n -> new ConcurrentHashMap<>());
    }
}

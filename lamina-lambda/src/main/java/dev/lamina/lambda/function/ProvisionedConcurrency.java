package dev.lamina.lambda.function;

import dev.lamina.core.AwsException;
import dev.lamina.lambda.LambdaErrors;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Provisioned concurrency (Put/Get/Delete/ListProvisionedConcurrencyConfig(s)): configurations are
 * persisted here; the environments are kept by the {@link Allocation}, which reads {@link #targets()}
 * and reports how many are initialised.
 */
public final class ProvisionedConcurrency {
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
    private final PerQualifier<ProvisionedConfig> configs;
    private volatile Allocation allocation;

    public ProvisionedConcurrency(
            FunctionStore store, FunctionRegistry functions, Reservations reservations, Clock clock) {
        this.store = store;
        this.functions = functions;
        this.reservations = reservations;
        this.clock = clock;
        this.configs = new PerQualifier<>(functions);
        for (ProvisionedConfig c : store.allProvisioned()) {
            of(c.function()).put(c.qualifier(), c);
        }
        functions.addListener(new FunctionRegistry.Listener() {
            @Override
            public void changed(String functionName) {}

            @Override
            public void aliasChanging(AliasConfig next) {
                checkAliasChange(next);
            }
        });
    }

    public void allocateWith(Allocation allocation) {
        this.allocation = allocation;
    }

    public Status put(String name, String qualifier, Integer requested) {
        if (requested == null || requested < 1) {
            throw new AwsException(
                    400,
                    "ValidationException",
                    "1 validation error detected: Value '" + requested
                            + "' at 'provisionedConcurrentExecutions' failed to satisfy constraint: Member must have value"
                            + " greater than or equal to 1");
        }
        synchronized (functions) {
            FunctionConfig version = target(name, qualifier);
            checkNotProvisionedTwice(name, qualifier, version);
            int others = of(name).values().stream()
                    .filter(c -> !c.qualifier().equals(qualifier))
                    .mapToInt(ProvisionedConfig::requested)
                    .sum();
            Integer reserved = reservations.of(name);
            if (reserved != null && others + requested > reserved) {
                throw LambdaErrors.invalidParameter("Requested Provisioned Concurrency should not be greater than"
                        + " the reservedConcurrentExecution for function");
            }
            int provisionedElsewhere = configs.all().entrySet().stream()
                    .filter(e -> !e.getKey().equals(name))
                    .flatMap(e -> e.getValue().values().stream())
                    .mapToInt(ProvisionedConfig::requested)
                    .sum();
            int reservedElsewhere = reservations.total() - (reserved == null ? 0 : reserved);
            int forThisFunction = Math.max(reserved == null ? 0 : reserved, others + requested);
            if (reservations.limit() - reservedElsewhere - provisionedElsewhere - forThisFunction
                    < reservations.minimumUnreserved()) {
                throw LambdaErrors.invalidParameter("Specified ConcurrentExecutions for function decreases"
                        + " account's UnreservedConcurrentExecution below its minimum value of ["
                        + reservations.minimumUnreserved() + "].");
            }
            ProvisionedConfig config = new ProvisionedConfig(name, qualifier, requested, ISO.format(clock.instant()));
            store.putProvisioned(config);
            of(name).put(qualifier, config);
            return status(config, version);
        }
    }

    /** Lambda provisions a version either through itself or through one alias pointing at it, not both. */
    private void checkNotProvisionedTwice(String name, String qualifier, FunctionConfig version) {
        for (ProvisionedConfig other : of(name).values()) {
            if (other.qualifier().equals(qualifier)) {
                continue;
            }
            FunctionConfig otherVersion;
            try {
                otherVersion = functions.version(name, other.qualifier());
            } catch (AwsException gone) {
                continue;
            }
            if (otherVersion.version().equals(version.version())) {
                throw LambdaErrors.conflict(
                        FunctionRegistry.isVersionNumber(qualifier)
                                ? "Version is pointed by a Provisioned Concurrency alias"
                                : "Alias can't be used for Provisioned Concurrency configuration on an already Provisioned"
                                        + " version");
            }
        }
    }

    public Status get(String name, String qualifier) {
        FunctionConfig version = existing(name, qualifier);
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
    public void delete(String name, String qualifier) {
        synchronized (functions) {
            existing(name, qualifier);
            if (of(name).remove(qualifier) != null) {
                store.deleteProvisioned(name, qualifier);
            }
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
        for (Map<String, ProvisionedConfig> byQualifier : configs.functions()) {
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

    /** An alias with provisioned concurrency may not move to $LATEST, take weights, or meet another configuration. */
    private void checkAliasChange(AliasConfig next) {
        if (!of(next.function()).containsKey(next.name())) {
            return;
        }
        if (next.additionalVersion() != null) {
            throw LambdaErrors.invalidParameter("Alias with weights can not be used with Provisioned Concurrency");
        }
        if (next.functionVersion().equals(FunctionRegistry.LATEST)) {
            throw LambdaErrors.invalidParameter(
                    "Provisioned Concurrency Configs cannot be applied to unpublished function versions.");
        }
        if (of(next.function()).containsKey(next.functionVersion())) {
            throw LambdaErrors.conflict("Alias can't be used for Provisioned Concurrency configuration on an already"
                    + " Provisioned version");
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

    /** The version a Get or Delete names: a published version or an alias, which must exist. */
    private FunctionConfig existing(String name, String qualifier) {
        if (qualifier == null || qualifier.isEmpty() || qualifier.equals(FunctionRegistry.LATEST)) {
            functions.get(name);
            throw LambdaErrors.invalidParameter(
                    "The function resource provided must be an alias or a published version.");
        }
        return functions.resolve(name, qualifier);
    }

    /** The version a configuration's qualifier names; only published versions and aliases qualify. */
    private FunctionConfig target(String name, String qualifier) {
        if (qualifier == null || qualifier.isEmpty() || qualifier.equals(FunctionRegistry.LATEST)) {
            functions.get(name);
            throw LambdaErrors.invalidParameter(
                    "Provisioned Concurrency Configs cannot be applied to unpublished function versions.");
        }
        FunctionConfig resolved = functions.resolve(name, qualifier);
        if (!FunctionRegistry.isVersionNumber(qualifier)) {
            AliasConfig alias = functions.alias(name, qualifier);
            if (alias.additionalVersion() != null) {
                throw LambdaErrors.invalidParameter("Alias with weights can not be used with Provisioned Concurrency");
            }
            if (alias.functionVersion().equals(FunctionRegistry.LATEST)) {
                throw LambdaErrors.invalidParameter(
                        "Provisioned Concurrency Configs cannot be applied to unpublished function versions.");
            }
        }
        return resolved;
    }

    private Map<String, ProvisionedConfig> of(String name) {
        return configs.of(name);
    }
}

package dev.lamina.lambda.function;

import dev.lamina.core.AwsException;
import dev.lamina.lambda.LambdaErrors;
import java.util.Map;

/**
 * Aliases: CreateAlias, UpdateAlias and DeleteAlias. An alias names one version and may send a share
 * of its invocations to a second ({@code AdditionalVersionWeights}); the invoke path picks between
 * them ({@link AliasConfig#pick}). Every change, even one that changes nothing, gets a new revision
 * id, as on AWS. Reading aliases is the {@link FunctionRegistry}'s ({@link FunctionRegistry#alias},
 * {@link FunctionRegistry#aliases}).
 *
 * <p>Called by the control plane's request threads; every method holds the registry's monitor (see
 * {@link FunctionRegistry} on locking), and listeners may refuse a change
 * ({@link FunctionRegistry.Listener#aliasChanging}) before anything is written.
 */
public final class Aliases {
    private final FunctionRegistry registry;
    private final FunctionStore store;
    private final Revisions revisions;

    public Aliases(FunctionRegistry registry, FunctionStore store, Revisions revisions) {
        this.registry = registry;
        this.store = store;
        this.revisions = revisions;
    }

    public AliasConfig create(
            String name, String alias, String functionVersion, String description, Map<String, Double> weights) {
        synchronized (registry) {
            FunctionValidation.alias(alias);
            // a missing function is reported with the version asked for, as Lambda does
            AliasConfig created = checked(name, alias, functionVersion, description, weights);
            if (registry.findAlias(name, alias) != null) {
                throw LambdaErrors.conflict(
                        "Alias already exists: " + registry.arns().functionArn(name, alias));
            }
            store.putAlias(created);
            registry.putAlias(created);
            return created;
        }
    }

    /** Changes what is given ({@code null} keeps the alias's own); {@code weights} replaces the routing. */
    public AliasConfig update(
            String name,
            String alias,
            String functionVersion,
            String description,
            Map<String, Double> weights,
            String revisionId) {
        synchronized (registry) {
            registry.get(name);
            AliasConfig current = registry.findAlias(name, alias);
            if (current == null) {
                throw AwsException.notFound(
                        "Alias not found: " + registry.arns().functionArn(name, alias));
            }
            if (revisionId != null && !revisionId.equals(current.revisionId())) {
                throw LambdaErrors.preconditionFailed("The Revision Id provided does not match the latest Revision Id. "
                        + "Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
            }
            Map<String, Double> routing = weights;
            if (routing == null) {
                routing = current.additionalVersion() == null
                        ? Map.of()
                        : Map.of(current.additionalVersion(), current.additionalWeight());
            }
            AliasConfig updated = checked(
                    name,
                    alias,
                    functionVersion != null ? functionVersion : current.functionVersion(),
                    description != null ? description : current.description(),
                    routing);
            registry.tell(l -> l.aliasChanging(updated));
            store.putAlias(updated);
            registry.putAlias(updated);
            return updated;
        }
    }

    /** Deletes an alias; one that does not exist is already deleted. */
    public void delete(String name, String alias) {
        synchronized (registry) {
            registry.get(name);
            if (registry.removeAlias(name, alias) != null) {
                store.deleteAlias(name, alias);
                store.deleteQualified(name, alias);
                registry.tell(l -> l.aliasDeleted(name, alias));
            }
        }
    }

    /** The alias as asked, once its version and routing are valid and exist; with a new revision id. */
    private AliasConfig checked(
            String name, String alias, String functionVersion, String description, Map<String, Double> weights) {
        FunctionValidation.aliasTarget(functionVersion, description, weights);
        registry.version(name, functionVersion);
        String additional = null;
        double weight = 0;
        if (weights != null && !weights.isEmpty()) {
            Map.Entry<String, Double> only = weights.entrySet().iterator().next();
            additional = only.getKey();
            weight = only.getValue();
            if (functionVersion.equals(FunctionRegistry.LATEST)) {
                throw LambdaErrors.invalidParameter(
                        "$LATEST is not supported for an alias pointing to more than 1 version");
            }
            if (additional.equals(functionVersion)) {
                throw LambdaErrors.invalidParameter("Invalid function version " + additional + ". Function version "
                        + additional + " is already included in routing configuration.");
            }
            if (registry.published(name, additional) == null) {
                throw AwsException.notFound(
                        "Function not found: " + registry.arns().functionArn(name, additional));
            }
        }
        return new AliasConfig(name, alias, functionVersion, description, additional, weight, revisions.newId());
    }
}

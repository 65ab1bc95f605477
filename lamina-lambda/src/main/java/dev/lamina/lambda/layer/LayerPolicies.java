package dev.lamina.lambda.layer;

import dev.lamina.core.AwsException;
import dev.lamina.lambda.LambdaErrors;
import dev.lamina.lambda.function.Revisions;
import dev.lamina.lambda.validation.Constraint;
import dev.lamina.lambda.validation.LambdaMembers;
import dev.lamina.lambda.validation.Violations;
import java.util.ArrayList;
import java.util.List;

/**
 * AddLayerVersionPermission, GetLayerVersionPolicy and RemoveLayerVersionPermission: a layer version's
 * resource policy, kept for what the API says of it (a Lamina node has one account, so nothing else
 * reads it). Changes are serialized here: each reads the policy, checks the caller's revision and
 * writes the next one.
 */
public final class LayerPolicies {
    private static final Constraint PRINCIPAL =
            Constraint.of("principal").pattern("\\d{12}|\\*|arn:(aws[a-zA-Z-]*):iam::\\d{12}:root");
    private static final Constraint ORGANIZATION_ID =
            Constraint.of("organizationId").length(0, 34).pattern("o-[a-z0-9]{10,32}");

    private final Layers layers;
    private final LayerStore store;
    private final Revisions revisions;

    public LayerPolicies(Layers layers, LayerStore store, Revisions revisions) {
        this.layers = layers;
        this.store = store;
        this.revisions = revisions;
    }

    /** Adds a statement; returns it and the policy's new revision. */
    public synchronized Added add(String layerName, long version, LayerPolicy.Statement statement, String revisionId) {
        new Violations()
                .require(LambdaMembers.STATEMENT_ID, statement.sid())
                .require(LambdaMembers.LAYER_ACTION, statement.action())
                .require(PRINCIPAL, statement.principal())
                .check(ORGANIZATION_ID, statement.organizationId())
                .throwIfAny();
        LayerVersion layer = layers.existing(layerName, version);
        LayerPolicy current = store.policy(layer.name(), layer.version()).orElse(null);
        checkRevision(current, revisionId);
        List<LayerPolicy.Statement> statements = new ArrayList<>(current == null ? List.of() : current.statements());
        if (statements.stream().anyMatch(s -> s.sid().equals(statement.sid()))) {
            throw LambdaErrors.conflict("The statement id (" + statement.sid() + ") provided already exists. Please"
                    + " provide a new statement id, or remove the existing statement.");
        }
        statements.add(statement);
        LayerPolicy next = new LayerPolicy(statements, revisions.newId());
        store.putPolicy(layer.name(), layer.version(), next);
        return new Added(layer, statement, next.revisionId());
    }

    /** What {@link #add} answers: the statement of that layer version, and the policy's revision. */
    public record Added(LayerVersion layer, LayerPolicy.Statement statement, String revisionId) {}

    /** The version's policy; 404 when the version or its policy is missing. */
    public Policy policy(String layerName, long version) {
        LayerVersion layer = layers.existing(layerName, version);
        LayerPolicy policy = store.policy(layer.name(), layer.version())
                .filter(p -> !p.statements().isEmpty())
                .orElseThrow(() -> AwsException.notFound("No policy is associated with the given resource."));
        return new Policy(layer, policy);
    }

    /** A layer version with its policy. */
    public record Policy(LayerVersion layer, LayerPolicy policy) {}

    /** Removes a statement; 404 when the version or the statement is missing. */
    public synchronized void remove(String layerName, long version, String sid, String revisionId) {
        LayerVersion layer = layers.existing(layerName, version);
        LayerPolicy current = store.policy(layer.name(), layer.version()).orElse(null);
        checkRevision(current, revisionId);
        List<LayerPolicy.Statement> statements = new ArrayList<>(current == null ? List.of() : current.statements());
        if (!statements.removeIf(s -> s.sid().equals(sid))) {
            throw AwsException.notFound("Statement " + sid + " is not found in resource policy.");
        }
        store.putPolicy(layer.name(), layer.version(), new LayerPolicy(statements, revisions.newId()));
    }

    private static void checkRevision(LayerPolicy current, String revisionId) {
        if (revisionId != null && (current == null || !current.revisionId().equals(revisionId))) {
            throw LambdaErrors.preconditionFailed("The Revision Id provided does not match the latest Revision Id."
                    + " Call the GetLayerPolicy API to retrieve the latest Revision Id");
        }
    }
}

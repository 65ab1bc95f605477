package dev.lamina.cloudformation.resource;

import java.util.Map;
import java.util.Set;

/** The resource types the node makes, each with its provider. */
public final class Providers {
    private final Map<String, ResourceProvider> byType;

    public Providers(ServiceCalls calls) {
        this(Map.of(
                "AWS::SQS::Queue", new QueueProvider(calls),
                "AWS::Lambda::Function", new FunctionProvider(calls),
                "AWS::Lambda::Permission", new PermissionProvider(calls),
                "AWS::Lambda::EventSourceMapping", new EventSourceMappingProvider(calls),
                "AWS::DynamoDB::Table", new TableProvider(calls),
                "AWS::S3::Bucket", new BucketProvider(calls),
                "AWS::Events::Rule", new RuleProvider(calls),
                "AWS::IAM::Role", new RoleProvider(calls)));
    }

    /** Providers by type (a test's, or a subset). */
    public Providers(Map<String, ResourceProvider> byType) {
        this.byType = Map.copyOf(byType);
    }

    /** The types {@link #of} has a provider for. */
    public Set<String> types() {
        return byType.keySet();
    }

    /** The provider of {@code type}, or {@code null} when the node makes no such resource. */
    public ResourceProvider of(String type) {
        return byType.get(type);
    }
}

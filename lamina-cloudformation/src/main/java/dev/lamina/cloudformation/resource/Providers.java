package dev.lamina.cloudformation.resource;

import java.util.Map;
import java.util.Set;

/** The resource types the node makes, each with its provider. */
public final class Providers {
    private final Map<String, ResourceProvider> byType;

    public Providers(ServiceCalls calls) {
        this(Map.ofEntries(
                Map.entry("AWS::SQS::Queue", new QueueProvider(calls)),
                Map.entry("AWS::Lambda::Function", new FunctionProvider(calls)),
                Map.entry("AWS::Lambda::Permission", new PermissionProvider(calls)),
                Map.entry("AWS::Lambda::Version", new VersionProvider(calls)),
                Map.entry("AWS::Lambda::Alias", new AliasProvider(calls)),
                Map.entry("AWS::Lambda::Url", new UrlProvider(calls)),
                Map.entry("AWS::Lambda::LayerVersion", new LayerVersionProvider(calls)),
                Map.entry("AWS::SQS::QueuePolicy", new QueuePolicyProvider(calls)),
                Map.entry("AWS::Logs::LogGroup", new LogGroupProvider(calls)),
                Map.entry("AWS::Lambda::EventSourceMapping", new EventSourceMappingProvider(calls)),
                Map.entry("AWS::DynamoDB::Table", new TableProvider(calls)),
                Map.entry("AWS::S3::Bucket", new BucketProvider(calls)),
                Map.entry("AWS::Events::Rule", new RuleProvider(calls)),
                Map.entry("AWS::IAM::Role", new RoleProvider(calls)),
                Map.entry("AWS::IAM::Policy", new RolePolicyProvider(calls)),
                Map.entry("AWS::Kinesis::Stream", new StreamProvider(calls)),
                Map.entry("AWS::Scheduler::Schedule", new ScheduleProvider(calls)),
                Map.entry("AWS::ApiGatewayV2::Api", new HttpApiProviders.Api(calls)),
                Map.entry("AWS::ApiGatewayV2::Integration", new HttpApiProviders.Integration(calls)),
                Map.entry("AWS::ApiGatewayV2::Route", new HttpApiProviders.Route(calls)),
                Map.entry("AWS::ApiGatewayV2::Stage", new HttpApiProviders.Stage(calls)),
                Map.entry("AWS::ApiGatewayV2::Authorizer", new HttpApiProviders.Authorizer(calls)),
                Map.entry("AWS::ApiGateway::RestApi", new RestApiProviders.RestApi(calls)),
                Map.entry("AWS::ApiGateway::Resource", new RestApiProviders.Resource(calls)),
                Map.entry("AWS::ApiGateway::Method", new RestApiProviders.Method(calls)),
                Map.entry("AWS::ApiGateway::Deployment", new RestApiProviders.Deployment(calls)),
                Map.entry("AWS::ApiGateway::Stage", new RestApiProviders.Stage(calls))));
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

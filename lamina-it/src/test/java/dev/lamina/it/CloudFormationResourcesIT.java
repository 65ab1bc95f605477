package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.ResourceStatus;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The resource types a SAM application publishes and keeps, deployed with the real CLI's
 * {@code cloudformation package} and {@code deploy}: a function with {@code AutoPublishAlias} (a
 * version and an alias), its {@code FunctionUrlConfig} (a URL called as returned), a layer from
 * {@code ContentUri}, a log group with a retention and {@code DeletionPolicy: Retain}, and a queue
 * policy, and the function's queue event mapped to its alias. New code publishes a new version and moves the alias; deleting the stack leaves the retained
 * log group and the layer version (SAM keeps layers unless told otherwise); an unknown property fails
 * the stack in CloudFormation's words and rolls back to nothing.
 */
class CloudFormationResourcesIT {
    static TestNode node;
    static Path work;

    static final String TEMPLATE = """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Shared:
                Type: AWS::Serverless::LayerVersion
                Properties:
                  ContentUri: layer/
                  CompatibleRuntimes: [python3.11]
              Api:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: src/
                  Handler: app.handler
                  Runtime: python3.11
                  Layers: [!Ref Shared]
                  AutoPublishAlias: live
                  DeploymentPreference:
                    Type: AllAtOnce
                  FunctionUrlConfig:
                    AuthType: NONE
                  Policies:
                    - SQSPollerPolicy:
                        QueueName: !GetAtt Inbox.QueueName
                  Events:
                    Inbox:
                      Type: SQS
                      Properties:
                        Queue: !GetAtt Inbox.Arn
              Audit:
                Type: AWS::Logs::LogGroup
                DeletionPolicy: Retain
                Properties:
                  RetentionInDays: 14
              Inbox:
                Type: AWS::SQS::Queue
              InboxPolicy:
                Type: AWS::SQS::QueuePolicy
                Properties:
                  Queues: [!Ref Inbox]
                  PolicyDocument:
                    Version: '2012-10-17'
                    Statement:
                      - Effect: Allow
                        Principal: {Service: events.amazonaws.com}
                        Action: sqs:SendMessage
                        Resource: !GetAtt Inbox.Arn
            Outputs:
              Url:
                Value: !GetAtt ApiUrl.FunctionUrl
              Alias:
                Value: !Ref ApiAliaslive
              Layer:
                Value: !Ref Shared
              LogGroup:
                Value: !Ref Audit
              LogGroupArn:
                Value: !GetAtt Audit.Arn
              Queue:
                Value: !Ref Inbox
            """;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(AwsCli.available(), "the AWS CLI v2 (/usr/bin/aws, Debian package awscli) is not installed");
        node = TestNode.start();
        work = CloudFormationIT.cliHome(node, "cfn-resources");
        Files.createDirectories(work.resolve("app/src"));
        Files.createDirectories(work.resolve("app/layer/python"));
        Files.writeString(work.resolve("app/layer/python/shared.py"), "WORD = 'from the layer'\n");
        Files.writeString(work.resolve("app/template.yaml"), TEMPLATE);
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    static AwsCli aws() {
        return CloudFormationIT.cli(node, work);
    }

    @Test
    void publishedVersionsAliasUrlLayerLogGroupAndQueuePolicy() throws Exception {
        try (S3Client s3 = S3Clients.pathStyle(node)) {
            s3.createBucket(r -> r.bucket("artifacts"));
        }
        deploy("v1");
        Map<String, String> outputs = outputs();
        String aliasArn = outputs.get("Alias");
        assertTrue(aliasArn.matches("arn:aws:lambda:us-east-1:000000000000:function:apps-Api-\\w+:live"), aliasArn);
        String function = aliasArn.substring(0, aliasArn.lastIndexOf(':'));
        String layer = outputs.get("Layer");
        assertEquals("arn:aws:lambda:us-east-1:000000000000:layer:Shared:1", layer);

        try (LambdaClient lambda = node.lambda();
                SqsClient sqs = TestNode.client(SqsClient.builder(), URI.create(node.endpoint()));
                HttpClient http = HttpClient.newHttpClient()) {
            var alias = lambda.getAlias(r -> r.functionName(function).name("live"));
            assertEquals("1", alias.functionVersion());
            assertEquals("v1 from the layer", invoke(lambda, aliasArn));
            assertEquals(
                    layer,
                    lambda.getFunction(r -> r.functionName(aliasArn))
                            .configuration()
                            .layers()
                            .getFirst()
                            .arn());
            String url = outputs.get("Url");
            assertEquals("v1 from the layer", get(http, url));

            assertEquals("apps-Audit-", outputs.get("LogGroup").substring(0, "apps-Audit-".length()));
            assertEquals(
                    "arn:aws:logs:us-east-1:000000000000:log-group:" + outputs.get("LogGroup") + ":*",
                    outputs.get("LogGroupArn"));
            assertEquals(14, retention(outputs.get("LogGroup")));
            assertEquals(
                    List.of(aliasArn),
                    lambda.listEventSourceMappings(r -> r.functionName(aliasArn)).eventSourceMappings().stream()
                            .map(m -> m.functionArn())
                            .toList(),
                    "the queue's messages go to the alias");
            String policy = sqs.getQueueAttributes(
                            r -> r.queueUrl(outputs.get("Queue")).attributeNames(QueueAttributeName.POLICY))
                    .attributes()
                    .get(QueueAttributeName.POLICY);
            assertEquals(
                    "events.amazonaws.com",
                    CloudFormationIT.JSON
                            .readTree(policy)
                            .at("/Statement/0/Principal/Service")
                            .asText(),
                    policy);

            // new code: a new version under a new logical id, the alias moved to it, the URL the same
            deploy("v2");
            Map<String, String> after = outputs();
            assertEquals(url, after.get("Url"));
            assertEquals(
                    "2",
                    lambda.getAlias(r -> r.functionName(function).name("live")).functionVersion());
            assertEquals("v2 from the layer", invoke(lambda, aliasArn));
            assertEquals("v2 from the layer", get(http, url));
            List<String> events = events();
            assertTrue(events.contains("ApiAliaslive AWS::Lambda::Alias UPDATE_COMPLETE"), events.toString());
            assertTrue(
                    events.stream()
                            .anyMatch(e -> e.matches("ApiVersion[0-9a-f]{10} AWS::Lambda::Version DELETE_SKIPPED")),
                    "the version SAM published first is kept: " + events);
            assertEquals(
                    List.of("1", "2"),
                    lambda.listVersionsByFunction(r -> r.functionName(function)).versions().stream()
                            .map(v -> v.version())
                            .filter(v -> !v.equals("$LATEST"))
                            .toList());
        }

        try (CloudFormationClient cfn = cloudFormation()) {
            cfn.deleteStack(r -> r.stackName("apps"));
            cfn.waiter().waitUntilStackDeleteComplete(r -> r.stackName("apps"));
        }
        List<String> events = events(stackId);
        assertTrue(events.contains("Audit AWS::Logs::LogGroup DELETE_SKIPPED"), events.toString());
        assertTrue(events.contains("Api AWS::Lambda::Function DELETE_COMPLETE"), events.toString());
        assertEquals(14, retention(outputs.get("LogGroup")), "the retained log group is still there");
        try (LambdaClient lambda = node.lambda()) {
            assertEquals(
                    List.of(layer),
                    lambda.listLayerVersions(r -> r.layerName("Shared")).layerVersions().stream()
                            .map(v -> v.layerVersionArn())
                            .toList(),
                    "the layer is kept (SAM's default); unchanged content published no other version");
            assertTrue(lambda.listFunctions().functions().isEmpty());
        }
    }

    @Test
    void anUnknownPropertyFailsTheStackInCloudFormationsWords() throws Exception {
        Files.writeString(work.resolve("unknown.yaml"), """
                Resources:
                  Jobs:
                    Type: AWS::SQS::Queue
                  Trail:
                    Type: AWS::Logs::LogGroup
                    Properties:
                      LogGroupName: !Sub '${Jobs.QueueName}-trail'
                      RetentionDays: 7
                """);
        AwsCli.Result r = aws().run(
                        "cloudformation",
                        "deploy",
                        "--template-file",
                        work.resolve("unknown.yaml").toString(),
                        "--stack-name",
                        "unknown");
        assertNotEquals(0, r.exitCode(), r.stdout());
        try (CloudFormationClient cfn = cloudFormation()) {
            assertEquals(
                    StackStatus.ROLLBACK_COMPLETE,
                    cfn.describeStacks(d -> d.stackName("unknown"))
                            .stacks()
                            .getFirst()
                            .stackStatus());
            String reason = cfn.describeStackEvents(d -> d.stackName("unknown")).stackEvents().stream()
                    .filter(e -> e.resourceStatus() == ResourceStatus.CREATE_FAILED)
                    .map(e -> e.logicalResourceId() + ": " + e.resourceStatusReason())
                    .findFirst()
                    .orElse(null);
            assertEquals(
                    "Trail: Properties validation failed for resource Trail with message:"
                            + " #: extraneous key [RetentionDays] is not permitted",
                    reason);
            cfn.deleteStack(d -> d.stackName("unknown"));
        }
        try (SqsClient sqs = TestNode.client(SqsClient.builder(), URI.create(node.endpoint()))) {
            assertTrue(sqs.listQueues(q -> q.queueNamePrefix("unknown-"))
                    .queueUrls()
                    .isEmpty());
        }
    }

    static String stackId;

    static CloudFormationClient cloudFormation() {
        return TestNode.client(CloudFormationClient.builder(), URI.create(node.endpoint()));
    }

    /** The stack's outputs by key (and its id, kept for after its deletion). */
    private static Map<String, String> outputs() {
        try (CloudFormationClient cfn = cloudFormation()) {
            Stack stack = cfn.describeStacks(r -> r.stackName("apps")).stacks().getFirst();
            stackId = stack.stackId();
            Map<String, String> out = new HashMap<>();
            stack.outputs().forEach(o -> out.put(o.outputKey(), o.outputValue()));
            return out;
        }
    }

    /** Packages and deploys the application with code that answers {@code version}. */
    private static void deploy(String version) throws Exception {
        Files.writeString(work.resolve("app/src/app.py"), """
                import shared
                def handler(event, context):
                    return {"statusCode": 200, "body": "%s " + shared.WORD}
                """.formatted(version));
        AwsCli.Result packaged = aws().run(
                        "cloudformation",
                        "package",
                        "--template-file",
                        work.resolve("app/template.yaml").toString(),
                        "--s3-bucket",
                        "artifacts",
                        "--output-template-file",
                        work.resolve("packaged.yaml").toString());
        assertEquals(0, packaged.exitCode(), packaged.stdout() + packaged.stderr());
        AwsCli.Result deployed = aws().run(
                        "cloudformation",
                        "deploy",
                        "--template-file",
                        work.resolve("packaged.yaml").toString(),
                        "--stack-name",
                        "apps",
                        "--capabilities",
                        "CAPABILITY_IAM");
        if (deployed.exitCode() != 0) {
            throw new AssertionError(deployed.stdout() + deployed.stderr() + events());
        }
    }

    /** The body the function answers when invoked by {@code arn}. */
    private static String invoke(LambdaClient lambda, String arn) throws Exception {
        String payload = lambda.invoke(r -> r.functionName(arn).payload(SdkBytes.fromUtf8String("{}")))
                .payload()
                .asString(StandardCharsets.UTF_8);
        return CloudFormationIT.JSON.readTree(payload).path("body").asText(payload);
    }

    /** The body of a GET of {@code url} exactly as the stack handed it out. */
    private static String get(HttpClient http, String url) throws Exception {
        HttpResponse<String> response =
                http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private static int retention(String group) {
        try (CloudWatchLogsClient logs = node.logs()) {
            List<LogGroup> groups =
                    logs.describeLogGroups(r -> r.logGroupNamePrefix(group)).logGroups();
            assertEquals(1, groups.size(), groups.toString());
            return groups.getFirst().retentionInDays();
        }
    }

    private static List<String> events() {
        return events("apps");
    }

    /** The stack's events, newest first, as {@code <logical id> <type> <status>}. */
    private static List<String> events(String stack) {
        try (CloudFormationClient cfn = cloudFormation()) {
            return cfn.describeStackEvents(r -> r.stackName(stack)).stackEvents().stream()
                    .map(e -> e.logicalResourceId() + " " + e.resourceType() + " " + e.resourceStatusAsString()
                            + (e.resourceStatusReason() == null
                                            || !e.resourceStatusAsString().endsWith("FAILED")
                                    ? ""
                                    : " " + e.resourceStatusReason()))
                    .toList();
        }
    }
}

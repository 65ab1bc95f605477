package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Deploying a SAM application with the real AWS CLI v2 at /usr/bin/aws: {@code cloudformation
 * package} uploads the function's code to the node's S3 and {@code cloudformation deploy} makes the
 * stack through the CloudFormation API; the function then runs on its queue's messages, an update
 * changes its environment, a stack survives a restart, a failing resource rolls back to nothing, and
 * a deleted stack leaves nothing behind.
 *
 * <p>Debian's CLI 2.9 gives {@code package}'s S3 client no endpoint (it predates
 * {@code AWS_ENDPOINT_URL_S3}); a small CLI plugin named in the CLI's configuration supplies it, as a
 * user would (README, "Deploying applications").
 */
class CloudFormationIT {
    static final ObjectMapper JSON = new ObjectMapper();

    static TestNode node;
    static Path work;

    /** A plugin that gives clients the endpoint {@code AWS_ENDPOINT_URL_<SERVICE>} names when they have none. */
    static final String PLUGIN = """
            import os
            import botocore.session

            _create_client = botocore.session.Session.create_client

            def _with_endpoint(self, service_name, *args, **kwargs):
                url = os.environ.get("AWS_ENDPOINT_URL_" + service_name.upper().replace("-", "_"))
                if url and not kwargs.get("endpoint_url"):
                    kwargs["endpoint_url"] = url
                return _create_client(self, service_name, *args, **kwargs)

            def awscli_initialize(cli):
                botocore.session.Session.create_client = _with_endpoint
            """;

    static final String HANDLER = """
            import os
            def handler(event, context):
                for record in event["Records"]:
                    print("GOT %s %s %s" % (os.environ["GREETING"], os.environ["STAGE"], record["body"]))
                return {}
            """;

    static final String TEMPLATE = """
            AWSTemplateFormatVersion: '2010-09-09'
            Transform: AWS::Serverless-2016-10-31
            Description: orders, worked off a queue
            Parameters:
              Greeting:
                Type: String
                Default: hello
            Conditions:
              Archived: !Equals [!Ref Greeting, bonjour]
            Globals:
              Function:
                Timeout: 10
                MemorySize: 256
                Environment:
                  Variables:
                    STAGE: test
            Resources:
              Orders:
                Type: AWS::SQS::Queue
                Properties:
                  VisibilityTimeout: 30
              Worker:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: src/
                  Handler: app.handler
                  Runtime: python3.11
                  Environment:
                    Variables:
                      GREETING: !Ref Greeting
                  Policies:
                    - SQSPollerPolicy:
                        QueueName: !GetAtt Orders.QueueName
                  Events:
                    Work:
                      Type: SQS
                      Properties:
                        Queue: !GetAtt Orders.Arn
                        BatchSize: 1
              Ticker:
                Type: AWS::Serverless::Function
                Properties:
                  InlineCode: |
                    def handler(event, context):
                        return {"ok": True, "n": (event.get("pathParameters") or {}).get("n")}
                  Handler: index.handler
                  Runtime: python3.11
                  Events:
                    Daily:
                      Type: Schedule
                      Properties:
                        Schedule: rate(1 day)
                    Hourly:
                      Type: ScheduleV2
                      Properties:
                        ScheduleExpression: rate(1 hour)
                    Tick:
                      Type: HttpApi
                      Properties:
                        Path: /tick/{n}
                        Method: get
              Items:
                Type: AWS::Serverless::SimpleTable
              Uploads:
                Type: AWS::S3::Bucket
              Archive:
                Type: AWS::SQS::Queue
                Condition: Archived
                Properties:
                  DelaySeconds: !If [Archived, 5, 0]
            Outputs:
              QueueUrl:
                Value: !Ref Orders
              WorkerArn:
                Description: the worker
                Value: !GetAtt Worker.Arn
              TableName:
                Value: !Ref Items
              ApiUrl:
                Value: !GetAtt ServerlessHttpApi.ApiEndpoint
              Joined:
                Value: !Join ['-', [!Ref 'AWS::StackName', !Sub '${Greeting}-${Uploads}']]
            """;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(AwsCli.available(), "the AWS CLI v2 (/usr/bin/aws, Debian package awscli) is not installed");
        node = TestNode.start();
        work = cliHome(node, "cfn-cli");
        Files.createDirectories(work.resolve("app/src"));
        Files.writeString(work.resolve("app/src/app.py"), HANDLER);
        Files.writeString(work.resolve("app/template.yaml"), TEMPLATE);
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    /** A home for the CLI under the node's data directory whose configuration loads {@link #PLUGIN}. */
    static Path cliHome(TestNode node, String name) throws java.io.IOException {
        Path home = Files.createDirectories(node.dataDir().resolve(name));
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        Files.writeString(plugins.resolve("lamina_endpoints.py"), PLUGIN);
        Files.writeString(
                home.resolve("aws-config"),
                "[plugins]\ncli_legacy_plugin_path = " + plugins + "\nlamina_endpoints = lamina_endpoints\n");
        return home;
    }

    /** The CLI of {@code home} for {@code node}, its S3 client given the node's endpoint by {@link #PLUGIN}. */
    static AwsCli cli(TestNode node, Path home) {
        return new AwsCli(node.endpoint(), home).withEnvironment(Map.of("AWS_ENDPOINT_URL_S3", node.endpoint()));
    }

    static AwsCli aws() {
        return cli(node, work);
    }

    static JsonNode ok(AwsCli.Result r) throws Exception {
        return CliIT.ok(r);
    }

    static JsonNode stack(String name) throws Exception {
        return ok(aws().run("cloudformation", "describe-stacks", "--stack-name", name))
                .get("Stacks")
                .get(0);
    }

    static Map<String, String> outputs(JsonNode stack) {
        Map<String, String> out = new java.util.HashMap<>();
        stack.path("Outputs")
                .forEach(o -> out.put(
                        o.get("OutputKey").asText(), o.get("OutputValue").asText()));
        return out;
    }

    @Test
    void packageDeployRunUpdateRestartAndDelete() throws Exception {
        ok(aws().run("s3api", "create-bucket", "--bucket", "artifacts"));
        cfnPackage(aws(), work.resolve("app/template.yaml"), work.resolve("packaged.yaml"));
        String packagedTemplate = Files.readString(work.resolve("packaged.yaml"));
        assertTrue(packagedTemplate.contains("s3://artifacts/"), packagedTemplate);

        AwsCli.Result deployed = deploy("orders");
        assertTrue(deployed.stdout().contains("Successfully created/updated stack - orders"), deployed.stdout());
        JsonNode stack = stack("orders");
        assertEquals("CREATE_COMPLETE", stack.get("StackStatus").asText());
        assertEquals("orders, worked off a queue", stack.get("Description").asText());
        Map<String, String> outputs = outputs(stack);
        String queueUrl = outputs.get("QueueUrl");
        assertTrue(queueUrl.startsWith(node.endpoint() + "/000000000000/orders-Orders-"), queueUrl);
        String workerArn = outputs.get("WorkerArn");
        String worker = workerArn.substring(workerArn.lastIndexOf(':') + 1);
        assertTrue(worker.startsWith("orders-Worker-"), workerArn);
        assertTrue(outputs.get("Joined").startsWith("orders-hello-orders-uploads-"), outputs.toString());

        List<String> resources = new ArrayList<>();
        ok(aws().run("cloudformation", "list-stack-resources", "--stack-name", "orders"))
                .get("StackResourceSummaries")
                .forEach(r -> resources.add(r.get("LogicalResourceId").asText() + " "
                        + r.get("ResourceType").asText() + " "
                        + r.get("ResourceStatus").asText()));
        for (String expected : List.of(
                "Orders AWS::SQS::Queue CREATE_COMPLETE",
                "Worker AWS::Lambda::Function CREATE_COMPLETE",
                "WorkerRole AWS::IAM::Role CREATE_COMPLETE",
                "WorkerWork AWS::Lambda::EventSourceMapping CREATE_COMPLETE",
                "Ticker AWS::Lambda::Function CREATE_COMPLETE",
                "TickerDaily AWS::Events::Rule CREATE_COMPLETE",
                "TickerDailyPermission AWS::Lambda::Permission CREATE_COMPLETE",
                "Items AWS::DynamoDB::Table CREATE_COMPLETE",
                "Uploads AWS::S3::Bucket CREATE_COMPLETE",
                "ServerlessHttpApi AWS::ApiGatewayV2::Api CREATE_COMPLETE",
                "TickerTickRoute AWS::ApiGatewayV2::Route CREATE_COMPLETE",
                "TickerHourly AWS::Scheduler::Schedule CREATE_COMPLETE",
                "TickerHourlyRole AWS::IAM::Role CREATE_COMPLETE")) {
            assertTrue(resources.contains(expected), expected + " in " + resources);
        }
        assertTrue(resources.stream().noneMatch(r -> r.startsWith("Archive ")), "its condition does not hold yet");

        // the HttpApi event: the function behind GET /tick/{n} of the implicit API
        java.net.http.HttpResponse<String> tick;
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            tick = http.send(
                    java.net.http.HttpRequest.newBuilder(URI.create(outputs.get("ApiUrl") + "/tick/7"))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        }
        assertEquals(200, tick.statusCode(), tick.body());
        assertEquals(JSON.readTree("{\"ok\": true, \"n\": \"7\"}"), JSON.readTree(tick.body()));

        try (LambdaClient lambda = node.lambda();
                SqsClient sqs = TestNode.client(SqsClient.builder(), URI.create(node.endpoint()))) {
            FunctionConfiguration config =
                    lambda.getFunction(r -> r.functionName(worker)).configuration();
            assertEquals(10, config.timeout());
            assertEquals(256, config.memorySize());
            assertEquals(
                    Map.of("GREETING", "hello", "STAGE", "test"),
                    config.environment().variables());
            assertTrue(config.role().contains(":role/orders-WorkerRole-"), config.role());
            String role = config.role().substring(config.role().lastIndexOf('/') + 1);
            assertEquals(
                    "WorkerRolePolicy0",
                    ok(aws().run("iam", "list-role-policies", "--role-name", role))
                            .get("PolicyNames")
                            .get(0)
                            .asText());

            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("order-1"));
            awaitLine(worker, "GOT hello test order-1");

            // an update: a new greeting through the parameter, the same queue and function
            AwsCli.Result updated = deploy("orders", "--parameter-overrides", "Greeting=bonjour");
            assertTrue(updated.stdout().contains("Successfully created/updated stack - orders"), updated.stdout());
            JsonNode after = stack("orders");
            assertEquals("UPDATE_COMPLETE", after.get("StackStatus").asText());
            assertEquals(queueUrl, outputs(after).get("QueueUrl"));
            String archive = ok(aws().run(
                                    "cloudformation",
                                    "describe-stack-resources",
                                    "--stack-name",
                                    "orders",
                                    "--logical-resource-id",
                                    "Archive"))
                    .get("StackResources")
                    .get(0)
                    .get("PhysicalResourceId")
                    .asText();
            assertEquals(
                    "5",
                    sqs.getQueueAttributes(r -> r.queueUrl(archive).attributeNamesWithStrings("DelaySeconds"))
                            .attributesAsStrings()
                            .get("DelaySeconds"),
                    "the condition now holds: the queue is made, with the If's first branch");
            assertEquals(workerArn, outputs(after).get("WorkerArn"));
            assertEquals(
                    Map.of("GREETING", "bonjour", "STAGE", "test"),
                    lambda.getFunction(r -> r.functionName(worker))
                            .configuration()
                            .environment()
                            .variables());
            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("order-2"));
            awaitLine(worker, "GOT bonjour test order-2");

            // the same template and parameters again: nothing to do
            AwsCli.Result again =
                    deploy("orders", "--parameter-overrides", "Greeting=bonjour", "--no-fail-on-empty-changeset");
            assertTrue(again.stdout().contains("No changes to deploy"), again.stdout() + again.stderr());
        }

        JsonNode events = ok(aws().run("cloudformation", "describe-stack-events", "--stack-name", "orders"));
        List<String> seen = new ArrayList<>();
        events.get("StackEvents")
                .forEach(e -> seen.add(e.get("LogicalResourceId").asText() + " "
                        + e.get("ResourceStatus").asText()));
        assertTrue(seen.contains("Worker CREATE_COMPLETE"), seen.toString());
        assertTrue(seen.contains("Worker UPDATE_COMPLETE"), seen.toString());
        assertEquals("orders UPDATE_COMPLETE", seen.getFirst(), seen.toString());
        String original = ok(aws().run("cloudformation", "get-template", "--stack-name", "orders"))
                .get("TemplateBody")
                .asText();
        assertTrue(original.contains("AWS::Serverless::Function"), original);

        // the stack and what it made survive a restart
        node.restartNode();
        JsonNode restarted = stack("orders");
        assertEquals("UPDATE_COMPLETE", restarted.get("StackStatus").asText());
        assertEquals(
                "bonjour",
                restarted.get("Parameters").get(0).get("ParameterValue").asText());

        ok(aws().run("cloudformation", "delete-stack", "--stack-name", "orders"));
        ok(aws().run("cloudformation", "wait", "stack-delete-complete", "--stack-name", "orders"));
        AwsCli.Result gone = aws().run("cloudformation", "describe-stacks", "--stack-name", "orders");
        assertEquals(254, gone.exitCode(), gone.stdout());
        assertTrue(gone.stderr().contains("Stack with id orders does not exist"), gone.stderr());
        String stackId = restarted.get("StackId").asText();
        assertEquals("DELETE_COMPLETE", stack(stackId).get("StackStatus").asText());
        try (LambdaClient lambda = node.lambda();
                SqsClient sqs = TestNode.client(SqsClient.builder(), URI.create(node.endpoint()));
                DynamoDbClient dynamo = TestNode.client(DynamoDbClient.builder(), URI.create(node.endpoint()))) {
            assertTrue(
                    lambda.listFunctions().functions().isEmpty(),
                    lambda.listFunctions().toString());
            assertTrue(lambda.listEventSourceMappings().eventSourceMappings().isEmpty());
            String queueName = queueUrl.substring(queueUrl.lastIndexOf('/') + 1);
            assertThrows(QueueDoesNotExistException.class, () -> sqs.getQueueUrl(r -> r.queueName(queueName)));
            assertThrows(
                    ResourceNotFoundException.class,
                    () -> dynamo.describeTable(r -> r.tableName(outputs.get("TableName"))));
        }
        JsonNode roles = ok(aws().run("iam", "list-roles"));
        roles.path("Roles").forEach(r -> assertFalse(r.get("RoleName").asText().startsWith("orders-"), r.toString()));
        assertTrue(ok(aws().run("scheduler", "list-schedules")).get("Schedules").isEmpty());
        JsonNode buckets = ok(aws().run("s3api", "list-buckets"));
        buckets.path("Buckets")
                .forEach(b -> assertEquals("artifacts", b.get("Name").asText()));
    }

    @Test
    void aFailingResourceRollsBackWhatTheStackMade() throws Exception {
        Files.writeString(work.resolve("broken.yaml"), """
                Resources:
                  Jobs:
                    Type: AWS::SQS::Queue
                  Broken:
                    Type: AWS::Lambda::Function
                    Properties:
                      Runtime: cobol85
                      Handler: index.handler
                      Role: arn:aws:iam::000000000000:role/none
                      Environment:
                        Variables:
                          QUEUE: !GetAtt Jobs.Arn
                      Code:
                        ZipFile: "def handler(e, c): return 1"
                """);
        String[] deployBroken = {
            "cloudformation",
            "deploy",
            "--template-file",
            work.resolve("broken.yaml").toString(),
            "--stack-name",
            "broken"
        };
        AwsCli.Result r = aws().run(deployBroken);
        assertNotEquals(0, r.exitCode(), r.stdout());
        assertTrue(r.stderr().contains("Failed to create/update the stack"), r.stderr());
        JsonNode stack = stack("broken");
        assertEquals("ROLLBACK_COMPLETE", stack.get("StackStatus").asText());
        assertTrue(
                stack.get("StackStatusReason").asText().contains("[Broken]"),
                stack.get("StackStatusReason").asText());
        JsonNode events = ok(aws().run("cloudformation", "describe-stack-events", "--stack-name", "broken"));
        String failure = null;
        for (JsonNode e : events.get("StackEvents")) {
            if (e.get("ResourceStatus").asText().equals("CREATE_FAILED")) {
                failure = e.get("LogicalResourceId").asText() + ": "
                        + e.get("ResourceStatusReason").asText();
            }
        }
        assertTrue(failure != null && failure.startsWith("Broken: ") && failure.contains("cobol85"), failure);
        assertTrue(ok(aws().run("cloudformation", "list-stack-resources", "--stack-name", "broken"))
                .get("StackResourceSummaries")
                .isEmpty());
        try (SqsClient sqs = TestNode.client(SqsClient.builder(), URI.create(node.endpoint()))) {
            assertTrue(
                    sqs.listQueues(q -> q.queueNamePrefix("broken-"))
                            .queueUrls()
                            .isEmpty(),
                    "the queue made before the failure is gone");
        }
        AwsCli.Result again = aws().run(deployBroken);
        assertTrue(
                again.stderr().contains("Stack:broken is in ROLLBACK_COMPLETE state and can not be updated."),
                again.stderr());
        ok(aws().run("cloudformation", "delete-stack", "--stack-name", "broken"));
    }

    @Test
    void templatesAreCheckedBeforeAnythingIsMade() throws Exception {
        AwsCli.Result empty = aws().run("cloudformation", "validate-template", "--template-body", "Description: x\n");
        assertEquals(254, empty.exitCode(), empty.stdout());
        assertTrue(
                empty.stderr().contains("(ValidationError)")
                        && empty.stderr()
                                .contains("Template format error: At least one Resources member must be defined."),
                empty.stderr());

        AwsCli.Result dangling = aws().run(
                        "cloudformation",
                        "validate-template",
                        "--template-body",
                        "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Ref Nothing\n");
        assertTrue(dangling.stderr().contains("Unresolved resource dependencies [Nothing]"), dangling.stderr());

        AwsCli.Result good = aws().run(
                        "cloudformation",
                        "validate-template",
                        "--template-body",
                        Files.readString(work.resolve("app/template.yaml")));
        JsonNode validated = ok(good);
        assertEquals(
                "Greeting",
                validated.get("Parameters").get(0).get("ParameterKey").asText());
        assertEquals(
                "hello", validated.get("Parameters").get(0).get("DefaultValue").asText());
        assertEquals("CAPABILITY_IAM", validated.get("Capabilities").get(0).asText());
        assertEquals(
                "AWS::Serverless-2016-10-31",
                validated.get("DeclaredTransforms").get(0).asText());

        // a type the node does not make is refused when the change set is made, and no stack is left
        Files.writeString(
                work.resolve("ec2.yaml"),
                "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n  Box:\n    Type: AWS::EC2::Instance\n");
        AwsCli.Result refused = aws().run(
                        "cloudformation",
                        "deploy",
                        "--template-file",
                        work.resolve("ec2.yaml").toString(),
                        "--stack-name",
                        "boxes");
        assertNotEquals(0, refused.exitCode());
        assertTrue(refused.stderr().contains("Unrecognized resource types: [AWS::EC2::Instance]"), refused.stderr());
        AwsCli.Result none = aws().run("cloudformation", "describe-stacks", "--stack-name", "boxes");
        assertTrue(none.stderr().contains("Stack with id boxes does not exist"), none.stderr());

        // a SAM function without a role needs CAPABILITY_IAM, as on AWS
        AwsCli.Result capabilities = aws().run(
                        "cloudformation",
                        "create-stack",
                        "--stack-name",
                        "nocaps",
                        "--template-body",
                        "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n"
                                + "    Properties:\n      InlineCode: x\n      Handler: index.h\n      Runtime: python3.11\n");
        assertTrue(
                capabilities.stderr().contains("(InsufficientCapabilitiesException)")
                        && capabilities.stderr().contains("[CAPABILITY_IAM]"),
                capabilities.stderr());
    }

    static final String PLAIN = """
            {"Parameters": {"Prefix": {"Type": "String", "Default": "sdk"}},
             "Resources": {
               "Jobs": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": {"Fn::Sub": "${Prefix}-jobs"}}},
               "Runner": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {
                   "Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                   "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}},
               "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "python3.11",
                   "Handler": "index.handler", "Role": {"Fn::GetAtt": ["Runner", "Arn"]}, "Timeout": 5,
                   "Code": {"ZipFile": "def handler(event, context):\\n    return 1\\n"}}},
               "Mapping": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {
                   "EventSourceArn": {"Fn::GetAtt": ["Jobs", "Arn"]}, "FunctionName": {"Ref": "Fn"},
                   "BatchSize": 1}},
               "Allow": {"Type": "AWS::Lambda::Permission", "Properties": {
                   "FunctionName": {"Fn::GetAtt": ["Fn", "Arn"]}, "Action": "lambda:InvokeFunction",
                   "Principal": "s3.amazonaws.com"}},
               "Clicks": {"Type": "AWS::Kinesis::Stream", "Properties": {"ShardCount": 2}},
               "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {
                   "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
                   "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST",
                   "StreamSpecification": {"StreamViewType": "NEW_IMAGE"}}}},
             "Outputs": {
               "QueueArn": {"Value": {"Fn::GetAtt": ["Jobs", "Arn"]}},
               "ClicksArn": {"Value": {"Fn::GetAtt": ["Clicks", "Arn"]}},
               "StreamArn": {"Value": {"Fn::GetAtt": ["Table", "StreamArn"]}, "Export": {"Name": "sdk-stream"}}}}
            """;

    @Test
    void plainResourcesThroughTheSdk() throws Exception {
        try (CloudFormationClient cfn = TestNode.client(CloudFormationClient.builder(), URI.create(node.endpoint()));
                LambdaClient lambda = node.lambda();
                SqsClient sqs = TestNode.client(SqsClient.builder(), URI.create(node.endpoint()))) {
            CloudFormationException refused = assertThrows(
                    CloudFormationException.class,
                    () -> cfn.createStack(r -> r.stackName("sdk").templateBody(PLAIN)));
            assertEquals(
                    "InsufficientCapabilitiesException",
                    refused.awsErrorDetails().errorCode(),
                    refused.getMessage());
            assertEquals(400, refused.statusCode());

            cfn.createStack(r -> r.stackName("sdk").templateBody(PLAIN).capabilities(Capability.CAPABILITY_IAM));
            cfn.waiter().waitUntilStackCreateComplete(r -> r.stackName("sdk"));
            software.amazon.awssdk.services.cloudformation.model.Stack stack =
                    cfn.describeStacks(r -> r.stackName("sdk")).stacks().getFirst();
            assertEquals(StackStatus.CREATE_COMPLETE, stack.stackStatus());
            Map<String, String> outputs = new java.util.HashMap<>();
            stack.outputs().forEach(o -> outputs.put(o.outputKey(), o.outputValue()));
            assertEquals("arn:aws:sqs:us-east-1:000000000000:sdk-jobs", outputs.get("QueueArn"));
            assertTrue(
                    outputs.get("StreamArn").startsWith("arn:aws:dynamodb:us-east-1:000000000000:table/sdk-Table-"),
                    outputs.get("StreamArn"));
            String clicks = outputs.get("ClicksArn");
            assertTrue(clicks.startsWith("arn:aws:kinesis:us-east-1:000000000000:stream/sdk-Clicks-"), clicks);
            try (KinesisClient kinesis = TestNode.client(KinesisClient.builder(), URI.create(node.endpoint()))) {
                assertEquals(
                        2,
                        kinesis.describeStreamSummary(r -> r.streamARN(clicks))
                                .streamDescriptionSummary()
                                .openShardCount());
            }
            assertTrue(cfn.listExports().exports().stream()
                    .anyMatch(e -> e.name().equals("sdk-stream") && e.value().equals(outputs.get("StreamArn"))));
            String function = cfn.describeStackResources(r -> r.stackName("sdk").logicalResourceId("Fn"))
                    .stackResources()
                    .getFirst()
                    .physicalResourceId();
            assertTrue(lambda.getPolicy(r -> r.functionName(function)).policy().contains("s3.amazonaws.com"));
            assertEquals(
                    outputs.get("QueueArn"),
                    lambda.listEventSourceMappings(r -> r.functionName(function))
                            .eventSourceMappings()
                            .getFirst()
                            .eventSourceArn());

            CloudFormationException same = assertThrows(
                    CloudFormationException.class,
                    () -> cfn.updateStack(
                            r -> r.stackName("sdk").templateBody(PLAIN).capabilities(Capability.CAPABILITY_IAM)));
            assertEquals("ValidationError", same.awsErrorDetails().errorCode());
            assertEquals(
                    "No updates are to be performed.", same.awsErrorDetails().errorMessage());

            // a new queue name means a new queue (and a new mapping on it); the old ones go once the update is done
            cfn.updateStack(r -> r.stackName("sdk")
                    .usePreviousTemplate(true)
                    .capabilities(Capability.CAPABILITY_IAM)
                    .parameters(Parameter.builder()
                            .parameterKey("Prefix")
                            .parameterValue("sdk2")
                            .build()));
            cfn.waiter().waitUntilStackUpdateComplete(r -> r.stackName("sdk"));
            assertThrows(QueueDoesNotExistException.class, () -> sqs.getQueueUrl(r -> r.queueName("sdk-jobs")));
            sqs.getQueueUrl(r -> r.queueName("sdk2-jobs"));
            var mappings = lambda.listEventSourceMappings(r -> r.functionName(function))
                    .eventSourceMappings();
            assertEquals(1, mappings.size());
            assertTrue(mappings.getFirst().eventSourceArn().endsWith(":sdk2-jobs"));
            assertEquals(PLAIN, cfn.getTemplate(r -> r.stackName("sdk")).templateBody());

            cfn.deleteStack(r -> r.stackName("sdk"));
            cfn.waiter().waitUntilStackDeleteComplete(r -> r.stackName("sdk"));
            assertTrue(cfn.listStacks(r -> r.stackStatusFilters(StackStatus.DELETE_COMPLETE)).stackSummaries().stream()
                    .anyMatch(summary -> summary.stackName().equals("sdk")));
            assertThrows(
                    software.amazon.awssdk.services.lambda.model.ResourceNotFoundException.class,
                    () -> lambda.getFunction(r -> r.functionName(function)));
            assertThrows(QueueDoesNotExistException.class, () -> sqs.getQueueUrl(r -> r.queueName("sdk2-jobs")));
        }
    }

    private static AwsCli.Result deploy(String stackName, String... more) throws Exception {
        return cfnDeploy(aws(), work.resolve("packaged.yaml"), stackName, more);
    }

    /** {@code aws cloudformation package} of {@code template} to the bucket {@code artifacts}, into {@code packaged}. */
    static void cfnPackage(AwsCli aws, Path template, Path packaged) throws Exception {
        AwsCli.Result r = aws.run(
                "cloudformation",
                "package",
                "--template-file",
                template.toString(),
                "--s3-bucket",
                "artifacts",
                "--output-template-file",
                packaged.toString());
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
    }

    /** {@code aws cloudformation deploy} of a packaged template, which must succeed. */
    static AwsCli.Result cfnDeploy(AwsCli aws, Path packaged, String stackName, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "cloudformation",
                "deploy",
                "--template-file",
                packaged.toString(),
                "--stack-name",
                stackName,
                "--capabilities",
                "CAPABILITY_IAM"));
        args.addAll(List.of(more));
        AwsCli.Result r = aws.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
        return r;
    }

    /** Waits (up to 30 s) for a line that starts with {@code line} in the function's log. */
    private static void awaitLine(String function, String line) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        List<String> lines = List.of();
        while (Instant.now().isBefore(deadline)) {
            lines = AsyncLogs.lines(node, function, "GOT ");
            if (lines.stream().anyMatch(l -> ("GOT " + l).startsWith(line))) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no \"" + line + "\" in the log of " + function + ": " + lines);
    }
}

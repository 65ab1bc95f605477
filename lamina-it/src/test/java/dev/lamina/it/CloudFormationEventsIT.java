package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.ResourceStatus;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * A SAM application whose function is driven by its own bucket and its own HTTP API, deployed with the
 * real CLI's {@code cloudformation package} and {@code deploy}: an {@code S3} event with a prefix filter
 * (an object under the prefix invokes the function, one elsewhere does not) beside the bucket's own
 * queue notification with a suffix filter, an explicit
 * {@code AWS::Serverless::HttpApi} whose route is called at the {@code ApiEndpoint} the stack hands out
 * (another, behind its JWT authorizer, refused without a token),
 * and an {@code AWS::IAM::Policy} on the function's role. A new prefix changes the bucket's notification
 * in place, a new policy name the role's policy; deleting the stack (its bucket emptied first, as AWS requires) leaves nothing. A
 * notification to a function that does not let S3 invoke it is refused in S3's words and rolls back.
 */
class CloudFormationEventsIT {
    static TestNode node;
    static Path work;

    static final String HANDLER = """
            def handler(event, context):
                if "Records" in event:
                    for record in event["Records"]:
                        print("GOT " + record["s3"]["object"]["key"])
                    return {}
                return {"statusCode": 200, "body": "hello from " + event["rawPath"]}
            """;

    static final String TEMPLATE = """
            Transform: AWS::Serverless-2016-10-31
            Parameters:
              Prefix:
                Type: String
                Default: incoming/
              PolicyName:
                Type: String
                Default: read-uploads
            Resources:
              OnUpload:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: src/
                  Handler: app.handler
                  Runtime: python3.11
                  Events:
                    Upload:
                      Type: S3
                      Properties:
                        Bucket: !Ref Uploads
                        Events: s3:ObjectCreated:*
                        Filter:
                          S3Key:
                            Rules:
                              - Name: prefix
                                Value: !Ref Prefix
                    Hello:
                      Type: HttpApi
                      Properties:
                        ApiId: !Ref Api
                        Path: /hello
                        Method: GET
                    Private:
                      Type: HttpApi
                      Properties:
                        ApiId: !Ref Api
                        Path: /private
                        Method: GET
                        Auth:
                          Authorizer: Users
              Uploads:
                Type: AWS::S3::Bucket
                Properties:
                  NotificationConfiguration:
                    QueueConfigurations:
                      - Event: s3:ObjectCreated:*
                        Queue: !GetAtt Reports.Arn
                        Filter:
                          S3Key:
                            Rules: [{Name: suffix, Value: .csv}]
              Reports:
                Type: AWS::SQS::Queue
              Api:
                Type: AWS::Serverless::HttpApi
                Properties:
                  CorsConfiguration:
                    AllowOrigins: [https://example.com]
                  Auth:
                    Authorizers:
                      Users:
                        IdentitySource: $request.header.Authorization
                        JwtConfiguration:
                          issuer: https://issuer.example.com
                          audience: [app]
              ReadUploads:
                Type: AWS::IAM::Policy
                Properties:
                  PolicyName: !Ref PolicyName
                  Roles: [!Ref OnUploadRole]
                  PolicyDocument:
                    Version: '2012-10-17'
                    Statement:
                      - Effect: Allow
                        Action: s3:GetObject
                        Resource: !Sub '${Uploads.Arn}/*'
            Outputs:
              Bucket:
                Value: !Ref Uploads
              Function:
                Value: !Ref OnUpload
              Role:
                Value: !Ref OnUploadRole
              Endpoint:
                Value: !GetAtt Api.ApiEndpoint
              Reports:
                Value: !Ref Reports
              Policy:
                Value: !Ref ReadUploads
            """;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(AwsCli.available(), "the AWS CLI v2 (/usr/bin/aws, Debian package awscli) is not installed");
        node = TestNode.start();
        work = CloudFormationIT.cliHome(node, "cfn-events");
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

    static AwsCli aws() {
        return CloudFormationIT.cli(node, work);
    }

    @Test
    void bucketEventsAnHttpApiAndARolePolicyFromOneTemplate() throws Exception {
        try (S3Client s3 = S3Clients.pathStyle(node);
                CloudFormationClient cfn =
                        TestNode.client(CloudFormationClient.builder(), URI.create(node.endpoint()));
                SqsClient sqs = TestNode.client(SqsClient.builder(), URI.create(node.endpoint()));
                HttpClient http = HttpClient.newHttpClient()) {
            s3.createBucket(r -> r.bucket("artifacts"));
            Path packaged = work.resolve("packaged.yaml");
            CloudFormationIT.cfnPackage(aws(), work.resolve("app/template.yaml"), packaged);
            CloudFormationIT.cfnDeploy(aws(), packaged, "events");
            Map<String, String> outputs = outputs(cfn);
            String bucket = outputs.get("Bucket");
            String function = outputs.get("Function");

            // an object outside the prefix first, then one under it: only the second arrives
            put(s3, bucket, "other/first.txt");
            put(s3, bucket, "incoming/second.txt");
            assertEquals(List.of("incoming/second.txt"), awaitKeys(function, 1));
            // the bucket's own queue notification, beside the function's: a .csv only
            put(s3, bucket, "other/report.csv");
            List<Message> reports = sqs.receiveMessage(r -> r.queueUrl(outputs.get("Reports"))
                            .waitTimeSeconds(10)
                            .maxNumberOfMessages(10))
                    .messages();
            assertEquals(1, reports.size(), reports.toString());
            assertEquals(
                    "other/report.csv",
                    CloudFormationIT.JSON
                            .readTree(reports.getFirst().body())
                            .at("/Records/0/s3/object/key")
                            .asText());

            HttpResponse<String> hello = http.send(
                    HttpRequest.newBuilder(URI.create(outputs.get("Endpoint") + "/hello"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, hello.statusCode(), hello.body());
            assertEquals("hello from /hello", hello.body());
            HttpResponse<String> guarded = http.send(
                    HttpRequest.newBuilder(URI.create(outputs.get("Endpoint") + "/private"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, guarded.statusCode(), "the JWT authorizer wants a token: " + guarded.body());

            JsonNode policy = CloudFormationIT.ok(aws().run(
                            "iam",
                            "get-role-policy",
                            "--role-name",
                            outputs.get("Role"),
                            "--policy-name",
                            "read-uploads"));
            assertEquals(
                    "arn:aws:s3:::" + bucket + "/*",
                    policy.at("/PolicyDocument/Statement/0/Resource").asText(),
                    policy.toString());

            // a new prefix and policy name: the same bucket, its notification and the role's policy changed in place
            CloudFormationIT.cfnDeploy(
                    aws(), packaged, "events", "--parameter-overrides", "Prefix=later/", "PolicyName=read-later");
            Map<String, String> updated = outputs(cfn);
            assertEquals(bucket, updated.get("Bucket"), "the bucket is updated, not replaced");
            assertEquals(outputs.get("Policy"), updated.get("Policy"), "the policy is updated, not replaced");
            assertTrue(cfn.describeStackEvents(r -> r.stackName("events")).stackEvents().stream()
                    .anyMatch(e -> e.logicalResourceId().equals("Uploads")
                            && e.resourceStatus() == ResourceStatus.UPDATE_COMPLETE));
            assertEquals(
                    "later/",
                    s3.getBucketNotificationConfiguration(r -> r.bucket(bucket))
                            .lambdaFunctionConfigurations()
                            .getFirst()
                            .filter()
                            .key()
                            .filterRules()
                            .getFirst()
                            .value());
            try (IamClient iam = TestNode.client(IamClient.builder(), URI.create(node.endpoint()))) {
                assertEquals(
                        List.of("read-later"),
                        iam.listRolePolicies(r -> r.roleName(outputs.get("Role")))
                                .policyNames(),
                        "the role policy renamed in place");
            }
            put(s3, bucket, "incoming/third.txt");
            put(s3, bucket, "later/fourth.txt");
            assertEquals(List.of("incoming/second.txt", "later/fourth.txt"), awaitKeys(function, 2));

            // AWS deletes no bucket that holds objects: empty it, then the stack goes with everything it made
            for (String key : List.of(
                    "other/first.txt",
                    "incoming/second.txt",
                    "other/report.csv",
                    "incoming/third.txt",
                    "later/fourth.txt")) {
                s3.deleteObject(r -> r.bucket(bucket).key(key));
            }
            cfn.deleteStack(r -> r.stackName("events"));
            cfn.waiter().waitUntilStackDeleteComplete(r -> r.stackName("events"));
            assertEquals(
                    List.of("incoming/second.txt", "later/fourth.txt"),
                    AsyncLogs.lines(node, function, "GOT "),
                    "seconds later, still no object outside the filter has reached the function");
            assertEquals(
                    List.of("artifacts"),
                    s3.listBuckets().buckets().stream().map(b -> b.name()).toList(),
                    "the stack's bucket is gone");
            try (IamClient iam = TestNode.client(IamClient.builder(), URI.create(node.endpoint()));
                    LambdaClient lambda = node.lambda();
                    ApiGatewayV2Client apis =
                            TestNode.client(ApiGatewayV2Client.builder(), URI.create(node.endpoint()))) {
                assertThrows(NoSuchEntityException.class, () -> iam.getRole(r -> r.roleName(outputs.get("Role"))));
                assertTrue(lambda.listFunctions().functions().isEmpty());
                assertTrue(apis.getApis(r -> {}).items().isEmpty());
                assertTrue(sqs.listQueues().queueUrls().isEmpty());
            }
        }
    }

    static final String UNPERMITTED = """
            Resources:
              Runner:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Version: '2012-10-17'
                    Statement:
                      - {Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}
              Fn:
                Type: AWS::Lambda::Function
                Properties:
                  Runtime: python3.11
                  Handler: index.handler
                  Role: !GetAtt Runner.Arn
                  Code: {ZipFile: "def handler(event, context):\\n    return 1\\n"}
              Drop:
                Type: AWS::S3::Bucket
                Properties:
                  NotificationConfiguration:
                    LambdaConfigurations:
                      - {Event: 's3:ObjectCreated:*', Function: !GetAtt Fn.Arn}
            """;

    @Test
    void aNotificationToAFunctionThatDoesNotLetS3InvokeItRollsTheStackBack() {
        try (S3Client s3 = S3Clients.pathStyle(node);
                CloudFormationClient cfn =
                        TestNode.client(CloudFormationClient.builder(), URI.create(node.endpoint()));
                LambdaClient lambda = node.lambda()) {
            cfn.createStack(
                    r -> r.stackName("unpermitted").templateBody(UNPERMITTED).capabilities(Capability.CAPABILITY_IAM));
            // CreateStack answers once the stack's operation ended (decision 48)
            assertEquals(
                    StackStatus.ROLLBACK_COMPLETE,
                    cfn.describeStacks(r -> r.stackName("unpermitted"))
                            .stacks()
                            .getFirst()
                            .stackStatus());
            String reason = cfn.describeStackEvents(r -> r.stackName("unpermitted")).stackEvents().stream()
                    .filter(e -> e.resourceStatus() == ResourceStatus.CREATE_FAILED)
                    .map(e -> e.logicalResourceId() + ": " + e.resourceStatusReason())
                    .findFirst()
                    .orElse(null);
            assertEquals(
                    "Drop: Resource handler returned message: \"Unable to validate the following destination"
                            + " configurations\" (Status Code: 400, Error Code: InvalidArgument)",
                    reason);
            assertTrue(
                    s3.listBuckets().buckets().stream().noneMatch(b -> b.name().startsWith("unpermitted-")),
                    "no bucket is left half made");
            assertTrue(lambda.listFunctions().functions().stream()
                    .noneMatch(f -> f.functionName().startsWith("unpermitted-")));
            cfn.deleteStack(r -> r.stackName("unpermitted"));
        }
    }

    private static Map<String, String> outputs(CloudFormationClient cfn) {
        Map<String, String> out = new HashMap<>();
        cfn.describeStacks(r -> r.stackName("events"))
                .stacks()
                .getFirst()
                .outputs()
                .forEach(o -> out.put(o.outputKey(), o.outputValue()));
        return out;
    }

    private static void put(S3Client s3, String bucket, String key) {
        s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString(key));
    }

    /** The keys the function logged, once it logged {@code count} of them (waiting up to 20 s). */
    private static List<String> awaitKeys(String function, int count) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        List<String> keys = AsyncLogs.lines(node, function, "GOT ");
        while (keys.size() < count && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            keys = AsyncLogs.lines(node, function, "GOT ");
        }
        return keys;
    }
}

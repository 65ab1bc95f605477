package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * IAM's first step (decision 38): roles and their policies made with the AWS CLI and the SDK for Java,
 * and what a function's role allows deciding what its boto3 calls to the node may do. A role that
 * does not exist in the node's IAM may do everything.
 */
class IamIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    /** Reads one object, writes another, reads from a second bucket, sends to a queue, lists functions. */
    private static final String SOURCE = """
            import os, boto3
            from botocore.exceptions import ClientError
            def attempt(call):
                try:
                    return {'ok': call()}
                except ClientError as e:
                    return {'code': e.response['Error']['Code'], 'message': e.response['Error'].get('Message', ''),
                            'status': e.response['ResponseMetadata']['HTTPStatusCode']}
            def handler(event, context):
                s3, sqs = boto3.client('s3'), boto3.client('sqs')
                url = sqs.get_queue_url(QueueName=event['queue'])['QueueUrl']
                return {
                    'get': attempt(lambda: s3.get_object(Bucket=event['bucket'], Key='hello.txt')['Body'].read().decode()),
                    'put': attempt(lambda: s3.put_object(Bucket=event['bucket'], Key=event['key'], Body=b'x')['ETag']),
                    'other': attempt(lambda: s3.get_object(Bucket=event['other'], Key='hello.txt')['ContentLength']),
                    'send': attempt(lambda: sqs.send_message(QueueUrl=url, MessageBody='hi')['MessageId']),
                    'lambda': attempt(lambda: len(boto3.client('lambda').list_functions()['Functions'])),
                    'credentials': [os.environ['AWS_ACCESS_KEY_ID'], os.environ['AWS_SECRET_ACCESS_KEY'],
                                    os.environ['AWS_SESSION_TOKEN']]}
            """;

    static TestNode node;
    static IamClient iam;
    static S3Client s3;
    static SqsClient sqs;
    static LambdaClient lambda;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        iam = TestNode.client(IamClient.builder(), URI.create(node.endpoint()));
        s3 = S3Clients.pathStyle(node);
        sqs = SqsIT.client(node);
        lambda = node.lambda();
    }

    @AfterAll
    static void stop() {
        iam.close();
        s3.close();
        sqs.close();
        node.close();
    }

    @Test
    void theCliManagesRolesAndTheirPoliciesAndBadRequestsChangeNothing() throws Exception {
        assumeTrue(AwsCli.available(), "the AWS CLI v2 (/usr/bin/aws, Debian package awscli) is not installed");
        Path home = Files.createDirectories(node.dataDir().resolve("cli-iam"));
        AwsCli aws = new AwsCli(node.endpoint(), home);

        AwsCli.Result made = aws.run(
                "iam",
                "create-role",
                "--role-name",
                "cli-role",
                "--path",
                "/service-role/",
                "--assume-role-policy-document",
                TRUST,
                "--description",
                "made by the CLI",
                "--tags",
                "Key=team,Value=data");
        assertEquals(0, made.exitCode(), made.stderr());
        JsonNode role = JSON.readTree(made.stdout()).get("Role");
        assertEquals(
                "arn:aws:iam::000000000000:role/service-role/cli-role",
                role.get("Arn").asText());
        assertTrue(role.get("RoleId").asText().matches("AROA[A-Z0-9]{17}"), role.toString());
        assertEquals(
                "sts:AssumeRole",
                role.at("/AssumeRolePolicyDocument/Statement/0/Action").asText());

        AwsCli.Result got = aws.run("iam", "get-role", "--role-name", "cli-role");
        assertEquals(0, got.exitCode(), got.stderr());
        JsonNode read = JSON.readTree(got.stdout()).get("Role");
        assertEquals("made by the CLI", read.get("Description").asText());
        assertEquals(role.get("CreateDate").asText(), read.get("CreateDate").asText());
        assertEquals("data", read.at("/Tags/0/Value").asText());

        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:Get*\","
                + "\"Resource\":\"arn:aws:s3:::data/*\"}]}";
        AwsCli.Result put = putPolicy(aws, "read", policy);
        assertEquals(0, put.exitCode(), put.stderr());
        AwsCli.Result listed = aws.run("iam", "list-role-policies", "--role-name", "cli-role");
        assertEquals(0, listed.exitCode(), listed.stderr());
        assertEquals(
                "[\"read\"]", JSON.readTree(listed.stdout()).get("PolicyNames").toString());
        AwsCli.Result policyRead =
                aws.run("iam", "get-role-policy", "--role-name", "cli-role", "--policy-name", "read");
        assertEquals(0, policyRead.exitCode(), policyRead.stderr());
        assertEquals(JSON.readTree(policy), JSON.readTree(policyRead.stdout()).get("PolicyDocument"));

        // bad requests: IAM's errors, and nothing changed
        assertError(
                aws.run("iam", "create-role", "--role-name", "CLI-ROLE", "--assume-role-policy-document", TRUST),
                "EntityAlreadyExists",
                "Role with name CLI-ROLE already exists.");
        assertError(
                putPolicy(aws, "bad", "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:*\"}]}"),
                "MalformedPolicyDocument",
                "Policy statement must contain resources.");
        assertError(putPolicy(aws, "bad", "{not json"), "MalformedPolicyDocument", "This policy contains invalid Json");
        assertError(
                aws.run("iam", "get-role", "--role-name", "nobody"),
                "NoSuchEntity",
                "The role with name nobody cannot be found.");
        assertError(
                aws.run("iam", "create-role", "--role-name", "bad name", "--assume-role-policy-document", TRUST),
                "ValidationError",
                "Member must satisfy regular expression pattern: [\\w+=,.@-]+");
        assertEquals(
                "[\"read\"]",
                JSON.readTree(aws.run("iam", "list-role-policies", "--role-name", "cli-role")
                                .stdout())
                        .get("PolicyNames")
                        .toString());
        assertEquals(
                "made by the CLI",
                JSON.readTree(aws.run("iam", "get-role", "--role-name", "cli-role")
                                .stdout())
                        .at("/Role/Description")
                        .asText());

        assertError(
                aws.run("iam", "delete-role", "--role-name", "cli-role"),
                "DeleteConflict",
                "Cannot delete entity, must delete policies first.");
        assertEquals(
                0,
                aws.run("iam", "delete-role-policy", "--role-name", "cli-role", "--policy-name", "read")
                        .exitCode());
        AwsCli.Result deleted = aws.run("iam", "delete-role", "--role-name", "cli-role");
        assertEquals(0, deleted.exitCode(), deleted.stderr());
        assertError(
                aws.run("iam", "get-role", "--role-name", "cli-role"),
                "NoSuchEntity",
                "The role with name cli-role cannot be found.");
    }

    private static AwsCli.Result putPolicy(AwsCli aws, String name, String document) throws Exception {
        return aws.run(
                "iam",
                "put-role-policy",
                "--role-name",
                "cli-role",
                "--policy-name",
                name,
                "--policy-document",
                document);
    }

    private static void assertError(AwsCli.Result result, String code, String message) {
        assertEquals(254, result.exitCode(), result.stdout() + result.stderr());
        assertTrue(result.stderr().contains("(" + code + ")"), result.stderr());
        assertTrue(result.stderr().contains(message), result.stderr());
    }

    @Test
    void theSdkAttachesManagedPoliciesAndReadsPoliciesBack() {
        Role role = iam.createRole(r ->
                        r.roleName("sdk-role").assumeRolePolicyDocument(TRUST).maxSessionDuration(7200))
                .role();
        assertEquals("arn:aws:iam::000000000000:role/sdk-role", role.arn());
        assertEquals(7200, role.maxSessionDuration());
        assertEquals(TRUST, URLDecoder.decode(role.assumeRolePolicyDocument(), StandardCharsets.UTF_8));
        assertTrue(iam.listRoles().roles().stream().anyMatch(r -> r.roleName().equals("sdk-role")));

        String basic = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
        iam.attachRolePolicy(r -> r.roleName("sdk-role").policyArn(basic));
        iam.attachRolePolicy(r -> r.roleName("sdk-role").policyArn("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"));
        List<AttachedPolicy> attached =
                iam.listAttachedRolePolicies(r -> r.roleName("sdk-role")).attachedPolicies();
        assertEquals(
                List.of("AWSLambdaBasicExecutionRole", "AmazonS3ReadOnlyAccess"),
                attached.stream().map(AttachedPolicy::policyName).toList());
        NoSuchEntityException unknown = assertThrows(
                NoSuchEntityException.class,
                () -> iam.attachRolePolicy(
                        r -> r.roleName("sdk-role").policyArn("arn:aws:iam::aws:policy/NoSuchPolicy")));
        assertEquals(404, unknown.statusCode());
        assertThrows(DeleteConflictException.class, () -> iam.deleteRole(r -> r.roleName("sdk-role")));

        String inline = "{\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"sqs:*\",\"Resource\":\"*\"}}";
        iam.putRolePolicy(r -> r.roleName("sdk-role").policyName("no-queues").policyDocument(inline));
        assertEquals(
                inline,
                URLDecoder.decode(
                        iam.getRolePolicy(r -> r.roleName("sdk-role").policyName("no-queues"))
                                .policyDocument(),
                        StandardCharsets.UTF_8));
        assertThrows(
                MalformedPolicyDocumentException.class,
                () -> iam.putRolePolicy(
                        r -> r.roleName("sdk-role").policyName("p").policyDocument("{\"Statement\": []}")));
        assertThrows(
                EntityAlreadyExistsException.class,
                () -> iam.createRole(r -> r.roleName("sdk-role").assumeRolePolicyDocument(TRUST)));

        iam.deleteRolePolicy(r -> r.roleName("sdk-role").policyName("no-queues"));
        iam.detachRolePolicy(r -> r.roleName("sdk-role").policyArn(basic));
        iam.detachRolePolicy(r -> r.roleName("sdk-role").policyArn("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"));
        assertThrows(
                NoSuchEntityException.class,
                () -> iam.detachRolePolicy(r -> r.roleName("sdk-role").policyArn(basic)));
        iam.deleteRole(r -> r.roleName("sdk-role"));
        assertThrows(NoSuchEntityException.class, () -> iam.getRole(r -> r.roleName("sdk-role")));
    }

    @Test
    void aFunctionsRoleDecidesWhatItsCallsMayDo() throws Exception {
        s3.createBucket(r -> r.bucket("iam-data"));
        s3.createBucket(r -> r.bucket("iam-other"));
        for (String bucket : List.of("iam-data", "iam-other")) {
            s3.putObject(r -> r.bucket(bucket).key("hello.txt"), RequestBody.fromString("hello from " + bucket));
        }
        String queueUrl = sqs.createQueue(r -> r.queueName("iam-jobs")).queueUrl();
        String queueArn = "arn:aws:sqs:us-east-1:000000000000:iam-jobs";

        String reader = iam.createRole(r -> r.roleName("iam-reader").assumeRolePolicyDocument(TRUST))
                .role()
                .arn();
        iam.putRolePolicy(
                r -> r.roleName("iam-reader").policyName("read-one-bucket").policyDocument("""
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::iam-data/*"},
                  {"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "*"}]}"""));
        iam.attachRolePolicy(r -> r.roleName("iam-reader").policyArn("arn:aws:iam::aws:policy/AmazonSQSFullAccess"));
        iam.putRolePolicy(r -> r.roleName("iam-reader")
                .policyName("no-sends")
                .policyDocument("{\"Statement\": {\"Effect\": \"Deny\", \"Action\": \"sqs:Send*\", \"Resource\": \""
                        + queueArn + "\"}}"));

        JsonNode restricted = run("iam-restricted", reader, "written-by-reader.txt");
        assertEquals("hello from iam-data", restricted.at("/get/ok").asText(), restricted.toString());
        assertEquals("AccessDenied", restricted.at("/put/code").asText(), restricted.toString());
        assertEquals(403, restricted.at("/put/status").asInt());
        assertEquals("Access Denied", restricted.at("/put/message").asText());
        assertEquals("AccessDenied", restricted.at("/other/code").asText(), restricted.toString());
        assertEquals("AccessDenied", restricted.at("/send/code").asText(), restricted.toString());
        assertEquals(403, restricted.at("/send/status").asInt());
        assertEquals("AccessDeniedException", restricted.at("/lambda/code").asText(), restricted.toString());
        assertEquals(
                "User: " + reader + " is not authorized to perform: lambda:ListFunctions on resource: * because no"
                        + " identity-based policy allows the lambda:ListFunctions action",
                restricted.at("/lambda/message").asText());
        assertThrows(
                NoSuchKeyException.class,
                () -> s3.headObject(r -> r.bucket("iam-data").key("written-by-reader.txt"))
                        .eTag()); // the refused upload left nothing
        assertEquals(
                0,
                sqs.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(0))
                        .messages()
                        .size());

        // the same credentials through the SDK for Java, which speaks SQS's JSON protocol
        JsonNode credentials = restricted.get("credentials");
        try (SqsClient asFunction = asRole(SqsClient.builder(), credentials)) {
            SqsException denied = assertThrows(
                    SqsException.class,
                    () -> asFunction.sendMessage(r -> r.queueUrl(queueUrl).messageBody("hi")));
            assertEquals(403, denied.statusCode());
            assertEquals("AccessDenied", denied.awsErrorDetails().errorCode());
            assertTrue(
                    denied.awsErrorDetails()
                            .errorMessage()
                            .contains("sqs:sendmessage on resource: " + queueArn
                                    + " with an explicit deny in an identity-based policy"),
                    denied.awsErrorDetails().errorMessage());
            assertEquals(
                    queueUrl,
                    asFunction.getQueueUrl(r -> r.queueName("iam-jobs")).queueUrl());
        }

        // a role the node's IAM does not have may do everything
        JsonNode unknownRole = run("iam-any-role", Functions.ROLE, "written-by-any.txt");
        assertEquals("hello from iam-data", unknownRole.at("/get/ok").asText(), unknownRole.toString());
        assertTrue(unknownRole.at("/put/ok").isTextual(), unknownRole.toString());
        assertTrue(unknownRole.at("/send/ok").isTextual(), unknownRole.toString());
        assertTrue(unknownRole.at("/lambda/ok").isInt(), unknownRole.toString());
        assertEquals(
                "x",
                s3.getObjectAsBytes(r -> r.bucket("iam-data").key("written-by-any.txt"))
                        .asUtf8String());
    }

    /** Creates a Python function acting for {@code role} and invokes it; returns what its calls got. */
    @Test
    void aStackMakesOnlyWhatItsCallersRoleMayMake() throws Exception {
        String deployer = iam.createRole(r -> r.roleName("iam-deployer").assumeRolePolicyDocument(TRUST))
                .role()
                .arn();
        iam.putRolePolicy(
                r -> r.roleName("iam-deployer").policyName("stacks-and-queues").policyDocument("""
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": ["cloudformation:*", "sqs:*"], "Resource": "*"}]}"""));
        Functions.create(
                lambda,
                Functions.request(
                                "iam-deployer-fn",
                                "python3.11",
                                "app.handler",
                                Functions.python(
                                        "import os\ndef handler(event, context):\n    return [os.environ[k] for k"
                                                + " in ('AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN')]\n"))
                        .role(deployer)
                        .build());
        JsonNode keys = JSON.readTree(
                lambda.invoke(r -> r.functionName("iam-deployer-fn")).payload().asUtf8String());
        String queueAndTable = """
                {"Resources": {
                   "Jobs": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "iam-stack-jobs"}},
                   "Table": {"Type": "AWS::DynamoDB::Table", "DependsOn": "Jobs", "Properties": {
                     "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
                     "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST"}}}}
                """;
        try (CloudFormationClient asDeployer = asRole(CloudFormationClient.builder(), keys)) {
            // the role may make queues but no tables: the stack rolls back, its queue removed
            asDeployer.createStack(r -> r.stackName("iam-refused").templateBody(queueAndTable));
            assertEquals(StackStatus.ROLLBACK_COMPLETE, settled(asDeployer, "iam-refused"));
            String reasons = asDeployer.describeStackEvents(r -> r.stackName("iam-refused")).stackEvents().stream()
                    .map(e -> e.logicalResourceId() + ": " + e.resourceStatusReason())
                    .toList()
                    .toString();
            assertTrue(
                    reasons.contains("Table: Resource handler returned message: \"User: " + deployer
                            + " is not authorized to perform: dynamodb:CreateTable"),
                    reasons);
            assertTrue(sqs.listQueues(r -> r.queueNamePrefix("iam-stack-"))
                    .queueUrls()
                    .isEmpty());

            // what it may make, it makes
            asDeployer.createStack(r -> r.stackName("iam-allowed")
                    .templateBody("{\"Resources\": {\"Jobs\": {\"Type\": \"AWS::SQS::Queue\","
                            + " \"Properties\": {\"QueueName\": \"iam-stack-jobs\"}}}}"));
            assertEquals(StackStatus.CREATE_COMPLETE, settled(asDeployer, "iam-allowed"));
            assertEquals(
                    1,
                    sqs.listQueues(r -> r.queueNamePrefix("iam-stack-"))
                            .queueUrls()
                            .size());
            asDeployer.deleteStack(r -> r.stackName("iam-allowed"));
        }
    }

    /**
     * An SDK client for the node signed with a role's temporary credentials: a function's, as it
     * returned them ({@code [key id, secret, session token]}).
     */
    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C asRole(
            B builder, JsonNode keys) {
        return builder.endpointOverride(URI.create(node.endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                        keys.get(0).asText(), keys.get(1).asText(), keys.get(2).asText())))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1)))
                .build();
    }

    /** The stack's status once its operation has ended. */
    private static StackStatus settled(CloudFormationClient cfn, String stack) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            StackStatus status =
                    cfn.describeStacks(r -> r.stackName(stack)).stacks().get(0).stackStatus();
            if (!status.toString().endsWith("_IN_PROGRESS")) {
                return status;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(stack + " still in progress after 30 s");
    }

    private static JsonNode run(String name, String role, String key) throws Exception {
        Functions.create(
                lambda,
                Functions.request(name, "python3.11", "app.handler", Functions.python(SOURCE))
                        .role(role)
                        .timeout(30)
                        .build());
        String event = JSON.createObjectNode()
                .put("bucket", "iam-data")
                .put("other", "iam-other")
                .put("queue", "iam-jobs")
                .put("key", key)
                .toString();
        var response =
                lambda.invoke(r -> r.functionName(name).logType(LogType.TAIL).payload(SdkBytes.fromUtf8String(event)));
        JsonNode out = JSON.readTree(response.payload().asUtf8String());
        assertNull(
                response.functionError(),
                out + "\n" + new String(Base64.getDecoder().decode(response.logResult()), StandardCharsets.UTF_8));
        return out;
    }
}

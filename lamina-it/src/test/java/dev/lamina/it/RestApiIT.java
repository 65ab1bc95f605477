package dev.lamina.it;

import static dev.lamina.it.ApiGatewayIT.ECHO;
import static dev.lamina.it.ApiGatewayIT.JSON;
import static dev.lamina.it.ApiGatewayIT.arn;
import static dev.lamina.it.ApiGatewayIT.get;
import static dev.lamina.it.ApiGatewayStagesIT.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.ApiGatewayException;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.ConflictException;
import software.amazon.awssdk.services.apigateway.model.CreateResourceResponse;
import software.amazon.awssdk.services.apigateway.model.GetRestApiResponse;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.Resource;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * API Gateway REST APIs (v1) on a real node: built with the SDK for Java v2 and the AWS CLI (resources
 * with a variable and a greedy path part, methods, Lambda proxy integrations, a deployment to a stage
 * with variables), their stage called with Java's HttpClient at the URL HTTP APIs are served at,
 * invoking a real Python function that echoes the REST proxy event it got.
 */
class RestApiIT {
    static TestNode node;
    static AwsCli aws;
    static ApiGatewayClient apigw;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(AwsCli.available(), "the AWS CLI v2 (/usr/bin/aws, Debian package awscli) is not installed");
        node = TestNode.start();
        aws = new AwsCli(node.endpoint(), Files.createDirectories(node.dataDir().resolve("cli-work")));
        apigw = TestNode.client(ApiGatewayClient.builder(), URI.create(node.endpoint()));
        for (String name : new String[] {"rest-echo", "rest-denied"}) {
            Functions.create(node.lambda(), name, "python3.11", "app.handler", Functions.python(ECHO));
        }
        node.lambda()
                .addPermission(r -> r.functionName("rest-echo")
                        .statementId("apigw")
                        .action("lambda:InvokeFunction")
                        .principal("apigateway.amazonaws.com"));
    }

    @AfterAll
    static void stop() {
        if (apigw != null) {
            apigw.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private static String uri(String function) {
        return "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/" + arn(function) + "/invocations";
    }

    /** A method {@code httpMethod} on {@code resourceId} with a Lambda proxy integration to {@code function}. */
    private static void method(String apiId, String resourceId, String httpMethod, String function) {
        apigw.putMethod(r ->
                r.restApiId(apiId).resourceId(resourceId).httpMethod(httpMethod).authorizationType("NONE"));
        apigw.putIntegration(r -> r.restApiId(apiId)
                .resourceId(resourceId)
                .httpMethod(httpMethod)
                .type("AWS_PROXY")
                .integrationHttpMethod("POST")
                .uri(uri(function)));
    }

    private static String stageUrl(String apiId, String stage) {
        return node.endpoint() + "/_lamina/execute-api/" + apiId + "/" + stage;
    }

    /** The CLI's {@code apigateway} command with {@code args}. */
    private static AwsCli.Result cli(String... args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = "apigateway";
        System.arraycopy(args, 0, all, 1, args.length);
        return aws.run(all);
    }

    @Test
    void aDeployedStageServesItsResourcesThroughTheLambdaProxyIntegration() throws Exception {
        String apiId =
                apigw.createRestApi(r -> r.name("shop").description("a shop")).id();
        GetRestApiResponse got = apigw.getRestApi(r -> r.restApiId(apiId));
        assertEquals("shop", got.name());
        assertTrue(
                Duration.between(got.createdDate(), Instant.now()).abs().toMinutes() < 5,
                "createdDate is read as a time: " + got.createdDate());
        assertTrue(apigw.getRestApis().items().stream().anyMatch(a -> a.id().equals(apiId)));
        Resource root = apigw.getResources(r -> r.restApiId(apiId)).items().getFirst();
        assertEquals("/", root.path());
        String items = apigw.createResource(
                        r -> r.restApiId(apiId).parentId(root.id()).pathPart("items"))
                .id();
        CreateResourceResponse item =
                apigw.createResource(r -> r.restApiId(apiId).parentId(items).pathPart("{id}"));
        assertEquals("/items/{id}", item.path());
        method(apiId, item.id(), "GET", "rest-echo");
        String proxy = apigw.createResource(
                        r -> r.restApiId(apiId).parentId(root.id()).pathPart("{proxy+}"))
                .id();
        method(apiId, proxy, "ANY", "rest-echo");
        String denied = apigw.createResource(
                        r -> r.restApiId(apiId).parentId(root.id()).pathPart("denied"))
                .id();
        method(apiId, denied, "GET", "rest-denied");
        String missing = apigw.createResource(
                        r -> r.restApiId(apiId).parentId(root.id()).pathPart("missing"))
                .id();
        method(apiId, missing, "GET", "rest-nobody");
        assertEquals(
                "AWS_PROXY",
                apigw.getMethod(r -> r.restApiId(apiId).resourceId(item.id()).httpMethod("GET"))
                        .methodIntegration()
                        .typeAsString());

        JsonNode deployment = CliIT.ok(
                cli("create-deployment", "--rest-api-id", apiId, "--stage-name", "prod", "--variables", "color=blue"));
        assertEquals(
                deployment.get("id").asText(),
                apigw.getStage(r -> r.restApiId(apiId).stageName("prod")).deploymentId());

        HttpResponse<String> answer = get(stageUrl(apiId, "prod") + "/items/42?a=1&a=2", "X-Custom", "yes");
        assertEquals(201, answer.statusCode(), answer.body());
        assertEquals("yes", answer.headers().firstValue("x-echo").orElse(null));
        JsonNode event = JSON.readTree(answer.body());
        assertFalse(event.has("version"), event.toString());
        assertEquals("/items/{id}", event.get("resource").asText());
        assertEquals("/items/42", event.get("path").asText());
        assertEquals("GET", event.get("httpMethod").asText());
        assertEquals("42", event.get("pathParameters").get("id").asText());
        assertEquals("2", event.get("queryStringParameters").get("a").asText());
        assertEquals(
                "[\"1\",\"2\"]",
                event.get("multiValueQueryStringParameters").get("a").toString());
        assertEquals("blue", event.get("stageVariables").get("color").asText());
        JsonNode context = event.get("requestContext");
        assertEquals("prod", context.get("stage").asText());
        assertEquals(item.id(), context.get("resourceId").asText());
        assertEquals("/items/{id}", context.get("resourcePath").asText());
        assertEquals("/prod/items/42", context.get("path").asText());
        assertEquals(apiId, context.get("apiId").asText());
        assertEquals("000000000000", context.get("accountId").asText());

        JsonNode greedy =
                JSON.readTree(get(stageUrl(apiId, "prod") + "/files/a/b.txt").body());
        assertEquals("files/a/b.txt", greedy.get("pathParameters").get("proxy").asText());
        assertEquals("/{proxy+}", greedy.get("resource").asText());

        assertMessage(403, "Missing Authentication Token", get(stageUrl(apiId, "prod") + "/items"));
        assertMessage(403, "Missing Authentication Token", get(stageUrl(apiId, "beta") + "/items/42"));
        assertMessage(502, "Internal server error", get(stageUrl(apiId, "prod") + "/x/fail"));
        assertMessage(502, "Internal server error", get(stageUrl(apiId, "prod") + "/x/plain"));
        assertMessage(500, "Internal server error", get(stageUrl(apiId, "prod") + "/denied"));
        assertMessage(500, "Internal server error", get(stageUrl(apiId, "prod") + "/missing"));

        CliIT.ok(cli(
                "update-stage",
                "--rest-api-id",
                apiId,
                "--stage-name",
                "prod",
                "--patch-operations",
                "op=replace,path=/variables/color,value=green"));
        assertEquals(
                "green",
                JSON.readTree(get(stageUrl(apiId, "prod") + "/items/7").body())
                        .get("stageVariables")
                        .get("color")
                        .asText());

        apigw.deleteRestApi(r -> r.restApiId(apiId));
        assertThrows(NotFoundException.class, () -> apigw.getRestApi(r -> r.restApiId(apiId)));
        assertEquals(404, get(stageUrl(apiId, "prod") + "/items/42").statusCode());
    }

    private static void assertMessage(int status, String message, HttpResponse<String> answer) throws Exception {
        assertEquals(status, answer.statusCode(), answer.body());
        assertEquals(message, JSON.readTree(answer.body()).get("message").asText());
    }

    /** The SDK's exception of {@code type} from {@code call}, whose message says {@code message}. */
    private static <E extends ApiGatewayException> void refusedBy(Class<E> type, String message, Executable call) {
        E e = assertThrows(type, call);
        assertTrue(e.awsErrorDetails().errorMessage().contains(message), e.getMessage());
    }

    @Test
    void badInputIsRefusedWithApiGatewaysErrors() throws Exception {
        refused(cli("get-rest-api", "--rest-api-id", "nope"), "NotFoundException", "Invalid API identifier specified");
        String apiId = apigw.createRestApi(r -> r.name("bad")).id();
        String root =
                apigw.getResources(r -> r.restApiId(apiId)).items().getFirst().id();
        refusedBy(
                BadRequestException.class,
                "Resource's path part only allow",
                () -> apigw.createResource(
                        r -> r.restApiId(apiId).parentId(root).pathPart("a b")));
        refusedBy(
                NotFoundException.class,
                "Invalid Resource identifier specified",
                () -> apigw.createResource(
                        r -> r.restApiId(apiId).parentId("nope").pathPart("x")));
        apigw.createResource(r -> r.restApiId(apiId).parentId(root).pathPart("x"));
        refusedBy(
                ConflictException.class,
                "already has this name: x",
                () -> apigw.createResource(
                        r -> r.restApiId(apiId).parentId(root).pathPart("x")));
        refusedBy(
                BadRequestException.class,
                "The REST API doesn't contain any methods",
                () -> apigw.createDeployment(r -> r.restApiId(apiId).stageName("prod")));
        apigw.putMethod(
                r -> r.restApiId(apiId).resourceId(root).httpMethod("GET").authorizationType("NONE"));
        refusedBy(
                BadRequestException.class,
                "Invalid ARN specified in the request",
                () -> apigw.putIntegration(r -> r.restApiId(apiId)
                        .resourceId(root)
                        .httpMethod("GET")
                        .type("AWS_PROXY")
                        .integrationHttpMethod("POST")
                        .uri(arn("rest-echo"))));
        refusedBy(
                BadRequestException.class,
                "No integration defined for method",
                () -> apigw.createDeployment(r -> r.restApiId(apiId).stageName("prod")));
        refusedBy(
                NotFoundException.class,
                "Invalid Stage identifier specified",
                () -> apigw.getStage(r -> r.restApiId(apiId).stageName("prod")));
        assertTrue(apigw.getStages(r -> r.restApiId(apiId)).item().isEmpty(), "a refused deployment made no stage");
        apigw.deleteRestApi(r -> r.restApiId(apiId));
    }

    static final String SAM = """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Hello:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.11
                  Handler: index.handler
                  InlineCode: |
                    def handler(event, context):
                        return {"statusCode": 200, "body": event["httpMethod"] + " " + event["pathParameters"]["name"]}
                  Events:
                    Get: {Type: Api, Properties: {Path: '/hello/{name}', Method: get}}
            Outputs:
              Api: {Value: !Ref ServerlessRestApi}
              Url: {Value: !Sub 'https://${ServerlessRestApi}.execute-api.${AWS::Region}.amazonaws.com/Prod/'}
            """;

    /** Waits for the stack's operation to end and returns its status; {@code name} is its id once it may be deleted. */
    private static String settled(CloudFormationClient cfn, String name) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Stack stack = cfn.describeStacks(r -> r.stackName(name)).stacks().getFirst();
            if (!stack.stackStatusAsString().endsWith("_IN_PROGRESS") || System.nanoTime() > deadline) {
                return stack.stackStatusAsString();
            }
            Thread.sleep(100);
        }
    }

    /** The reasons the stack's resources failed for, to say why an operation did not complete. */
    private static String failures(CloudFormationClient cfn, String name) {
        return cfn.describeStackEvents(r -> r.stackName(name)).stackEvents().stream()
                .filter(e -> e.resourceStatusAsString().endsWith("FAILED"))
                .map(e -> e.logicalResourceId() + ": " + e.resourceStatusReason())
                .toList()
                .toString();
    }

    static final String PLAIN = """
            Resources:
              Api: {Type: AWS::ApiGateway::RestApi, Properties: {Name: plain}}
              Items:
                Type: AWS::ApiGateway::Resource
                Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: items}
              Get:
                Type: AWS::ApiGateway::Method
                Properties:
                  RestApiId: !Ref Api
                  ResourceId: !Ref Items
                  HttpMethod: GET
                  AuthorizationType: NONE
                  Integration:
                    Type: AWS_PROXY
                    IntegrationHttpMethod: POST
                    Uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:rest-plain/invocations
              Deployment:
                Type: AWS::ApiGateway::Deployment
                DependsOn: Get
                Properties: {RestApiId: !Ref Api, StageName: v1}
            Outputs:
              Api: {Value: !Ref Api}
            """;

    @Test
    void aDeploymentsOwnStageGoesWithItsStack() throws Exception {
        try (CloudFormationClient cfn = TestNode.client(CloudFormationClient.builder(), URI.create(node.endpoint()))) {
            String stackId = cfn.createStack(r -> r.stackName("rest-plain").templateBody(PLAIN))
                    .stackId();
            assertEquals("CREATE_COMPLETE", settled(cfn, stackId), () -> failures(cfn, stackId));
            String apiId = cfn.describeStacks(r -> r.stackName("rest-plain"))
                    .stacks()
                    .getFirst()
                    .outputs()
                    .getFirst()
                    .outputValue();
            assertEquals(
                    "v1",
                    apigw.getStage(r -> r.restApiId(apiId).stageName("v1")).stageName());

            cfn.deleteStack(r -> r.stackName("rest-plain"));
            assertEquals("DELETE_COMPLETE", settled(cfn, stackId), () -> failures(cfn, stackId));
            assertThrows(NotFoundException.class, () -> apigw.getRestApi(r -> r.restApiId(apiId)));
        }
    }

    @Test
    void samApiEventsMakeARestApiWithAProdStage() throws Exception {
        try (CloudFormationClient cfn = TestNode.client(CloudFormationClient.builder(), URI.create(node.endpoint()))) {
            String stackId = cfn.createStack(
                            r -> r.stackName("rest-sam").templateBody(SAM).capabilities(Capability.CAPABILITY_IAM))
                    .stackId();
            assertEquals("CREATE_COMPLETE", settled(cfn, stackId), () -> failures(cfn, stackId));
            Map<String, String> outputs = new HashMap<>();
            cfn.describeStacks(r -> r.stackName("rest-sam"))
                    .stacks()
                    .getFirst()
                    .outputs()
                    .forEach(o -> outputs.put(o.outputKey(), o.outputValue()));
            String apiId = outputs.get("Api");
            assertEquals("https://" + apiId + ".execute-api.us-east-1.amazonaws.com/Prod/", outputs.get("Url"));
            HttpResponse<String> hello = get(stageUrl(apiId, "Prod") + "/hello/ann");
            assertEquals(200, hello.statusCode(), hello.body());
            assertEquals("GET ann", hello.body());
            assertEquals(403, get(stageUrl(apiId, "Prod") + "/hello").statusCode());

            // a new event means a new deployment, which the stage serves once the update is done
            String more = SAM.replace(
                    "Events:\n",
                    "Events:\n        Post: {Type: Api, Properties: {Path: '/hello/{name}', Method: post}}\n");
            cfn.updateStack(r -> r.stackName("rest-sam").templateBody(more).capabilities(Capability.CAPABILITY_IAM));
            assertEquals("UPDATE_COMPLETE", settled(cfn, stackId), () -> failures(cfn, stackId));
            HttpResponse<String> posted = ApiGatewayIT.http.send(
                    java.net.http.HttpRequest.newBuilder(URI.create(stageUrl(apiId, "Prod") + "/hello/bo"))
                            .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("POST bo", posted.body());
            assertEquals(
                    1, apigw.getDeployments(r -> r.restApiId(apiId)).items().size(), "the old deployment went");

            cfn.deleteStack(r -> r.stackName("rest-sam"));
            assertEquals("DELETE_COMPLETE", settled(cfn, stackId), () -> failures(cfn, stackId));
            assertThrows(NotFoundException.class, () -> apigw.getRestApi(r -> r.restApiId(apiId)));
        }
    }
}

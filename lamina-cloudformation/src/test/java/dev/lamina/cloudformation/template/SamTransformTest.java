package dev.lamina.cloudformation.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamTransformTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static final String SAM = """
            Transform: AWS::Serverless-2016-10-31
            Globals:
              Function:
                Timeout: 10
                Layers: [layer-a]
                Environment:
                  Variables:
                    STAGE: test
                    LEVEL: info
            Resources:
              Worker:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: s3://artifacts/abc123
                  Handler: app.handler
                  Runtime: python3.11
                  Layers: [layer-b]
                  Environment:
                    Variables:
                      LEVEL: debug
                  Events:
                    Work:
                      Type: SQS
                      Properties:
                        Queue: !GetAtt Orders.Arn
                        BatchSize: 5
                    Nightly:
                      Type: Schedule
                      Properties:
                        Schedule: cron(0 3 * * ? *)
              Orders:
                Type: AWS::SQS::Queue
              Items:
                Type: AWS::Serverless::SimpleTable
                Properties:
                  PrimaryKey:
                    Name: sku
                    Type: Number
            """;

    @Test
    void aFunctionBecomesWhatSamMakesOfIt() throws Exception {
        ObjectNode doc = TemplateText.parse(SAM);
        assertTrue(SamTransform.wanted(doc));
        ObjectNode out = SamTransform.apply(doc);
        JsonNode resources = out.get("Resources");
        List<String> ids = new ArrayList<>();
        resources.fieldNames().forEachRemaining(ids::add);
        assertEquals(
                List.of(
                        "WorkerRole",
                        "Worker",
                        "WorkerWork",
                        "WorkerNightly",
                        "WorkerNightlyPermission",
                        "Orders",
                        "Items"),
                ids);
        JsonNode fn = resources.get("Worker");
        assertEquals("AWS::Lambda::Function", fn.get("Type").asText());
        JsonNode p = fn.get("Properties");
        assertEquals(JSON.readTree("{\"S3Bucket\":\"artifacts\",\"S3Key\":\"abc123\"}"), p.get("Code"));
        assertEquals(10, p.get("Timeout").asInt());
        assertEquals(JSON.readTree("[\"layer-a\",\"layer-b\"]"), p.get("Layers"));
        assertEquals(JSON.readTree("{\"Variables\":{\"STAGE\":\"test\",\"LEVEL\":\"debug\"}}"), p.get("Environment"));
        assertEquals(JSON.readTree("{\"Fn::GetAtt\":[\"WorkerRole\",\"Arn\"]}"), p.get("Role"));
        assertEquals("AWS::IAM::Role", resources.at("/WorkerRole/Type").asText());

        JsonNode mapping = resources.get("WorkerWork");
        assertEquals("AWS::Lambda::EventSourceMapping", mapping.get("Type").asText());
        assertEquals(
                JSON.readTree("{\"EventSourceArn\":{\"Fn::GetAtt\":[\"Orders\",\"Arn\"]},"
                        + "\"FunctionName\":{\"Ref\":\"Worker\"},\"BatchSize\":5}"),
                mapping.get("Properties"));
        assertEquals("AWS::Events::Rule", resources.at("/WorkerNightly/Type").asText());
        assertEquals(
                "cron(0 3 * * ? *)",
                resources.at("/WorkerNightly/Properties/ScheduleExpression").asText());
        assertEquals(
                "events.amazonaws.com",
                resources.at("/WorkerNightlyPermission/Properties/Principal").asText());

        JsonNode table = resources.get("Items").get("Properties");
        assertEquals("AWS::DynamoDB::Table", resources.at("/Items/Type").asText());
        assertEquals(
                JSON.readTree("[{\"AttributeName\":\"sku\",\"AttributeType\":\"N\"}]"),
                table.get("AttributeDefinitions"));
        assertEquals("PAY_PER_REQUEST", table.get("BillingMode").asText());
        assertTrue(!out.has("Transform") && !out.has("Globals"));
        assertEquals(
                List.of(
                        "WorkerRole",
                        "Worker",
                        "Orders",
                        "WorkerWork",
                        "WorkerNightly",
                        "WorkerNightlyPermission",
                        "Items"),
                Template.of(out).order());
    }

    @Test
    void codeThatWasNotPackagedIsRefusedUnlessOnlyValidated() {
        ObjectNode doc = TemplateText.parse("""
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  F:
                    Type: AWS::Serverless::Function
                    Properties: {CodeUri: src/, Handler: a.b, Runtime: python3.11}
                """);
        AwsException e = assertThrows(AwsException.class, () -> SamTransform.apply(doc));
        assertTrue(
                e.getMessage().contains("Resource with id [F] is invalid. 'CodeUri' is not a valid S3 Uri"),
                e.getMessage());
        assertEquals(
                "src/",
                SamTransform.apply(doc, false)
                        .at("/Resources/F/Properties/Code/S3Key")
                        .asText());
    }

    @Test
    void httpApiEventsShareTheImplicitApi() {
        ObjectNode out = SamTransform.apply(TemplateText.parse("""
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  F:
                    Type: AWS::Serverless::Function
                    Properties:
                      InlineCode: x
                      Handler: index.h
                      Runtime: python3.11
                      Role: arn:aws:iam::000000000000:role/r
                      Events:
                        Get: {Type: HttpApi, Properties: {Path: '/items/{id}', Method: get}}
                        Rest: {Type: HttpApi}
                """));
        JsonNode r = out.get("Resources");
        assertEquals("AWS::ApiGatewayV2::Api", r.at("/ServerlessHttpApi/Type").asText());
        assertEquals(
                "$default",
                r.at("/ServerlessHttpApiApiGatewayDefaultStage/Properties/StageName")
                        .asText());
        assertEquals("GET /items/{id}", r.at("/FGetRoute/Properties/RouteKey").asText());
        assertEquals("$default", r.at("/FRestRoute/Properties/RouteKey").asText());
        assertEquals(
                "2.0", r.at("/FGetIntegration/Properties/PayloadFormatVersion").asText());
        assertEquals(
                "apigateway.amazonaws.com",
                r.at("/FGetPermission/Properties/Principal").asText());
        assertEquals(
                List.of(
                        "F",
                        "ServerlessHttpApi",
                        "ServerlessHttpApiApiGatewayDefaultStage",
                        "FGetIntegration",
                        "FGetRoute",
                        "FGetPermission",
                        "FRestIntegration",
                        "FRestRoute",
                        "FRestPermission"),
                Template.of(out).order());
    }

    @Test
    void apiEventsMakeTheImplicitRestApiWithItsResourcesMethodsDeploymentAndProdStage() {
        String template = """
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  F:
                    Type: AWS::Serverless::Function
                    Properties:
                      InlineCode: x
                      Handler: index.h
                      Runtime: python3.11
                      Role: arn:aws:iam::000000000000:role/r
                      Events:
                        Get: {Type: Api, Properties: {Path: '/items/{id}', Method: get}}
                        List: {Type: Api, Properties: {Path: /items, Method: get}}
                        All: {Type: Api, Properties: {Path: '/{proxy+}', Method: any}}
                """;
        ObjectNode out = SamTransform.apply(TemplateText.parse(template));
        JsonNode r = out.get("Resources");
        assertEquals("AWS::ApiGateway::RestApi", r.at("/ServerlessRestApi/Type").asText());
        assertEquals(
                "items",
                r.at("/ServerlessRestApiitemsResource/Properties/PathPart").asText());
        assertEquals(
                "RootResourceId",
                r.at("/ServerlessRestApiitemsResource/Properties/ParentId/Fn::GetAtt/1")
                        .asText());
        assertEquals(
                "ServerlessRestApiitemsResource",
                r.at("/ServerlessRestApiitemsidResource/Properties/ParentId/Ref")
                        .asText());
        assertEquals(
                "{id}",
                r.at("/ServerlessRestApiitemsidResource/Properties/PathPart").asText());
        assertEquals(
                "GET",
                r.at("/ServerlessRestApiitemsidGetMethod/Properties/HttpMethod").asText());
        assertEquals(
                "AWS_PROXY",
                r.at("/ServerlessRestApiitemsidGetMethod/Properties/Integration/Type")
                        .asText());
        assertEquals(
                "ANY",
                r.at("/ServerlessRestApiproxyAnyMethod/Properties/HttpMethod").asText());
        assertEquals(
                "apigateway.amazonaws.com",
                r.at("/FGetPermission/Properties/Principal").asText());
        assertEquals(
                "Prod", r.at("/ServerlessRestApiProdStage/Properties/StageName").asText());
        String deployment =
                r.at("/ServerlessRestApiProdStage/Properties/DeploymentId/Ref").asText();
        assertTrue(deployment.matches("ServerlessRestApiDeployment[0-9a-f]{10}"), deployment);
        assertEquals(3, r.get(deployment).get("DependsOn").size(), "the deployment follows every method");
        List<String> order = Template.of(out).order();
        assertTrue(order.indexOf(deployment) > order.indexOf("ServerlessRestApiproxyAnyMethod"), order.toString());
        assertTrue(order.indexOf("ServerlessRestApiProdStage") > order.indexOf(deployment), order.toString());

        ObjectNode changed = SamTransform.apply(
                TemplateText.parse(template.replace("Path: /items, Method: get", "Path: /items, Method: post")));
        String redeployed = changed.at("/Resources/ServerlessRestApiProdStage/Properties/DeploymentId/Ref")
                .asText();
        assertTrue(!redeployed.equals(deployment), "a changed API gets a new deployment");
    }

    @Test
    void anExplicitRestApiTakesItsEventsWithItsStageAndVariables() {
        ObjectNode out = SamTransform.apply(TemplateText.parse("""
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  Shop:
                    Type: AWS::Serverless::Api
                    Properties: {StageName: live, Variables: {color: blue}}
                  F:
                    Type: AWS::Serverless::Function
                    Properties:
                      InlineCode: x
                      Handler: index.h
                      Runtime: python3.11
                      Role: arn:aws:iam::000000000000:role/r
                      Events:
                        Root: {Type: Api, Properties: {Path: /, Method: get, RestApiId: !Ref Shop}}
                """));
        JsonNode r = out.get("Resources");
        assertEquals("AWS::ApiGateway::RestApi", r.at("/Shop/Type").asText());
        assertTrue(!r.has("ServerlessRestApi"));
        assertEquals(
                "RootResourceId",
                r.at("/ShopRootGetMethod/Properties/ResourceId/Fn::GetAtt/1").asText());
        assertEquals("live", r.at("/ShopliveStage/Properties/StageName").asText());
        assertEquals("blue", r.at("/ShopliveStage/Properties/Variables/color").asText());

        AwsException noStage = assertThrows(AwsException.class, () -> SamTransform.apply(TemplateText.parse("""
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  Shop: {Type: AWS::Serverless::Api, Properties: {}}
                """)));
        assertTrue(noStage.getMessage().contains("Missing required property 'StageName'"), noStage.getMessage());
        AwsException badRef = assertThrows(AwsException.class, () -> SamTransform.apply(TemplateText.parse("""
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  F:
                    Type: AWS::Serverless::Function
                    Properties:
                      InlineCode: x
                      Handler: index.h
                      Runtime: python3.11
                      Events:
                        Root: {Type: Api, Properties: {Path: /, Method: get, RestApiId: !Ref Nope}}
                """)));
        assertTrue(badRef.getMessage().contains("RestApiId must be a valid reference"), badRef.getMessage());
    }

    @Test
    void policiesGoOnTheGeneratedRole() throws Exception {
        ObjectNode out = SamTransform.apply(TemplateText.parse("""
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  F:
                    Type: AWS::Serverless::Function
                    Properties:
                      InlineCode: x
                      Handler: index.h
                      Runtime: python3.11
                      Policies:
                        - AmazonS3ReadOnlyAccess
                        - DynamoDBCrudPolicy: {TableName: !Ref T}
                        - Statement: [{Effect: Allow, Action: sqs:SendMessage, Resource: '*'}]
                """));
        JsonNode role = out.at("/Resources/FRole/Properties");
        assertEquals(
                JSON.readTree("[\"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\","
                        + "\"arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess\"]"),
                role.get("ManagedPolicyArns"));
        JsonNode crud = role.at("/Policies/0/PolicyDocument/Statement/0");
        assertTrue(crud.get("Action").toString().contains("dynamodb:PutItem"));
        assertEquals(
                JSON.readTree("{\"Fn::Sub\": [\"arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:"
                        + "table/${TableName}\", {\"TableName\": {\"Ref\": \"T\"}}]}"),
                crud.at("/Resource/0"));
        assertEquals("FRolePolicy1", role.at("/Policies/1/PolicyName").asText());
        assertEquals(
                "sqs:SendMessage",
                role.at("/Policies/1/PolicyDocument/Statement/0/Action").asText());
    }

    @Test
    void anEventTypeTheNodeDoesNotRunIsNamed() {
        ObjectNode doc = TemplateText.parse("""
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  F:
                    Type: AWS::Serverless::Function
                    Properties:
                      InlineCode: x
                      Handler: index.h
                      Runtime: python3.11
                      Events:
                        Mail: {Type: SNS, Properties: {Topic: t}}
                """);
        assertTrue(assertThrows(AwsException.class, () -> SamTransform.apply(doc))
                .getMessage()
                .contains("Event type SNS is not supported by this node"));
    }

    static final String PUBLISHED = """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Shared:
                Type: AWS::Serverless::LayerVersion
                Properties:
                  ContentUri: s3://artifacts/layer1
                  CompatibleRuntimes: [python3.11]
              Api:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: s3://artifacts/code1
                  Handler: app.handler
                  Runtime: python3.11
                  Layers: [!Ref Shared]
                  AutoPublishAlias: live
                  VersionDescription: from the template
                  DeploymentPreference:
                    Type: AllAtOnce
                  FunctionUrlConfig:
                    AuthType: NONE
                    Cors:
                      AllowOrigins: ['*']
                  Events:
                    Work:
                      Type: SQS
                      Properties:
                        Queue: !GetAtt Inbox.Arn
            """;

    @Test
    void autoPublishAliasMakesAVersionPerCodeAndAnAliasOnIt() throws Exception {
        ObjectNode out = SamTransform.apply(TemplateText.parse(PUBLISHED));
        JsonNode resources = out.get("Resources");
        List<String> ids = new ArrayList<>();
        resources.fieldNames().forEachRemaining(ids::add);
        String version = ids.stream()
                .filter(id -> id.startsWith("ApiVersion"))
                .findFirst()
                .orElseThrow();
        assertTrue(version.matches("ApiVersion[0-9a-f]{10}"), version);
        assertEquals(
                List.of(
                        "Shared",
                        "ApiRole",
                        "Api",
                        version,
                        "ApiAliaslive",
                        "ApiUrl",
                        "ApiUrlPublicPermissions",
                        "ApiWork"),
                ids);
        assertEquals(
                JSON.readTree("{\"Ref\": \"ApiAliaslive\"}"),
                resources.at("/ApiWork/Properties/FunctionName"),
                "events invoke the alias, as SAM makes them");

        JsonNode v = resources.get(version);
        assertEquals("AWS::Lambda::Version", v.get("Type").asText());
        assertEquals("Retain", v.get("DeletionPolicy").asText(), "SAM keeps the versions it published");
        assertEquals(
                JSON.readTree("{\"FunctionName\": {\"Ref\": \"Api\"}, \"Description\": \"from the template\"}"),
                v.get("Properties"));
        JsonNode alias = resources.get("ApiAliaslive");
        assertEquals("AWS::Lambda::Alias", alias.get("Type").asText());
        assertEquals(
                JSON.readTree("{\"Name\": \"live\", \"FunctionName\": {\"Ref\": \"Api\"},"
                        + " \"FunctionVersion\": {\"Fn::GetAtt\": [\"" + version + "\", \"Version\"]}}"),
                alias.get("Properties"));

        JsonNode url = resources.get("ApiUrl");
        assertEquals("AWS::Lambda::Url", url.get("Type").asText());
        assertEquals(
                JSON.readTree("{\"TargetFunctionArn\": {\"Ref\": \"ApiAliaslive\"}, \"AuthType\": \"NONE\","
                        + " \"Cors\": {\"AllowOrigins\": [\"*\"]}}"),
                url.get("Properties"));
        JsonNode permission = resources.get("ApiUrlPublicPermissions").get("Properties");
        assertEquals("lambda:InvokeFunctionUrl", permission.get("Action").asText());
        assertEquals("*", permission.get("Principal").asText());
        assertEquals("NONE", permission.get("FunctionUrlAuthType").asText());
        assertEquals(JSON.readTree("{\"Ref\": \"ApiAliaslive\"}"), permission.get("FunctionName"));

        // the same template gives the same version; new code a new one
        assertTrue(SamTransform.apply(TemplateText.parse(PUBLISHED))
                .get("Resources")
                .has(version));
        JsonNode changed = SamTransform.apply(TemplateText.parse(PUBLISHED.replace("code1", "code2")))
                .get("Resources");
        assertTrue(!changed.has(version) && changed.toString().contains("ApiVersion"), changed.toString());
        JsonNode configured = SamTransform.apply(
                        TemplateText.parse(PUBLISHED.replace("Runtime:", "MemorySize: 512\n      Runtime:")))
                .get("Resources");
        assertTrue(!configured.has(version), "a configuration change publishes a new version too");
    }

    @Test
    void aSamLayerBecomesALayerVersionKeptByDefault() throws Exception {
        JsonNode resources = SamTransform.apply(TemplateText.parse(PUBLISHED)).get("Resources");
        JsonNode layer = resources.get("Shared");
        assertEquals("AWS::Lambda::LayerVersion", layer.get("Type").asText());
        assertEquals("Retain", layer.get("DeletionPolicy").asText());
        assertEquals("Retain", layer.get("UpdateReplacePolicy").asText());
        assertEquals(
                JSON.readTree("{\"LayerName\": \"Shared\", \"CompatibleRuntimes\": [\"python3.11\"],"
                        + " \"Content\": {\"S3Bucket\": \"artifacts\", \"S3Key\": \"layer1\"}}"),
                layer.get("Properties"));
        assertEquals(JSON.readTree("[{\"Ref\": \"Shared\"}]"), resources.at("/Api/Properties/Layers"));

        JsonNode deleted = SamTransform.apply(TemplateText.parse(PUBLISHED.replace(
                        "CompatibleRuntimes: [python3.11]",
                        "CompatibleRuntimes: [python3.11]\n      RetentionPolicy: Delete")))
                .get("Resources")
                .get("Shared");
        assertEquals("Delete", deleted.get("DeletionPolicy").asText());
        AwsException local = assertThrows(
                AwsException.class,
                () -> SamTransform.apply(TemplateText.parse(PUBLISHED.replace("s3://artifacts/layer1", "layer/"))));
        assertTrue(local.getMessage().contains("'ContentUri' is not a valid S3 Uri"), local.getMessage());
    }

    @Test
    void onlyAllAtOnceDeploymentsAreTakenAndOnlyWithAnAlias() throws Exception {
        AwsException canary = assertThrows(
                AwsException.class,
                () -> SamTransform.apply(
                        TemplateText.parse(PUBLISHED.replace("AllAtOnce", "Canary10Percent5Minutes"))));
        assertTrue(
                canary.getMessage().contains("Resource with id [Api] is invalid. DeploymentPreference Type"),
                canary.getMessage());
        AwsException noAlias = assertThrows(
                AwsException.class,
                () -> SamTransform.apply(TemplateText.parse(PUBLISHED.replace("      AutoPublishAlias: live\n", ""))));
        assertTrue(
                noAlias.getMessage()
                        .endsWith("'DeploymentPreference' requires AutoPublishAlias property to be specified."),
                noAlias.getMessage());
        JsonNode plain = SamTransform.apply(TemplateText.parse(PUBLISHED
                        .replace("      AutoPublishAlias: live\n", "")
                        .replace("      DeploymentPreference:\n        Type: AllAtOnce\n", "")))
                .get("Resources");
        assertEquals(JSON.readTree("{\"Ref\": \"Api\"}"), plain.at("/ApiUrl/Properties/TargetFunctionArn"));
    }

    static final String S3_EVENTS = """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              F:
                Type: AWS::Serverless::Function
                Properties:
                  InlineCode: x
                  Handler: index.h
                  Runtime: python3.11
                  Events:
                    Upload:
                      Type: S3
                      Properties:
                        Bucket: !Ref Uploads
                        Events: s3:ObjectCreated:*
                        Filter:
                          S3Key:
                            Rules: [{Name: prefix, Value: incoming/}]
                    Gone:
                      Type: S3
                      Properties:
                        Bucket: !Ref Uploads
                        Events: [s3:ObjectRemoved:*]
              Uploads:
                Type: AWS::S3::Bucket
                DependsOn: Jobs
                Properties:
                  NotificationConfiguration:
                    QueueConfigurations:
                      - {Event: 's3:ObjectCreated:*', Queue: !GetAtt Jobs.Arn}
              Jobs:
                Type: AWS::SQS::Queue
            """;

    @Test
    void anS3EventPutsANotificationOnItsBucketAfterThePermissionForS3() throws Exception {
        ObjectNode out = SamTransform.apply(TemplateText.parse(S3_EVENTS));
        JsonNode r = out.get("Resources");
        assertEquals(JSON.readTree("""
                {"Action": "lambda:InvokeFunction", "FunctionName": {"Ref": "F"},
                 "Principal": "s3.amazonaws.com", "SourceAccount": {"Ref": "AWS::AccountId"}}
                """), r.at("/FUploadPermission/Properties"));
        assertEquals("AWS::Lambda::Permission", r.at("/FGonePermission/Type").asText());
        JsonNode bucket = r.get("Uploads");
        assertEquals(JSON.readTree("[\"Jobs\", \"FUploadPermission\", \"FGonePermission\"]"), bucket.get("DependsOn"));
        assertEquals(JSON.readTree("""
                {"QueueConfigurations": [{"Event": "s3:ObjectCreated:*", "Queue": {"Fn::GetAtt": ["Jobs", "Arn"]}}],
                 "LambdaConfigurations": [
                   {"Event": "s3:ObjectCreated:*", "Function": {"Fn::GetAtt": ["F", "Arn"]},
                    "Filter": {"S3Key": {"Rules": [{"Name": "prefix", "Value": "incoming/"}]}}},
                   {"Event": "s3:ObjectRemoved:*", "Function": {"Fn::GetAtt": ["F", "Arn"]}}]}
                """), bucket.at("/Properties/NotificationConfiguration"));
        List<String> order = Template.of(out).order();
        assertTrue(
                order.indexOf("FUploadPermission") < order.indexOf("Uploads")
                        && order.indexOf("FGonePermission") < order.indexOf("Uploads"),
                order.toString());
        assertEquals(1, order.stream().filter("Uploads"::equals).count());
    }

    @Test
    void anS3EventMustNameABucketOfTheTemplate() {
        AwsException refused = assertThrows(
                AwsException.class,
                () -> SamTransform.apply(
                        TemplateText.parse(S3_EVENTS.replaceFirst("Bucket: !Ref Uploads", "Bucket: elsewhere"))));
        assertTrue(
                refused.getMessage()
                        .endsWith("Resource with id [F] is invalid. Event with id [Upload] is invalid. S3 events must"
                                + " reference an S3 bucket in the same template."),
                refused.getMessage());
    }

    static final String HTTP_API = """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              MyApi:
                Type: AWS::Serverless::HttpApi
                Properties:
                  StageName: prod
                  CorsConfiguration:
                    AllowOrigins: [https://example.com]
                    AllowMethods: [GET]
                  Auth:
                    DefaultAuthorizer: Users
                    Authorizers:
                      Users:
                        IdentitySource: $request.header.Authorization
                        JwtConfiguration:
                          issuer: https://issuer.example.com
                          audience: [app]
              F:
                Type: AWS::Serverless::Function
                Properties:
                  InlineCode: x
                  Handler: index.h
                  Runtime: python3.11
                  Events:
                    Get:
                      Type: HttpApi
                      Properties:
                        ApiId: !Ref MyApi
                        Path: /items
                        Method: GET
                        Auth: {AuthorizationScopes: [read]}
                    Open:
                      Type: HttpApi
                      Properties:
                        ApiId: !Ref MyApi
                        Path: /health
                        Method: GET
                        Auth: {Authorizer: NONE}
            """;

    @Test
    void anExplicitHttpApiTakesItsEventsWithItsStageCorsAndJwtAuthorizer() throws Exception {
        ObjectNode out = SamTransform.apply(TemplateText.parse(HTTP_API));
        JsonNode r = out.get("Resources");
        assertEquals(JSON.readTree("""
                {"Name": {"Ref": "AWS::StackName"}, "ProtocolType": "HTTP",
                 "CorsConfiguration": {"AllowOrigins": ["https://example.com"], "AllowMethods": ["GET"]}}
                """), r.at("/MyApi/Properties"));
        assertEquals(JSON.readTree("""
                {"ApiId": {"Ref": "MyApi"}, "StageName": "prod", "AutoDeploy": true}
                """), r.at("/MyApiprodStage/Properties"));
        assertEquals(JSON.readTree("""
                {"ApiId": {"Ref": "MyApi"}, "Name": "Users", "AuthorizerType": "JWT",
                 "IdentitySource": ["$request.header.Authorization"],
                 "JwtConfiguration": {"Issuer": "https://issuer.example.com", "Audience": ["app"]}}
                """), r.at("/MyApiUsersAuthorizer/Properties"));
        assertEquals(JSON.readTree("""
                {"ApiId": {"Ref": "MyApi"}, "RouteKey": "GET /items",
                 "Target": {"Fn::Sub": "integrations/${FGetIntegration}"},
                 "AuthorizationType": "JWT", "AuthorizerId": {"Ref": "MyApiUsersAuthorizer"},
                 "AuthorizationScopes": ["read"]}
                """), r.at("/FGetRoute/Properties"));
        assertTrue(r.at("/FOpenRoute/Properties/AuthorizationType").isMissingNode());
        assertEquals(JSON.readTree("{\"Ref\": \"MyApi\"}"), r.at("/FGetIntegration/Properties/ApiId"));
        assertEquals(
                "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${MyApi}/*",
                r.at("/FGetPermission/Properties/SourceArn/Fn::Sub").asText());
        assertTrue(r.path("ServerlessHttpApi").isMissingNode(), "no implicit API");
        List<String> order = Template.of(out).order();
        assertTrue(order.indexOf("MyApiUsersAuthorizer") < order.indexOf("FGetRoute"), order.toString());
    }

    @Test
    void anHttpApiEventsApiIdMustNameAnHttpApiOfTheTemplate() {
        AwsException unknown = assertThrows(
                AwsException.class,
                () -> SamTransform.apply(TemplateText.parse(HTTP_API.replace("ApiId: !Ref MyApi", "ApiId: abc123"))));
        assertTrue(
                unknown.getMessage()
                        .endsWith("Event with id [Get] is invalid. ApiId must be a valid reference to an"
                                + " 'AWS::Serverless::HttpApi' resource in same template."),
                unknown.getMessage());
        AwsException noSuchAuthorizer = assertThrows(
                AwsException.class,
                () -> SamTransform.apply(
                        TemplateText.parse(HTTP_API.replace("DefaultAuthorizer: Users", "DefaultAuthorizer: Admins"))));
        assertTrue(
                noSuchAuthorizer.getMessage().contains("does not define any Authorizers named Admins"),
                noSuchAuthorizer.getMessage());
    }
}

package dev.lamina.cloudformation.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The {@code AWS::Serverless-2016-10-31} transform: a SAM template as the plain CloudFormation
 * template it stands for, with the logical ids SAM gives what it adds. {@code Globals.Function} is
 * merged into each {@code AWS::Serverless::Function} (maps member by member, lists appended, the
 * function's own value winning); a function becomes an {@code AWS::Lambda::Function} (its code from
 * {@code CodeUri} {@code s3://bucket/key} or {@code InlineCode}) with a role {@code <Id>Role} when it
 * names none; its events become an {@code AWS::Lambda::EventSourceMapping} {@code <Id><Event>} (SQS,
 * Kinesis, DynamoDB) or an {@code AWS::Events::Rule} {@code <Id><Event>} with the permission
 * {@code <Id><Event>Permission} (Schedule). {@code AWS::Serverless::SimpleTable} becomes an
 * {@code AWS::DynamoDB::Table}. Pure.
 */
public final class SamTransform {
    public static final String NAME = "AWS::Serverless-2016-10-31";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String BASIC_EXECUTION = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";

    private SamTransform() {}

    /** Whether {@code doc} asks for this transform (its {@code Transform} names it, alone or in a list). */
    public static boolean wanted(ObjectNode doc) {
        JsonNode transform = doc.path("Transform");
        if (transform.isTextual()) {
            return transform.asText().equals(NAME);
        }
        for (JsonNode t : transform) {
            if (t.asText().equals(NAME)) {
                return true;
            }
        }
        return false;
    }

    /** The plain template {@code doc} stands for; throws {@code ValidationError} as SAM words its errors. */
    public static ObjectNode apply(ObjectNode doc) {
        return apply(doc, true);
    }

    /**
     * {@link #apply(ObjectNode)}, or, with {@code codeInS3} false, the same for a template whose code
     * has not been packaged yet (ValidateTemplate, GetTemplateSummary): a local {@code CodeUri} is
     * taken as it is instead of refused.
     */
    public static ObjectNode apply(ObjectNode doc, boolean codeInS3) {
        ObjectNode out = doc.deepCopy();
        out.remove("Transform");
        JsonNode globals = out.remove("Globals");
        ObjectNode functionGlobals =
                globals != null && globals.path("Function").isObject() ? (ObjectNode) globals.get("Function") : null;
        ObjectNode resources = NODES.objectNode();
        for (Map.Entry<String, JsonNode> e : doc.path("Resources").properties()) {
            String id = e.getKey();
            JsonNode body = e.getValue();
            String type = body.path("Type").asText();
            ObjectNode props =
                    body.path("Properties").isObject() ? (ObjectNode) body.get("Properties") : NODES.objectNode();
            switch (type) {
                case "AWS::Serverless::Function" -> {
                    ObjectNode merged = functionGlobals == null ? props : merge(functionGlobals, props);
                    function(id, body, merged, resources, codeInS3);
                }
                case "AWS::Serverless::SimpleTable" ->
                    resources.set(id, resource(body, "AWS::DynamoDB::Table", table(props)));
                default -> resources.set(id, body);
            }
        }
        out.set("Resources", resources);
        return out;
    }

    private static ObjectNode resource(JsonNode original, String type, ObjectNode properties) {
        ObjectNode out = NODES.objectNode().put("Type", type);
        if (original != null && original.has("DependsOn")) {
            out.set("DependsOn", original.get("DependsOn"));
        }
        out.set("Properties", properties);
        return out;
    }

    private static void function(String id, JsonNode body, ObjectNode p, ObjectNode resources, boolean codeInS3) {
        ObjectNode lambda = NODES.objectNode();
        copy(
                p,
                lambda,
                "FunctionName",
                "Handler",
                "Runtime",
                "MemorySize",
                "Timeout",
                "Environment",
                "Description",
                "Layers",
                "Architectures",
                "ReservedConcurrentExecutions",
                "EphemeralStorage",
                "TracingConfig",
                "DeadLetterConfig");
        lambda.set("Code", code(id, p, codeInS3));
        if (p.has("Role")) {
            lambda.set("Role", p.get("Role"));
        } else {
            String role = id + "Role";
            ObjectNode trust = NODES.objectNode().put("Version", "2012-10-17");
            trust.putArray("Statement")
                    .addObject()
                    .put("Effect", "Allow")
                    .put("Action", "sts:AssumeRole")
                    .putObject("Principal")
                    .putArray("Service")
                    .add("lambda.amazonaws.com");
            ObjectNode roleProps = NODES.objectNode().set("AssumeRolePolicyDocument", trust);
            roleProps.putArray("ManagedPolicyArns").add(BASIC_EXECUTION);
            if (p.has("Policies")) {
                SamPolicies.addTo(roleProps, id, p.get("Policies"), SamTransform::invalid);
            }
            resources.set(role, resource(null, "AWS::IAM::Role", roleProps));
            lambda.set("Role", getAtt(role, "Arn"));
        }
        ArrayNode tags = lambda.putArray("Tags");
        tags.addObject().put("Key", "lambda:createdBy").put("Value", "SAM");
        p.path("Tags")
                .properties()
                .forEach(t -> tags.addObject().put("Key", t.getKey()).set("Value", t.getValue()));
        resources.set(id, resource(body, "AWS::Lambda::Function", lambda));
        for (Map.Entry<String, JsonNode> e : p.path("Events").properties()) {
            event(id, id + e.getKey(), e.getValue(), resources);
        }
    }

    private static JsonNode code(String id, ObjectNode p, boolean inS3) {
        JsonNode inline = p.get("InlineCode");
        if (inline != null) {
            return NODES.objectNode().set("ZipFile", inline);
        }
        JsonNode uri = p.get("CodeUri");
        if (uri != null && uri.isObject() && uri.has("Bucket") && uri.has("Key")) {
            ObjectNode code = NODES.objectNode().set("S3Bucket", uri.get("Bucket"));
            code.set("S3Key", uri.get("Key"));
            if (uri.has("Version")) {
                code.set("S3ObjectVersion", uri.get("Version"));
            }
            return code;
        }
        String text = uri == null ? "" : uri.asText();
        if (!inS3 && uri != null && !text.startsWith("s3://")) {
            return NODES.objectNode().put("S3Bucket", "").put("S3Key", text);
        }
        if (!text.startsWith("s3://") || text.indexOf('/', 5) < 0) {
            throw invalid(
                    id,
                    uri == null
                            ? "Only one of 'InlineCode' or 'CodeUri' can be set, and one is required."
                            : "'CodeUri' is not a valid S3 Uri of the form 's3://bucket/key' with optional versionId"
                                    + " query parameter. Run 'aws cloudformation package' first to upload local code.");
        }
        int slash = text.indexOf('/', 5);
        return NODES.objectNode().put("S3Bucket", text.substring(5, slash)).put("S3Key", text.substring(slash + 1));
    }

    private static void event(String function, String id, JsonNode event, ObjectNode resources) {
        String type = event.path("Type").asText();
        JsonNode p = event.path("Properties");
        switch (type) {
            case "SQS", "Kinesis", "DynamoDB" -> {
                ObjectNode mapping = NODES.objectNode();
                mapping.set("EventSourceArn", p.get(type.equals("SQS") ? "Queue" : "Stream"));
                mapping.set("FunctionName", ref(function));
                copy(
                        p,
                        mapping,
                        "BatchSize",
                        "Enabled",
                        "MaximumBatchingWindowInSeconds",
                        "StartingPosition",
                        "FilterCriteria",
                        "FunctionResponseTypes",
                        "ScalingConfig",
                        "MaximumRetryAttempts",
                        "BisectBatchOnFunctionError",
                        "ParallelizationFactor",
                        "DestinationConfig");
                resources.set(id, resource(null, "AWS::Lambda::EventSourceMapping", mapping));
            }
            case "Schedule" -> {
                ObjectNode rule = NODES.objectNode();
                rule.set("ScheduleExpression", p.get("Schedule"));
                if (p.has("Name")) {
                    rule.set("Name", p.get("Name"));
                }
                if (p.has("Description")) {
                    rule.set("Description", p.get("Description"));
                }
                rule.put("State", p.path("Enabled").asBoolean(true) ? "ENABLED" : "DISABLED");
                ObjectNode target = rule.putArray("Targets").addObject();
                target.set("Arn", getAtt(function, "Arn"));
                target.put("Id", id + "LambdaTarget");
                if (p.has("Input")) {
                    target.set("Input", p.get("Input"));
                }
                resources.set(id, resource(null, "AWS::Events::Rule", rule));
                ObjectNode permission = NODES.objectNode().put("Action", "lambda:InvokeFunction");
                permission.set("FunctionName", ref(function));
                permission.put("Principal", "events.amazonaws.com");
                permission.set("SourceArn", getAtt(id, "Arn"));
                resources.set(id + "Permission", resource(null, "AWS::Lambda::Permission", permission));
            }
            case "HttpApi" -> httpApi(function, id, p, resources);
            case "ScheduleV2" -> scheduleV2(function, id, p, resources);
            default ->
                throw invalid(
                        function,
                        "Event with id [" + id.substring(function.length()) + "] is invalid. Event type " + type
                                + " is not supported by this node (it runs SQS, Kinesis, DynamoDB, Schedule,"
                                + " ScheduleV2 and HttpApi).");
        }
    }

    /**
     * A {@code ScheduleV2} event: an {@code AWS::Scheduler::Schedule} {@code <Id><Event>} invoking the
     * function, with the role {@code <Id><Event>Role} that lets EventBridge Scheduler invoke it when
     * the event names no {@code RoleArn}.
     */
    private static void scheduleV2(String function, String id, JsonNode p, ObjectNode resources) {
        ObjectNode schedule = NODES.objectNode();
        copy(
                p,
                schedule,
                "Name",
                "ScheduleExpression",
                "ScheduleExpressionTimezone",
                "Description",
                "GroupName",
                "StartDate",
                "EndDate",
                "State");
        schedule.set(
                "FlexibleTimeWindow",
                p.has("FlexibleTimeWindow")
                        ? p.get("FlexibleTimeWindow")
                        : NODES.objectNode().put("Mode", "OFF"));
        ObjectNode target = schedule.putObject("Target");
        target.set("Arn", getAtt(function, "Arn"));
        if (p.has("RoleArn")) {
            target.set("RoleArn", p.get("RoleArn"));
        } else {
            ObjectNode trust = NODES.objectNode().put("Version", "2012-10-17");
            trust.putArray("Statement")
                    .addObject()
                    .put("Effect", "Allow")
                    .put("Action", "sts:AssumeRole")
                    .putObject("Principal")
                    .putArray("Service")
                    .add("scheduler.amazonaws.com");
            ObjectNode role = NODES.objectNode().set("AssumeRolePolicyDocument", trust);
            ObjectNode policy = role.putArray("Policies").addObject().put("PolicyName", id + "LambdaPolicy");
            ObjectNode statement = policy.putObject("PolicyDocument")
                    .put("Version", "2012-10-17")
                    .putArray("Statement")
                    .addObject()
                    .put("Effect", "Allow")
                    .put("Action", "lambda:InvokeFunction");
            statement.set("Resource", getAtt(function, "Arn"));
            resources.set(id + "Role", resource(null, "AWS::IAM::Role", role));
            target.set("RoleArn", getAtt(id + "Role", "Arn"));
        }
        if (p.has("Input")) {
            target.set("Input", p.get("Input"));
        }
        resources.set(id, resource(null, "AWS::Scheduler::Schedule", schedule));
    }

    /** The HTTP API SAM makes for the HttpApi events of functions that name none, and its stage. */
    static final String HTTP_API = "ServerlessHttpApi";

    /**
     * An {@code HttpApi} event: the implicit API {@value #HTTP_API} with its {@code $default} stage
     * (made once), and for the event an integration, a route ({@code METHOD /path}, or
     * {@code $default} without a path) and the permission for API Gateway to invoke the function.
     */
    private static void httpApi(String function, String id, JsonNode p, ObjectNode resources) {
        if (p.has("ApiId")) {
            throw invalid(
                    function,
                    "Event with id [" + id.substring(function.length()) + "] is invalid. An HttpApi"
                            + " event of an AWS::Serverless::HttpApi (ApiId) is not supported by this node yet; leave ApiId"
                            + " out to use the implicit " + HTTP_API + ".");
        }
        if (!resources.has(HTTP_API)) {
            ObjectNode api = NODES.objectNode().set("Name", ref("AWS::StackName"));
            api.put("ProtocolType", "HTTP");
            resources.set(HTTP_API, resource(null, "AWS::ApiGatewayV2::Api", api));
            ObjectNode stage = NODES.objectNode().set("ApiId", ref(HTTP_API));
            stage.put("StageName", "$default").put("AutoDeploy", true);
            resources.set(HTTP_API + "ApiGatewayDefaultStage", resource(null, "AWS::ApiGatewayV2::Stage", stage));
        }
        ObjectNode integration = NODES.objectNode().set("ApiId", ref(HTTP_API));
        integration.put("IntegrationType", "AWS_PROXY");
        integration.set("IntegrationUri", getAtt(function, "Arn"));
        integration.put("PayloadFormatVersion", p.path("PayloadFormatVersion").asText("2.0"));
        if (p.has("TimeoutInMillis")) {
            integration.set("TimeoutInMillis", p.get("TimeoutInMillis"));
        }
        resources.set(id + "Integration", resource(null, "AWS::ApiGatewayV2::Integration", integration));
        String routeKey = p.has("Path")
                ? p.path("Method")
                                .asText("ANY")
                                .toUpperCase(java.util.Locale.ROOT)
                                .replace("X-AMAZON-APIGATEWAY-ANY-METHOD", "ANY")
                        + " " + p.get("Path").asText()
                : "$default";
        ObjectNode route = NODES.objectNode().set("ApiId", ref(HTTP_API));
        route.put("RouteKey", routeKey);
        route.set("Target", NODES.objectNode().set("Fn::Sub", NODES.textNode("integrations/${" + id + "Integration}")));
        resources.set(id + "Route", resource(null, "AWS::ApiGatewayV2::Route", route));
        ObjectNode permission = NODES.objectNode().put("Action", "lambda:InvokeFunction");
        permission.set("FunctionName", ref(function));
        permission.put("Principal", "apigateway.amazonaws.com");
        permission.set(
                "SourceArn",
                NODES.objectNode()
                        .put(
                                "Fn::Sub",
                                "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${" + HTTP_API
                                        + "}/*"));
        resources.set(id + "Permission", resource(null, "AWS::Lambda::Permission", permission));
    }

    private static ObjectNode table(ObjectNode p) {
        ObjectNode table = NODES.objectNode();
        if (p.has("TableName")) {
            table.set("TableName", p.get("TableName"));
        }
        JsonNode key = p.path("PrimaryKey");
        String name = key.path("Name").asText("id");
        String type = switch (key.path("Type").asText("String")) {
            case "Number" -> "N";
            case "Binary" -> "B";
            default -> "S";
        };
        table.putArray("AttributeDefinitions")
                .addObject()
                .put("AttributeName", name)
                .put("AttributeType", type);
        table.putArray("KeySchema").addObject().put("AttributeName", name).put("KeyType", "HASH");
        if (p.has("ProvisionedThroughput")) {
            table.set("ProvisionedThroughput", p.get("ProvisionedThroughput"));
        } else {
            table.put("BillingMode", "PAY_PER_REQUEST");
        }
        if (p.has("SSESpecification")) {
            table.set("SSESpecification", p.get("SSESpecification"));
        }
        return table;
    }

    /** {@code globals} with {@code own} laid over it: maps merged member by member, lists appended. */
    static ObjectNode merge(ObjectNode globals, ObjectNode own) {
        ObjectNode out = globals.deepCopy();
        for (Map.Entry<String, JsonNode> e : own.properties()) {
            JsonNode before = out.get(e.getKey());
            JsonNode mine = e.getValue();
            if (before instanceof ObjectNode map && mine instanceof ObjectNode ownMap && !isIntrinsic(mine)) {
                out.set(e.getKey(), merge(map, ownMap));
            } else if (before instanceof ArrayNode list && mine.isArray()) {
                out.set(e.getKey(), list.deepCopy().addAll((ArrayNode) mine));
            } else {
                out.set(e.getKey(), mine);
            }
        }
        return out;
    }

    private static boolean isIntrinsic(JsonNode value) {
        if (value.size() != 1) {
            return false;
        }
        String key = value.properties().iterator().next().getKey();
        return key.equals("Ref") || key.startsWith("Fn::");
    }

    /** Copies those of {@code members} that {@code from} has to {@code to}. */
    private static void copy(JsonNode from, ObjectNode to, String... members) {
        for (String member : members) {
            if (from.has(member)) {
                to.set(member, from.get(member));
            }
        }
    }

    private static ObjectNode ref(String id) {
        return NODES.objectNode().put("Ref", id);
    }

    private static ObjectNode getAtt(String id, String attribute) {
        ObjectNode out = NODES.objectNode();
        out.putArray("Fn::GetAtt").add(id).add(attribute);
        return out;
    }

    private static RuntimeException invalid(String id, String what) {
        return TemplateErrors.validation("Transform " + NAME + " failed with: Invalid Serverless Application"
                + " Specification document. Number of errors found: 1. Resource with id [" + id + "] is invalid. "
                + what);
    }
}

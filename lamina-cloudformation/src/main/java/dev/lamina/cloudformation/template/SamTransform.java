package dev.lamina.cloudformation.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The {@code AWS::Serverless-2016-10-31} transform: a SAM template as the plain CloudFormation
 * template it stands for, with the logical ids SAM gives what it adds. {@code Globals.Function} is
 * merged into each {@code AWS::Serverless::Function} (maps member by member, lists appended, the
 * function's own value winning); a function becomes an {@code AWS::Lambda::Function} (its code from
 * {@code CodeUri} {@code s3://bucket/key} or {@code InlineCode}) with a role {@code <Id>Role} when it
 * names none; its events become an {@code AWS::Lambda::EventSourceMapping} {@code <Id><Event>} (SQS,
 * Kinesis, DynamoDB) or an {@code AWS::Events::Rule} {@code <Id><Event>} with the permission
 * {@code <Id><Event>Permission} (Schedule), a notification on a bucket of the template with that
 * permission (S3), routes of an HTTP API ({@link SamHttpApi}) or methods of a REST API
 * ({@link SamRestApi}), invoking the function's alias when it
 * has one ({@code AutoPublishAlias}). {@code AWS::Serverless::SimpleTable} becomes an
 * {@code AWS::DynamoDB::Table}, {@code AWS::Serverless::HttpApi} an {@code AWS::ApiGatewayV2::Api},
 * {@code AWS::Serverless::Api} an {@code AWS::ApiGateway::RestApi}.
 * Pure.
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
        JsonNode declared = doc.path("Resources");
        for (Map.Entry<String, JsonNode> e : declared.properties()) {
            String id = e.getKey();
            JsonNode body = e.getValue();
            String type = body.path("Type").asText();
            ObjectNode props =
                    body.path("Properties").isObject() ? (ObjectNode) body.get("Properties") : NODES.objectNode();
            switch (type) {
                case "AWS::Serverless::Function" -> {
                    ObjectNode merged = functionGlobals == null ? props : merge(functionGlobals, props);
                    function(id, body, merged, declared, resources, codeInS3);
                }
                case "AWS::Serverless::HttpApi" -> SamHttpApi.api(id, body, props, resources);
                case "AWS::Serverless::Api" -> SamRestApi.api(id, body, props, resources);
                case "AWS::Serverless::LayerVersion" -> layer(id, body, props, resources, codeInS3);
                case "AWS::Serverless::SimpleTable" ->
                    resources.set(id, resource(body, "AWS::DynamoDB::Table", table(props)));
                default -> resources.putIfAbsent(id, body.deepCopy()); // an S3 event may have taken it already
            }
        }
        SamRestApi.deploy(declared, resources);
        out.set("Resources", resources);
        return out;
    }

    static ObjectNode resource(JsonNode original, String type, ObjectNode properties) {
        ObjectNode out = NODES.objectNode().put("Type", type);
        for (String attribute : new String[] {"DependsOn", "DeletionPolicy", "UpdateReplacePolicy"}) {
            if (original != null && original.has(attribute)) {
                out.set(attribute, original.get(attribute));
            }
        }
        out.set("Properties", properties);
        return out;
    }

    private static void function(
            String id, JsonNode body, ObjectNode p, JsonNode declared, ObjectNode resources, boolean codeInS3) {
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
        String alias = alias(id, p, lambda, resources);
        if (p.has("FunctionUrlConfig")) {
            url(id, alias, p.get("FunctionUrlConfig"), resources);
        }
        for (Map.Entry<String, JsonNode> e : p.path("Events").properties()) {
            event(id, alias, id + e.getKey(), e.getValue(), declared, resources);
        }
    }

    /**
     * {@code AutoPublishAlias}: a version {@code <Id>Version<hash>} kept when the stack lets go of it,
     * the hash being the first 10 hex digits of the SHA-1 of the function's code and configuration
     * (so a change publishes a new version under a new logical id), and the alias
     * {@code <Id>Alias<Name>} pointing to it (with the function's provisioned concurrency, as SAM
     * moves it there). A {@code DeploymentPreference} may only shift traffic all at once, which the
     * alias's update does. Returns the alias's logical id, or {@code null} without one.
     */
    private static String alias(String id, ObjectNode p, ObjectNode lambda, ObjectNode resources) {
        JsonNode preference = p.get("DeploymentPreference");
        if (!p.has("AutoPublishAlias")) {
            if (preference != null) {
                throw invalid(id, "'DeploymentPreference' requires AutoPublishAlias property to be specified.");
            }
            if (p.has("ProvisionedConcurrencyConfig")) {
                throw invalid(
                        id, "To set ProvisionedConcurrencyConfig AutoPublishALias must be defined on the function");
            }
            return null;
        }
        if (preference != null && !preference.path("Type").asText().equals("AllAtOnce")) {
            throw invalid(
                    id,
                    "DeploymentPreference Type " + preference.path("Type")
                            + " is not supported by this node (it deploys AllAtOnce).");
        }
        String name = p.get("AutoPublishAlias").asText();
        if (!name.matches("[a-zA-Z0-9_-]+") || name.matches("[0-9]+")) {
            throw invalid(
                    id,
                    "AutoPublishAlias must contain only alphanumerics, hyphens, or underscores, and may"
                            + " not be a number.");
        }
        String version = id + "Version" + hash(lambda);
        ObjectNode versionProps = NODES.objectNode().set("FunctionName", ref(id));
        if (p.has("VersionDescription")) {
            versionProps.set("Description", p.get("VersionDescription"));
        }
        ObjectNode versionResource = resource(null, "AWS::Lambda::Version", versionProps);
        versionResource.put("DeletionPolicy", "Retain");
        resources.set(version, versionResource);
        String alias = id + "Alias" + name.replaceAll("[^A-Za-z0-9]", "");
        ObjectNode aliasProps = NODES.objectNode().put("Name", name);
        aliasProps.set("FunctionName", ref(id));
        aliasProps.set("FunctionVersion", getAtt(version, "Version"));
        copy(p, aliasProps, "ProvisionedConcurrencyConfig");
        resources.set(alias, resource(null, "AWS::Lambda::Alias", aliasProps));
        return alias;
    }

    /** The first 10 hex digits of the SHA-1 of {@code lambda}'s properties but its tags. */
    static String hash(ObjectNode lambda) {
        ObjectNode hashed = lambda.deepCopy();
        hashed.remove("Tags");
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-1").digest(hashed.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-1
        }
    }

    /**
     * {@code FunctionUrlConfig}: the URL {@code <Id>Url} of the function (of its alias, with
     * AutoPublishAlias) and, for {@code AuthType: NONE}, the permission
     * {@code <Id>UrlPublicPermissions} that lets anyone call it.
     */
    private static void url(String id, String alias, JsonNode config, ObjectNode resources) {
        ObjectNode target = ref(alias == null ? id : alias);
        ObjectNode url = NODES.objectNode().set("TargetFunctionArn", target);
        copy(config, url, "AuthType", "Cors", "InvokeMode");
        resources.set(id + "Url", resource(null, "AWS::Lambda::Url", url));
        if (config.path("AuthType").asText().equals("NONE")) {
            ObjectNode permission = NODES.objectNode().put("Action", "lambda:InvokeFunctionUrl");
            permission.set("FunctionName", target.deepCopy());
            permission.put("Principal", "*").put("FunctionUrlAuthType", "NONE");
            resources.set(id + "UrlPublicPermissions", resource(null, "AWS::Lambda::Permission", permission));
        }
    }

    /**
     * An {@code AWS::Serverless::LayerVersion}: an {@code AWS::Lambda::LayerVersion} under the same
     * logical id, named by {@code LayerName} or its logical id, its content from {@code ContentUri},
     * kept when the stack lets go of it unless {@code RetentionPolicy} is {@code Delete}. (SAM adds a
     * hash of the content to the logical id; here a change of content replaces the resource, which
     * publishes a new version just the same.)
     */
    private static void layer(String id, JsonNode body, ObjectNode p, ObjectNode resources, boolean codeInS3) {
        ObjectNode layer = NODES.objectNode();
        layer.set("LayerName", p.has("LayerName") ? p.get("LayerName") : NODES.textNode(id));
        copy(p, layer, "Description", "CompatibleRuntimes", "CompatibleArchitectures", "LicenseInfo");
        JsonNode uri = p.get("ContentUri");
        if (uri == null) {
            throw invalid(id, "Missing required property 'ContentUri'.");
        }
        layer.set("Content", s3(id, "ContentUri", uri, codeInS3));
        String retention = p.path("RetentionPolicy").asText("Retain");
        if (!retention.equalsIgnoreCase("Retain") && !retention.equalsIgnoreCase("Delete")) {
            throw invalid(id, "'RetentionPolicy' must be one of the following options: ['Retain', 'Delete'].");
        }
        ObjectNode out = resource(body, "AWS::Lambda::LayerVersion", layer);
        String policy = retention.equalsIgnoreCase("Retain") ? "Retain" : "Delete";
        out.put("DeletionPolicy", policy).put("UpdateReplacePolicy", policy);
        resources.set(id, out);
    }

    private static JsonNode code(String id, ObjectNode p, boolean inS3) {
        JsonNode inline = p.get("InlineCode");
        if (inline != null) {
            return NODES.objectNode().set("ZipFile", inline);
        }
        JsonNode uri = p.get("CodeUri");
        if (uri == null) {
            throw invalid(id, "Only one of 'InlineCode' or 'CodeUri' can be set, and one is required.");
        }
        return s3(id, "CodeUri", uri, inS3);
    }

    /**
     * An S3 location as Lambda takes it ({@code S3Bucket}, {@code S3Key}, {@code S3ObjectVersion}) from
     * SAM's {@code s3://bucket/key} or {@code Bucket}/{@code Key}/{@code Version}; a local path as it is
     * when the code is not packaged yet ({@code inS3} false).
     */
    private static JsonNode s3(String id, String member, JsonNode uri, boolean inS3) {
        if (uri.isObject() && uri.has("Bucket") && uri.has("Key")) {
            ObjectNode code = NODES.objectNode().set("S3Bucket", uri.get("Bucket"));
            code.set("S3Key", uri.get("Key"));
            if (uri.has("Version")) {
                code.set("S3ObjectVersion", uri.get("Version"));
            }
            return code;
        }
        String text = uri.asText();
        if (!inS3 && !text.startsWith("s3://")) {
            return NODES.objectNode().put("S3Bucket", "").put("S3Key", text);
        }
        if (!text.startsWith("s3://") || text.indexOf('/', 5) < 0) {
            throw invalid(
                    id,
                    "'" + member + "' is not a valid S3 Uri of the form 's3://bucket/key' with optional versionId"
                            + " query parameter. Run 'aws cloudformation package' first to upload local code.");
        }
        int slash = text.indexOf('/', 5);
        return NODES.objectNode().put("S3Bucket", text.substring(5, slash)).put("S3Key", text.substring(slash + 1));
    }

    private static void event(
            String function, String alias, String id, JsonNode event, JsonNode declared, ObjectNode resources) {
        String type = event.path("Type").asText();
        JsonNode p = event.path("Properties");
        switch (type) {
            case "SQS", "Kinesis", "DynamoDB" -> {
                ObjectNode mapping = NODES.objectNode();
                mapping.set("EventSourceArn", p.get(type.equals("SQS") ? "Queue" : "Stream"));
                mapping.set("FunctionName", invoked(function, alias));
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
                target.set("Arn", invokedArn(function, alias));
                target.put("Id", id + "LambdaTarget");
                if (p.has("Input")) {
                    target.set("Input", p.get("Input"));
                }
                resources.set(id, resource(null, "AWS::Events::Rule", rule));
                ObjectNode permission = NODES.objectNode().put("Action", "lambda:InvokeFunction");
                permission.set("FunctionName", invoked(function, alias));
                permission.put("Principal", "events.amazonaws.com");
                permission.set("SourceArn", getAtt(id, "Arn"));
                resources.set(id + "Permission", resource(null, "AWS::Lambda::Permission", permission));
            }
            case "HttpApi" -> SamHttpApi.event(function, alias, id, p, declared, resources);
            case "Api" -> SamRestApi.event(function, alias, id, p, declared, resources);
            case "S3" -> SamS3Event.add(function, alias, id, p, declared, resources);
            case "ScheduleV2" -> scheduleV2(function, alias, id, p, resources);
            default ->
                throw invalid(
                        function,
                        "Event with id [" + id.substring(function.length()) + "] is invalid. Event type " + type
                                + " is not supported by this node (it runs SQS, Kinesis, DynamoDB, S3, Schedule,"
                                + " ScheduleV2, HttpApi and Api).");
        }
    }

    /**
     * A {@code ScheduleV2} event: an {@code AWS::Scheduler::Schedule} {@code <Id><Event>} invoking the
     * function, with the role {@code <Id><Event>Role} that lets EventBridge Scheduler invoke it when
     * the event names no {@code RoleArn}.
     */
    private static void scheduleV2(String function, String alias, String id, JsonNode p, ObjectNode resources) {
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
        target.set("Arn", invokedArn(function, alias));
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
            statement.set("Resource", invokedArn(function, alias));
            resources.set(id + "Role", resource(null, "AWS::IAM::Role", role));
            target.set("RoleArn", getAtt(id + "Role", "Arn"));
        }
        if (p.has("Input")) {
            target.set("Input", p.get("Input"));
        }
        resources.set(id, resource(null, "AWS::Scheduler::Schedule", schedule));
    }

    /** What an event invokes, by name: the function's alias (its ARN) with AutoPublishAlias, else the function. */
    static ObjectNode invoked(String function, String alias) {
        return alias == null ? ref(function) : ref(alias);
    }

    /** What an event invokes, by ARN: the alias's with AutoPublishAlias, else the function's. */
    static ObjectNode invokedArn(String function, String alias) {
        return alias == null ? getAtt(function, "Arn") : ref(alias);
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
    static void copy(JsonNode from, ObjectNode to, String... members) {
        for (String member : members) {
            if (from.has(member)) {
                to.set(member, from.get(member));
            }
        }
    }

    static ObjectNode ref(String id) {
        return NODES.objectNode().put("Ref", id);
    }

    static ObjectNode getAtt(String id, String attribute) {
        ObjectNode out = NODES.objectNode();
        out.putArray("Fn::GetAtt").add(id).add(attribute);
        return out;
    }

    static RuntimeException invalid(String id, String what) {
        return TemplateErrors.validation("Transform " + NAME + " failed with: Invalid Serverless Application"
                + " Specification document. Number of errors found: 1. Resource with id [" + id + "] is invalid. "
                + what);
    }
}

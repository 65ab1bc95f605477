package dev.lamina.lambda.validation;

/**
 * The constraints of Lambda's request members, as AWS's front end states them today (the patterns
 * are the ones its messages quote, newer than the published botocore model: they admit the
 * {@code eusc-} and {@code -iso} regions and {@code $LATEST.PUBLISHED}).
 *
 * <p>Two shapes of function name: {@link #FUNCTION_NAME} (most operations; 140 characters, no dots)
 * and {@link #NAMESPACED_FUNCTION_NAME} (GetFunction, GetFunctionConfiguration, DeleteFunction,
 * Invoke, GetPolicy, ListVersionsByFunction: dots and {@code $LATEST.PUBLISHED} allowed, no length
 * limit that AWS reports before the pattern).
 */
public final class LambdaMembers {
    private static final String REGION = "((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}";

    public static final Constraint FUNCTION_NAME = Constraint.of("functionName")
            .length(1, 140)
            .pattern("(arn:(aws[a-zA-Z-]*)?:lambda:)?" + REGION
                    + ":)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?");
    public static final Constraint NAMESPACED_FUNCTION_NAME = Constraint.of("functionName")
            .length(1, null)
            .pattern("(arn:(aws[a-zA-Z-]*)?:lambda:)?" + REGION
                    + ":)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST(\\.PUBLISHED)?|[a-zA-Z0-9-_]+))?");
    public static final Constraint QUALIFIER =
            Constraint.of("qualifier").length(1, 128).pattern("\\$(LATEST(\\.PUBLISHED)?)|[a-zA-Z0-9-_$]+");
    public static final Constraint URL_QUALIFIER =
            Constraint.of("qualifier").length(1, 128).pattern("((?!^\\d+$)^[0-9a-zA-Z-_]+$)");
    public static final Constraint ROLE =
            Constraint.of("role").pattern("arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+");
    public static final Constraint ARCHITECTURES =
            Constraint.of("architectures").length(1, 1);
    public static final Constraint ARCHITECTURE = Constraint.of("architectures").oneOf("x86_64", "arm64");
    public static final Constraint LAYERS = Constraint.of("layers");
    public static final Constraint LAYER_VERSION_ARN = Constraint.of("layers")
            .length(1, 2048)
            .pattern(
                    "(arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:layer:"
                            + "[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+)");
    public static final Constraint SNAP_START_APPLY_ON =
            Constraint.of("snapStart.applyOn").oneOf("PublishedVersions", "None");
    public static final Constraint TRACING_MODE =
            Constraint.of("tracingConfig.mode").oneOf("Active", "PassThrough");
    public static final Constraint PACKAGE_TYPE = Constraint.of("packageType").oneOf("Zip", "Image");
    public static final Constraint LIST_FUNCTION_VERSION =
            Constraint.of("functionVersion").oneOf("ALL");
    public static final Constraint ALIAS_NAME =
            Constraint.of("name").length(1, 128).pattern("(?!^[0-9]+$)([a-zA-Z0-9-_]+)");
    public static final Constraint WEIGHT_KEY = Constraint.of("routingConfig.additionalVersionWeights")
            .length(1, 1024)
            .pattern("[0-9]+");
    public static final String WEIGHT_VALUE_RULE = "[Member must have value less than or equal to 1.0, Member must"
            + " have value greater than or equal to 0.0, Member must not be null]";
    public static final Constraint STATEMENT_ID =
            Constraint.of("statementId").length(1, 100).pattern("([a-zA-Z0-9-_]+)");
    public static final Constraint PROVISIONED_EXECUTIONS =
            Constraint.of("provisionedConcurrentExecutions").atLeast(1);
    public static final Constraint TAG_RESOURCE = Constraint.of("resource")
            .pattern("arn:(aws[a-zA-Z-]*):lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:"
                    + "(function:[a-zA-Z0-9-_]+(:(\\$LATEST|[a-zA-Z0-9-_]+))?|layer:([a-zA-Z0-9-_]+)|"
                    + "code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-"
                    + "[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9-_]+)");
    public static final Constraint TAG_KEYS = Constraint.of("tagKeys");
    public static final Constraint INVOKE_MODE = Constraint.of("invokeMode").oneOf("RESPONSE_STREAM", "BUFFERED");
    public static final Constraint DESTINATION = Constraint.of("destination")
            .pattern("$|kafka://([^.]([a-zA-Z0-9\\-_.]{0,248}))|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:" + REGION
                    + ")?:(\\d{12})?:(.*)");
    public static final Constraint COMPATIBLE_ARCHITECTURE =
            Constraint.of("compatibleArchitecture").oneOf("x86_64", "arm64");
    public static final Constraint LAYER_ACTION = Constraint.of("action").pattern("lambda:GetLayerVersion");

    private LambdaMembers() {}

    /** The same constraint reported at another member path ({@code destinationConfig.onFailure.destination}). */
    public static Constraint at(Constraint c, String member) {
        return new Constraint(member, c.minLength(), c.maxLength(), c.pattern(), c.values(), c.minValue());
    }
}

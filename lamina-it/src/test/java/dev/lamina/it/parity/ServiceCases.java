package dev.lamina.it.parity;

import static dev.lamina.it.parity.ParityCase.answer;
import static dev.lamina.it.parity.ParityCase.failure;
import static dev.lamina.it.parity.ParityCase.invalidParameter;
import static dev.lamina.it.parity.ParityCase.notFound;
import static dev.lamina.it.parity.ParityCase.oneViolation;
import static dev.lamina.it.parity.ParityCase.pattern;
import static dev.lamina.it.parity.ParityCase.validation;
import static dev.lamina.it.parity.ParityContext.ALIAS;
import static dev.lamina.it.parity.ParityContext.FN;
import static dev.lamina.it.parity.ParityContext.LAYER;
import static dev.lamina.it.parity.ParityContext.arn;
import static dev.lamina.it.parity.ParityContext.layerArn;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.FunctionUrlAuthType;

/** Event invoke configs, function URL configs and layers (facts §2.15–2.17). */
final class ServiceCases {
    private static final String DERIVED =
            "The derived qualifier from the function name does not match the specified qualifier.";
    private static final String EIC = "[API] TestLambdaEventInvokeConfig::test_lambda_eventinvokeconfig_exceptions";
    private static final String URL = "[API] TestLambdaUrl::test_url_config_exceptions";
    private static final String LAYERS = "[API] TestLambdaLayer::test_layer_exceptions";
    private static final String LAYER_POLICY = "[API] TestLambdaLayer::test_layer_policy_exceptions";
    private static final String URL_QUALIFIER = "((?!^\\d+$)^[0-9a-zA-Z-_]+$)";
    private static final String GONE = "The resource you requested does not exist.";
    private static final String NO_FUNCTION = "The function doesn't exist.";

    private ServiceCases() {}

    static List<ParityCase> cases() {
        List<ParityCase> out = new ArrayList<>();
        out.addAll(eventInvokeConfigs());
        out.addAll(urls());
        out.addAll(layers());
        return out;
    }

    private static ParityCase c(String id, String source, ParityCase.Scenario s, ParityCase.Expected e) {
        return new ParityCase(id, source, s, e);
    }

    private static String noConfig(String qualifiedArn) {
        return "The function " + qualifiedArn + " doesn't have an EventInvokeConfig";
    }

    private static List<ParityCase> eventInvokeConfigs() {
        List<ParityCase> out = new ArrayList<>();
        out.add(c(
                "PutFunctionEventInvokeConfig.response",
                "§2.15",
                ctx -> ctx.lambda()
                        .putFunctionEventInvokeConfig(
                                r -> r.functionName(ctx.freshFunction("eic")).maximumRetryAttempts(1)),
                answer(200)
                        .keys("", "DestinationConfig", "FunctionArn", "LastModified", "MaximumRetryAttempts")
                        .keys("DestinationConfig", "OnFailure", "OnSuccess")));
        out.add(c(
                "PutFunctionEventInvokeConfig.absent",
                EIC + " → put_functionname_name_notfound",
                ctx -> ctx.lambda()
                        .putFunctionEventInvokeConfig(
                                r -> r.functionName("doesnotexist").maximumRetryAttempts(1)),
                notFound(NO_FUNCTION)));
        out.add(c(
                "PutFunctionEventInvokeConfig.arnAbsent",
                EIC + " → put_functionname_arn_notfound",
                ctx -> ctx.lambda()
                        .putFunctionEventInvokeConfig(
                                r -> r.functionName(arn("doesnotexist")).maximumRetryAttempts(1)),
                notFound(NO_FUNCTION)));
        out.add(c(
                "PutFunctionEventInvokeConfig.nothing",
                EIC + " → put_functionname_nootherargs",
                ctx -> ctx.lambda().putFunctionEventInvokeConfig(r -> r.functionName("doesnotexist")),
                invalidParameter("You must specify at least one of error handling or destination setting.")));
        out.add(c(
                "PutFunctionEventInvokeConfig.destinationAbsent",
                EIC + " → put_destination_lambda_doesntexist",
                ctx -> ctx.lambda()
                        .putFunctionEventInvokeConfig(r -> r.functionName(FN)
                                .destinationConfig(d -> d.onSuccess(s -> s.destination(arn("doesnotexist"))))),
                invalidParameter("The destination ARN " + arn("doesnotexist") + " is invalid.")));
        out.add(c(
                "PutFunctionEventInvokeConfig.recursive",
                EIC + " → put_destination_recursive",
                ctx -> ctx.lambda()
                        .putFunctionEventInvokeConfig(r ->
                                r.functionName(FN).destinationConfig(d -> d.onSuccess(s -> s.destination(arn(FN))))),
                invalidParameter("You can't specify the function as a destination for itself.")));
        String iam = arn(FN).replace(":lambda:", ":iam:");
        out.add(c(
                "PutFunctionEventInvokeConfig.destinationService",
                EIC + " → put_destination_invalid_service_arn",
                ctx -> ctx.lambda()
                        .putFunctionEventInvokeConfig(
                                r -> r.functionName(FN).destinationConfig(d -> d.onSuccess(s -> s.destination(iam)))),
                invalidParameter("The provided destination config DestinationConfig(onSuccess=OnSuccess(destination="
                        + iam + "), onFailure=null) is invalid.")));
        String badPattern = arn(FN).replace(":lambda:", ":_-/!lambda:");
        out.add(
                c(
                        "PutFunctionEventInvokeConfig.destinationPattern",
                        EIC + " → put_destination_invalid_arn_pattern",
                        ctx -> ctx.lambda()
                                .putFunctionEventInvokeConfig(r -> r.functionName(FN)
                                        .destinationConfig(d -> d.onFailure(s -> s.destination(badPattern)))),
                        validation(
                                oneViolation(
                                        badPattern,
                                        "destinationConfig.onFailure.destination",
                                        pattern(
                                                "$|kafka://([^.]([a-zA-Z0-9\\-_.]{0,248}))|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)")))));
        out.add(c(
                "PutFunctionEventInvokeConfig.aliasAbsent",
                EIC + " → put_alias_doesnotexist",
                ctx -> ctx.lambda()
                        .putFunctionEventInvokeConfig(r -> r.functionName(FN)
                                .qualifier(ALIAS + "doesnotexist")
                                .maximumRetryAttempts(1)),
                notFound(NO_FUNCTION)));
        out.add(c(
                "PutFunctionEventInvokeConfig.qualifierMismatch",
                EIC + " → put_shorthand_qualifier_mismatch_1",
                ctx -> ctx.lambda()
                        .putFunctionEventInvokeConfig(r ->
                                r.functionName(FN + ":1").qualifier("$LATEST").maximumRetryAttempts(1)),
                invalidParameter(DERIVED)));
        out.add(c(
                "GetFunctionEventInvokeConfig.versionAbsent",
                "[API] TestLambdaFunction::test_ops_on_nonexisting_version[get_function_event_invoke_config]",
                ctx -> ctx.lambda()
                        .getFunctionEventInvokeConfig(r -> r.functionName(FN).qualifier("1221")),
                notFound(noConfig(arn(FN) + ":1221"))));
        out.add(c(
                "GetFunctionEventInvokeConfig.absent",
                EIC + " → get_function_doesnotexist",
                ctx -> ctx.lambda().getFunctionEventInvokeConfig(r -> r.functionName("doesnotexist")),
                notFound(noConfig(arn("doesnotexist") + ":$LATEST"))));
        out.add(c(
                "GetFunctionEventInvokeConfig.qualifierAbsent",
                EIC + " → get_qualifier_doesnotexist",
                ctx -> ctx.lambda()
                        .getFunctionEventInvokeConfig(r -> r.functionName(FN).qualifier("doesnotexist")),
                notFound(noConfig(arn(FN) + ":doesnotexist"))));
        out.add(c(
                "GetFunctionEventInvokeConfig.aliasWithout",
                EIC + " → get_eventinvokeconfig_doesnotexist",
                ctx -> ctx.lambda().getFunctionEventInvokeConfig(r -> r.functionName(arn(FN) + ":" + ALIAS)),
                notFound(noConfig(arn(FN) + ":" + ALIAS))));
        out.add(c(
                "UpdateFunctionEventInvokeConfig.absent",
                EIC + " → update_eventinvokeconfig_function_doesnotexist",
                ctx -> ctx.lambda()
                        .updateFunctionEventInvokeConfig(
                                r -> r.functionName("doesnotexist").maximumRetryAttempts(0)),
                notFound(NO_FUNCTION)));
        out.add(c(
                "UpdateFunctionEventInvokeConfig.none",
                EIC + " → update_eventinvokeconfig_config_doesnotexist_without_qualifier",
                ctx -> ctx.lambda()
                        .updateFunctionEventInvokeConfig(
                                r -> r.functionName(arn(FN)).maximumRetryAttempts(0)),
                notFound(noConfig(arn(FN) + ":$LATEST"))));
        out.add(c(
                "DeleteFunctionEventInvokeConfig.none",
                EIC + " → delete_function_not_found",
                ctx -> ctx.lambda().deleteFunctionEventInvokeConfig(r -> r.functionName(FN)),
                notFound(noConfig(arn(FN) + ":$LATEST"))));
        out.add(c(
                "DeleteFunctionEventInvokeConfig.absent",
                EIC + " → delete_function_doesnotexist",
                ctx -> ctx.lambda().deleteFunctionEventInvokeConfig(r -> r.functionName("doesnotexist")),
                notFound(noConfig(arn("doesnotexist") + ":$LATEST"))));
        out.add(c(
                "ListFunctionEventInvokeConfigs.absent",
                EIC + " → list_function_doesnotexist",
                ctx -> ctx.lambda().listFunctionEventInvokeConfigs(r -> r.functionName("doesnotexist")),
                notFound(NO_FUNCTION)));
        return out;
    }

    private static List<ParityCase> urls() {
        List<ParityCase> out = new ArrayList<>();
        record Row(String id, String name, String qualifier, String create, String get, String update, String delete) {}
        String fnAbsent = "N:Function does not exist";
        String gone = "N:" + GONE;
        String derived = "I:" + DERIVED;
        List<Row> rows = List.of(
                new Row("name_doesnotexist", "doesnotexist", null, fnAbsent, gone, fnAbsent, gone),
                new Row("arn_doesnotexist", arn("doesnotexist"), null, fnAbsent, gone, fnAbsent, gone),
                new Row("name_doesnotexist_qualifier", "doesnotexist", "1", "V:1", "V:1", "V:1", "V:1"),
                new Row("qualifier_version", FN, "1", "V:1", "V:1", "V:1", "V:1"),
                new Row("qualifier_version_doesnotexist", FN, "2", "V:2", "V:2", "V:2", "V:2"),
                new Row("qualifier_alias_doesnotexist", FN, "v1", fnAbsent, gone, fnAbsent, gone),
                new Row(
                        "qualifier_alias_doesnotmatch_arn",
                        FN + ":urlalias-doesnotmatch",
                        "urlalias",
                        derived,
                        derived,
                        derived,
                        null),
                new Row("qualifier_latest", FN, "$LATEST", "V:$LATEST", "V:$LATEST", "V:$LATEST", "V:$LATEST"),
                new Row("config_doesnotexist", FN, null, null, gone, gone, gone));
        for (Row row : rows) {
            String src = URL + " → <op>_function_url_config_" + row.id();
            if (row.create() != null) {
                out.add(c(
                        "CreateFunctionUrlConfig." + row.id(),
                        src,
                        ctx -> ctx.lambda()
                                .createFunctionUrlConfig(r -> r.functionName(row.name())
                                        .qualifier(row.qualifier())
                                        .authType(FunctionUrlAuthType.NONE)),
                        urlAnswer(row.create())));
            }
            out.add(c(
                    "GetFunctionUrlConfig." + row.id(),
                    src,
                    ctx -> ctx.lambda()
                            .getFunctionUrlConfig(
                                    r -> r.functionName(row.name()).qualifier(row.qualifier())),
                    urlAnswer(row.get())));
            out.add(c(
                    "UpdateFunctionUrlConfig." + row.id(),
                    src,
                    ctx -> ctx.lambda()
                            .updateFunctionUrlConfig(r -> r.functionName(row.name())
                                    .qualifier(row.qualifier())
                                    .authType(FunctionUrlAuthType.AWS_IAM)),
                    urlAnswer(row.update())));
            if (row.delete() != null) {
                out.add(c(
                        "DeleteFunctionUrlConfig." + row.id(),
                        src,
                        ctx -> ctx.lambda()
                                .deleteFunctionUrlConfig(
                                        r -> r.functionName(row.name()).qualifier(row.qualifier())),
                        urlAnswer(row.delete())));
            }
        }
        out.add(c(
                "CreateFunctionUrlConfig.response",
                "§2.16 [INV] TestLambdaURL::test_lambda_url_echo_invoke[None]",
                ctx -> ctx.lambda()
                        .createFunctionUrlConfig(
                                r -> r.functionName(ctx.freshFunction("url")).authType(FunctionUrlAuthType.NONE)),
                answer(201).keys("", "AuthType", "CreationTime", "FunctionArn", "FunctionUrl")));
        out.add(c(
                "GetFunctionUrlConfig.response",
                "§2.16 Get adds InvokeMode and LastModifiedTime",
                ctx -> {
                    String name = ctx.freshFunction("url");
                    ctx.lambda()
                            .createFunctionUrlConfig(r -> r.functionName(name).authType(FunctionUrlAuthType.NONE));
                    return ctx.lambda().getFunctionUrlConfig(r -> r.functionName(name));
                },
                answer(200)
                        .keys(
                                "",
                                "AuthType",
                                "CreationTime",
                                "FunctionArn",
                                "FunctionUrl",
                                "InvokeMode",
                                "LastModifiedTime")
                        .value("InvokeMode", "BUFFERED")));
        out.add(c(
                "CreateFunctionUrlConfig.duplicate",
                "[API] TestLambdaUrl::test_url_config_lifecycle → failed_duplication",
                ctx -> {
                    String name = ctx.function("url-twice");
                    for (int i = 0; i < 2; i++) {
                        ctx.lambda()
                                .createFunctionUrlConfig(
                                        r -> r.functionName(name).authType(FunctionUrlAuthType.NONE));
                    }
                    return null;
                },
                failure(
                        409,
                        "ResourceConflictException",
                        "Failed to create function url config for [functionArn = " + arn("url-twice")
                                + "]. Error message:  FunctionUrlConfig exists for this Lambda function")));
        out.add(c(
                "CreateFunctionUrlConfig.invokeMode",
                "[INV] TestLambdaURL::test_lambda_url_invalid_invoke_mode",
                ctx -> ctx.lambda()
                        .createFunctionUrlConfig(r -> r.functionName(FN)
                                .authType(FunctionUrlAuthType.NONE)
                                .invokeMode("UNKNOWN")),
                validation(oneViolation(
                        "UNKNOWN", "invokeMode", "Member must satisfy enum value set: [RESPONSE_STREAM, BUFFERED]"))));
        out.add(c(
                "ListFunctionUrlConfigs.absent",
                "[API] TestLambdaUrl::test_url_config_list_paging → list_function_notfound",
                ctx -> ctx.lambda().listFunctionUrlConfigs(r -> r.functionName("doesnotexist")),
                notFound("Function does not exist")));
        return out;
    }

    /** {@code N:message} not found, {@code I:message} invalid parameter, {@code V:qualifier} the qualifier pattern. */
    private static ParityCase.Expected urlAnswer(String spec) {
        String rest = spec.substring(2);
        return switch (spec.charAt(0)) {
            case 'N' -> notFound(rest);
            case 'I' -> invalidParameter(rest);
            default -> validation(oneViolation(rest, "qualifier", pattern(URL_QUALIFIER)));
        };
    }

    private static List<ParityCase> layers() {
        List<ParityCase> out = new ArrayList<>();
        String l = layerArn(LAYER);
        out.add(c(
                "PublishLayerVersion.response",
                "§2.17 [API] TestLambdaLayer::test_layer_s3_content (compatibility lists omitted when not sent)",
                ctx -> ctx.lambda()
                        .publishLayerVersion(r -> r.layerName(ctx.freshName("layer"))
                                .content(c -> c.zipFile(SdkBytes.fromByteArray(ParityContext.ZIP)))),
                answer(201)
                        .keys("", "Content", "CreatedDate", "Description", "LayerArn", "LayerVersionArn", "Version")
                        .keys("Content", "CodeSha256", "CodeSize", "Location")
                        .value("Description", "")));
        String archConstraint = "Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64],"
                + " Member must not be null]";
        out.add(c(
                "PublishLayerVersion.invalidRuntimeAndArchitecture",
                LAYERS + " → publish_layer_version_exc_invalid_runtime_arch",
                ctx -> ctx.lambda()
                        .publishLayerVersion(r -> r.layerName(LAYER)
                                .content(c -> c.zipFile(SdkBytes.fromByteArray(ParityContext.ZIP)))
                                .compatibleRuntimesWithStrings("invalidruntime")
                                .compatibleArchitecturesWithStrings("invalidarch")),
                validation("2 validation errors detected: "
                        + ParityCase.clause(
                                "[invalidruntime]",
                                "compatibleRuntimes",
                                "Member must satisfy enum value set: " + FunctionCases.RUNTIMES)
                        + "; " + ParityCase.clause("[invalidarch]", "compatibleArchitectures", archConstraint))));
        out.add(c(
                "GetLayerVersion.layerAbsent",
                LAYERS + " → get_layer_version_exc_layer_doesnotexist",
                ctx -> ctx.lambda()
                        .getLayerVersion(r -> r.layerName("layerdoesnotexist").versionNumber(1L)),
                notFound(GONE)));
        for (long v : new long[] {-1, 0}) {
            out.add(c(
                    "GetLayerVersion.version" + v,
                    LAYERS,
                    ctx -> ctx.lambda().getLayerVersion(r -> r.layerName(LAYER).versionNumber(v)),
                    invalidParameter("Layer Version Cannot be less than 1")));
        }
        out.add(c(
                "GetLayerVersion.versionAbsent",
                LAYERS + " → get_layer_version_exc_layer_version_doesnotexist_2",
                ctx -> ctx.lambda().getLayerVersion(r -> r.layerName(LAYER).versionNumber(2L)),
                notFound(GONE)));
        out.add(c(
                "GetLayerVersionByArn.noVersion",
                LAYERS + " → get_layer_version_by_arn_exc_invalidarn",
                ctx -> ctx.lambda().getLayerVersionByArn(r -> r.arn(l)),
                validation(oneViolation(l, "arn", pattern(FunctionCases.LAYER_PATTERN)))));
        out.add(c(
                "GetLayerVersionByArn.versionAbsent",
                LAYERS + " → get_layer_version_by_arn_exc_nonexistentversion",
                ctx -> ctx.lambda().getLayerVersionByArn(r -> r.arn(l + ":2")),
                notFound(GONE)));
        out.add(c(
                "ListLayers.architecture",
                LAYERS + " → list_layers_exc_compatiblearchitecture_invalid",
                ctx -> ctx.lambda().listLayers(r -> r.compatibleArchitecture("archdoesnotexist")),
                validation(oneViolation(
                        "archdoesnotexist",
                        "compatibleArchitecture",
                        "Member must satisfy enum value set: [x86_64, arm64]"))));
        out.add(c(
                "ListLayerVersions.unknown",
                "§2.17 {\"LayerVersions\": []} for an unknown layer",
                ctx -> ctx.lambda().listLayerVersions(r -> r.layerName("layerdoesnotexist")),
                answer(200).keys("", "LayerVersions")));
        out.add(c(
                "DeleteLayerVersion.negative",
                LAYERS + " → delete_layer_version_exc_layerversion_invalid_version",
                ctx -> ctx.lambda().deleteLayerVersion(r -> r.layerName(LAYER).versionNumber(-1L)),
                invalidParameter("Layer Version Cannot be less than 1")));
        out.add(c(
                "DeleteLayerVersion.absent",
                "§2.17 DeleteLayerVersion idempotent",
                ctx -> ctx.lambda()
                        .deleteLayerVersion(
                                r -> r.layerName("layerdoesnotexist").versionNumber(1L)),
                answer(204)));
        out.add(c(
                "AddLayerVersionPermission.action",
                LAYER_POLICY + " → layer_permission_action_invalid",
                ctx -> ctx.lambda()
                        .addLayerVersionPermission(r -> r.layerName(LAYER)
                                .versionNumber(1L)
                                .statementId("s1")
                                .action("*")
                                .principal("*")),
                validation(oneViolation("*", "action", pattern("lambda:GetLayerVersion")))));
        out.add(c(
                "AddLayerVersionPermission.revision",
                LAYER_POLICY + " → layer_permission_wrong_revision",
                ctx -> ctx.lambda()
                        .addLayerVersionPermission(r -> r.layerName(LAYER)
                                .versionNumber(1L)
                                .statementId("s2")
                                .action("lambda:GetLayerVersion")
                                .principal("*")
                                .revisionId("wrong")),
                failure(
                        412,
                        "PreconditionFailedException",
                        "The Revision Id provided does not match the latest Revision Id. Call the GetLayerPolicy API"
                                + " to retrieve the latest Revision Id")));
        for (String op : List.of("Add", "Get", "Remove")) {
            out.add(c(
                    op + "LayerVersionPermission.layerAbsent",
                    LAYER_POLICY + " → layer_permission_layername_doesnotexist_" + op.toLowerCase(),
                    ctx -> layerPermission(ctx, op, LAYER + "-doesnotexist", 1),
                    notFound("Layer version " + l + "-doesnotexist:1 does not exist.")));
            out.add(c(
                    op + "LayerVersionPermission.versionAbsent",
                    LAYER_POLICY + " → layer_permission_layerversion_doesnotexist_" + op.toLowerCase(),
                    ctx -> layerPermission(ctx, op, LAYER, 2),
                    notFound("Layer version " + l + ":2 does not exist.")));
        }
        out.add(c(
                "GetLayerVersionPolicy.none",
                LAYER_POLICY + " → layer_permission_nopolicy_get",
                ctx -> ctx.lambda()
                        .getLayerVersionPolicy(r -> r.layerName(LAYER).versionNumber(1L)),
                notFound("No policy is associated with the given resource.")));
        return out;
    }

    private static software.amazon.awssdk.core.SdkResponse layerPermission(
            ParityContext ctx, String op, String layer, long version) {
        return switch (op) {
            case "Add" ->
                ctx.lambda()
                        .addLayerVersionPermission(r -> r.layerName(layer)
                                .versionNumber(version)
                                .statementId("s9")
                                .action("lambda:GetLayerVersion")
                                .principal("*"));
            case "Get" ->
                ctx.lambda().getLayerVersionPolicy(r -> r.layerName(layer).versionNumber(version));
            default ->
                ctx.lambda()
                        .removeLayerVersionPermission(
                                r -> r.layerName(layer).versionNumber(version).statementId("s9"));
        };
    }
}

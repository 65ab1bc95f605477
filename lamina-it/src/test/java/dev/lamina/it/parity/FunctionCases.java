package dev.lamina.it.parity;

import static dev.lamina.it.parity.NameMatrixCases.P_CREATE;
import static dev.lamina.it.parity.NameMatrixCases.P_READ;
import static dev.lamina.it.parity.ParityCase.answer;
import static dev.lamina.it.parity.ParityCase.failure;
import static dev.lamina.it.parity.ParityCase.invalidParameter;
import static dev.lamina.it.parity.ParityCase.notFound;
import static dev.lamina.it.parity.ParityCase.oneViolation;
import static dev.lamina.it.parity.ParityCase.pattern;
import static dev.lamina.it.parity.ParityCase.validation;
import static dev.lamina.it.parity.ParityContext.ACCOUNT;
import static dev.lamina.it.parity.ParityContext.ALIAS;
import static dev.lamina.it.parity.ParityContext.FN;
import static dev.lamina.it.parity.ParityContext.REGION;
import static dev.lamina.it.parity.ParityContext.arn;
import static dev.lamina.it.parity.ParityContext.create;
import static dev.lamina.it.parity.ParityContext.layerArn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.InvocationType;

/** CreateFunction, GetFunction(Configuration), updates, DeleteFunction, lists, PublishVersion, Invoke (facts §1.8–2.9, 2.18–2.19). */
final class FunctionCases {
    static final String ROLE_PATTERN = "arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+";
    static final String RUNTIMES = "[nodejs20.x, python3.14, provided.al2023, python3.12, python3.13, nodejs24.x,"
            + " nodejs22.x, java25, python3.10, python3.11, java21, ruby3.3, ruby3.4, ruby3.2, python3.8, python3.9,"
            + " java17, nodejs16.x, dotnet10, dotnet8, java11, dotnet6, nodejs18.x, provided.al2, java8.al2]";
    static final String LAYER_PATTERN =
            "(arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+)";
    private static final String REVISION = "The Revision Id provided does not match the latest Revision Id. Call the"
            + " GetFunction/GetAlias API to retrieve the latest Revision Id";
    private static final String DERIVED =
            "The derived qualifier from the function name does not match the specified qualifier.";

    /** Keys of every Zip function configuration (§1.9), without the state keys. */
    private static final String[] BASE = {
        "Architectures",
        "CodeSha256",
        "CodeSize",
        "Description",
        "EphemeralStorage",
        "FunctionArn",
        "FunctionName",
        "Handler",
        "LastModified",
        "LoggingConfig",
        "MemorySize",
        "PackageType",
        "RevisionId",
        "Role",
        "Runtime",
        "SnapStart",
        "Timeout",
        "TracingConfig",
        "Version"
    };

    private FunctionCases() {}

    static String[] keys(String... extra) {
        List<String> all = new ArrayList<>(List.of(BASE));
        all.addAll(List.of(extra));
        return all.toArray(String[]::new);
    }

    /** The configuration of a function just created (§1.8: Pending, no LastUpdateStatus). */
    static String[] created(String... extra) {
        List<String> all = new ArrayList<>(List.of("RuntimeVersionConfig", "State", "StateReason", "StateReasonCode"));
        all.addAll(List.of(extra));
        return keys(all.toArray(String[]::new));
    }

    /** The configuration of an Active function whose last update finished. */
    static String[] active(String... extra) {
        List<String> all = new ArrayList<>(List.of("RuntimeVersionConfig", "State", "LastUpdateStatus"));
        all.addAll(List.of(extra));
        return keys(all.toArray(String[]::new));
    }

    private static String[] updating() {
        return keys(
                "RuntimeVersionConfig",
                "State",
                "LastUpdateStatus",
                "LastUpdateStatusReason",
                "LastUpdateStatusReasonCode");
    }

    static List<ParityCase> cases() {
        List<ParityCase> out = new ArrayList<>();
        out.addAll(creates());
        out.addAll(read());
        out.addAll(update());
        out.addAll(deleteAndList());
        out.addAll(invoke());
        return out;
    }

    private static ParityCase c(String id, String source, ParityCase.Scenario s, ParityCase.Expected e) {
        return new ParityCase(id, source, s, e);
    }

    private static List<ParityCase> creates() {
        List<ParityCase> out = new ArrayList<>();
        String api = "[API] TestLambdaFunction::test_create_lambda_exceptions";
        out.add(c(
                "CreateFunction.response",
                "§1.8/§1.9 [API] TestLambdaFunction::test_lambda_code_location_zipfile",
                ctx -> ctx.lambda()
                        .createFunction(create(ctx.freshName("create")).build()),
                answer(201)
                        .keys("", created())
                        .value("State", "Pending")
                        .value("StateReason", "The function is being created.")
                        .value("StateReasonCode", "Creating")
                        .value("Description", "")
                        .value("MemorySize", "128")
                        .value("Timeout", "3")
                        .value("Architectures", "[x86_64]")
                        .value("EphemeralStorage.Size", "512")
                        .value("TracingConfig.Mode", "PassThrough")
                        .value("SnapStart.ApplyOn", "None")
                        .value("SnapStart.OptimizationStatus", "Off")
                        .value("LoggingConfig.LogFormat", "Text")
                        .value("PackageType", "Zip")
                        .value("Version", "$LATEST")));
        out.add(c(
                "CreateFunction.emptyEnvironment",
                "§1.9 Environment: {\"Variables\": {}} when sent empty",
                ctx -> ctx.lambda()
                        .createFunction(create(ctx.freshName("env"))
                                .environment(e -> e.variables(Map.of()))
                                .build()),
                answer(201).keys("", created("Environment")).keys("Environment", "Variables")));
        out.add(c(
                "CreateFunction.publish",
                "§2.1 [API] TestLambdaVersions::test_publish_version_on_create",
                ctx -> {
                    String name = ctx.freshName("pub");
                    var r = ctx.lambda()
                            .createFunction(create(name).publish(true).build());
                    ctx.lambda().waiter().waitUntilFunctionActiveV2(w -> w.functionName(name));
                    return r;
                },
                answer(201).keys("", created()).value("Version", "1").value("State", "Pending")));
        out.add(c(
                "CreateFunction.arm64",
                "§2.1 Architectures=[arm64] accepted and echoed ([INV] TestLambdaBehavior::test_mixed_architecture)",
                ctx -> ctx.lambda()
                        .createFunction(create(ctx.freshName("arm"))
                                .architecturesWithStrings("arm64")
                                .build()),
                answer(201).keys("", created()).value("Architectures", "[arm64]")));
        out.add(c(
                "CreateFunction.tracingActive",
                "§2.1 TracingConfig Active (issue 13: AWS answers Active)",
                ctx -> ctx.lambda()
                        .createFunction(create(ctx.freshName("xray"))
                                .tracingConfig(t -> t.mode("Active"))
                                .build()),
                answer(201).keys("", created()).value("TracingConfig.Mode", "Active")));
        out.add(c(
                "CreateFunction.image",
                "§2.1 [API] TestLambdaImages::test_lambda_image_crud",
                ctx -> ctx.lambda()
                        .createFunction(r -> r.functionName(ctx.freshName("image"))
                                .role(ParityContext.ROLE)
                                .packageType("Image")
                                .code(code -> code.imageUri(
                                        ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com/parity:latest"))),
                answer(201)
                        .keys(
                                "",
                                "Architectures",
                                "CodeSha256",
                                "CodeSize",
                                "Description",
                                "EphemeralStorage",
                                "FunctionArn",
                                "FunctionName",
                                "LastModified",
                                "LoggingConfig",
                                "MemorySize",
                                "PackageType",
                                "RevisionId",
                                "Role",
                                "SnapStart",
                                "State",
                                "StateReason",
                                "StateReasonCode",
                                "Timeout",
                                "TracingConfig",
                                "Version")));
        out.add(c(
                "CreateFunction.role",
                api + " → invalid_role_arn_exc",
                ctx -> ctx.lambda()
                        .createFunction(create(ctx.freshName("x")).role("r1").build()),
                validation(oneViolation("r1", "role", pattern(ROLE_PATTERN)))));
        for (String runtime : List.of("non-existent-runtime", "PYTHON3.9")) {
            out.add(c(
                    "CreateFunction.runtime." + runtime,
                    api,
                    ctx -> ctx.lambda()
                            .createFunction(
                                    create(ctx.freshName("x")).runtime(runtime).build()),
                    invalidParameter("Value " + runtime + " at 'runtime' failed to satisfy constraint: Member must"
                            + " satisfy enum value set: " + RUNTIMES + " or be a valid ARN")));
        }
        out.add(c(
                "CreateFunction.twoArchitectures",
                api + " → multiple_architectures",
                ctx -> ctx.lambda()
                        .createFunction(create(ctx.freshName("x"))
                                .architecturesWithStrings("x86_64", "arm64")
                                .build()),
                validation(oneViolation(
                        "[x86_64, arm64]", "architectures", "Member must have length less than or equal to 1"))));
        out.add(c(
                "CreateFunction.uppercaseArchitecture",
                api + " → uppercase_architecture",
                ctx -> ctx.lambda()
                        .createFunction(create(ctx.freshName("x"))
                                .architecturesWithStrings("X86_64")
                                .build()),
                validation(oneViolation(
                        "[X86_64]",
                        "architectures",
                        "Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64],"
                                + " Member must not be null]"))));
        out.add(c(
                "CreateFunction.notAZip",
                api + " → invalid_zip_exc",
                ctx -> ctx.lambda()
                        .createFunction(create(ctx.freshName("x"))
                                .code(code -> code.zipFile(SdkBytes.fromUtf8String("this is not a zip")))
                                .build()),
                invalidParameter("Could not unzip uploaded file. Please check your file, then try to upload again.")));
        out.add(c(
                "CreateFunction.sixLayers",
                "§2.1 [API] TestLambdaLayer::test_layer_function_quota_exception",
                ctx -> ctx.lambda()
                        .createFunction(create(ctx.freshName("x"))
                                .layers(IntStream.rangeClosed(1, 6)
                                        .mapToObj(i -> layerArn("quota-" + i) + ":1")
                                        .toList())
                                .build()),
                invalidParameter("Cannot reference more than 5 layers.")));
        out.add(c(
                "CreateFunction.layerOtherRegion",
                "§2.1 [API] TestLambdaLayer::test_layer_function_exceptions",
                ctx -> ctx.lambda()
                        .createFunction(create(ctx.freshName("x"))
                                .layers("arn:aws:lambda:eu-central-1:" + ACCOUNT + ":layer:elsewhere:1")
                                .build()),
                invalidParameter("Layers are not in the same region as the function. Layers are expected to be in"
                        + " region " + REGION + ".")));
        out.add(c(
                "CreateFunction.snapStart",
                "§2.1 [API] TestLambdaSnapStart::test_snapstart_exceptions",
                ctx -> ctx.lambda()
                        .createFunction(create(ctx.freshName("x"))
                                .runtime("java21")
                                .handler("example.Handler::handleRequest")
                                .snapStart(s -> s.applyOn("invalidOption"))
                                .build()),
                validation(oneViolation(
                        "invalidOption",
                        "snapStart.applyOn",
                        "Member must satisfy enum value set: [PublishedVersions, None]"))));
        String fnArns = "[API] TestLambdaFunction::test_function_arns";
        out.add(c(
                "CreateFunction.nameWithColons",
                fnArns + " → invalid_function_name_exc",
                ctx -> ctx.lambda()
                        .createFunction(create("invalid:function:name").build()),
                validation(oneViolation("invalid:function:name", "functionName", pattern(P_CREATE)))));
        String longArn = arn("a".repeat(141 - arn("").length()));
        out.add(c(
                "CreateFunction.arn141",
                fnArns + " → long_function_arn_exc",
                ctx -> ctx.lambda().createFunction(create(longArn).build()),
                validation(
                        oneViolation(longArn, "functionName", "Member must have length less than or equal to 140"))));
        out.add(c(
                "CreateFunction.otherRegion",
                fnArns + " → function_arn_other_region_exc",
                ctx -> ctx.lambda()
                        .createFunction(create("arn:aws:lambda:ap-southeast-1:" + ACCOUNT + ":function:elsewhere")
                                .build()),
                notFound("Functions from 'ap-southeast-1' are not reachable in this region ('" + REGION + "')")));
        out.add(c(
                "CreateFunction.otherAccount",
                fnArns + " → function_arn_other_account_exc",
                ctx -> ctx.lambda()
                        .createFunction(create("arn:aws:lambda:" + REGION + ":123456789012:function:theirs")
                                .build()),
                failure(403, "AccessDeniedException", null)));
        String big = "x".repeat(4081);
        out.add(c(
                "CreateFunction.environment4097",
                "§2.1 [API] TestLambdaSizeLimits::test_large_environment_variables_fails",
                ctx -> ctx.lambda()
                        .createFunction(create(ctx.freshName("x"))
                                .environment(e -> e.variables(Map.of("LARGE_VAR", big)))
                                .build()),
                invalidParameter("Lambda was unable to configure your environment variables because the environment"
                        + " variables you have provided exceeded the 4KB limit. String measured: {\"LARGE_VAR\":\""
                        + big + "\"}")));
        out.add(c(
                "CreateFunction.environment4096",
                "§2.1 [API] TestLambdaSizeLimits::test_lambda_envvars_near_limit_succeeds",
                ctx -> ctx.lambda()
                        .createFunction(create(ctx.freshName("env"))
                                .environment(e -> e.variables(Map.of("LARGE_VAR", "x".repeat(4080))))
                                .build()),
                answer(201).keys("", created("Environment"))));
        out.add(c(
                "CreateFunction.tags51",
                "§2.1 [API] TestLambdaTags::test_tag_limits",
                ctx -> {
                    Map<String, String> tags = new HashMap<>();
                    IntStream.range(0, 51).forEach(i -> tags.put("k" + i, "v"));
                    return ctx.lambda()
                            .createFunction(
                                    create(ctx.freshName("x")).tags(tags).build());
                },
                invalidParameter("Number of tags exceeds resource tag limit.")));
        for (String runtime : List.of(
                "java8", "go1.x", "provided", "ruby2.7", "nodejs14.x", "python3.7", "dotnetcore3.1", "nodejs12.x")) {
            out.add(c(
                    "CreateFunction.deprecated." + runtime,
                    "§2.1 [API] TestRuntimeValidation::test_create_deprecated_function_runtime_with_validation_enabled",
                    ctx -> ctx.lambda()
                            .createFunction(
                                    create(ctx.freshName("x")).runtime(runtime).build()),
                    invalidParameter("The runtime parameter of " + runtime + " is no longer supported for creating or"
                            + " updating AWS Lambda functions. We recommend you use a supported runtime while"
                            + " creating or updating functions.")));
        }
        out.add(c(
                "CreateFunction.s3Bucket",
                "§2.1 [API] TestLambdaFunction::test_lambda_code_location_s3_errors → create-error-wrong-bucket",
                ctx -> ctx.lambda()
                        .createFunction(create(ctx.freshName("x"))
                                .code(code ->
                                        code.s3Bucket("parity-no-such-bucket").s3Key("code.zip"))
                                .build()),
                invalidParameter("Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The"
                        + " specified bucket does not exist")));
        return out;
    }

    private static List<ParityCase> read() {
        List<ParityCase> out = new ArrayList<>();
        String mismatch = "[API] TestLambdaFunction::test_ops_with_arn_qualifier_mismatch";
        out.add(c(
                "GetFunction.response",
                "§2.2",
                ctx -> ctx.lambda().getFunction(r -> r.functionName(FN)),
                answer(200)
                        .keys("", "Code", "Configuration")
                        .keys("Code", "Location", "RepositoryType")
                        .keys("Configuration", active())
                        .value("Configuration.State", "Active")
                        .value("Configuration.LastUpdateStatus", "Successful")
                        .value("Configuration.FunctionArn", arn(FN))));
        out.add(c(
                "GetFunction.tags",
                "§2.2 Tags only when the function has tags",
                ctx -> {
                    String name = ctx.freshFunction("tagged");
                    ctx.lambda().tagResource(r -> r.resource(arn(name)).tags(Map.of("team", "a")));
                    return ctx.lambda().getFunction(r -> r.functionName(name));
                },
                answer(200).keys("", "Code", "Configuration", "Tags")));
        out.add(c(
                "GetFunction.latestQualifier",
                "§1.9 FunctionArn: explicit $LATEST qualifier → …:$LATEST",
                ctx -> ctx.lambda().getFunction(r -> r.functionName(FN).qualifier("$LATEST")),
                answer(200).value("Configuration.FunctionArn", arn(FN) + ":$LATEST")));
        out.add(c(
                "GetFunction.alias",
                "§2.2 alias → alias ARN, resolved Version",
                ctx -> ctx.lambda().getFunction(r -> r.functionName(FN).qualifier(ALIAS)),
                answer(200)
                        .value("Configuration.FunctionArn", arn(FN) + ":" + ALIAS)
                        .value("Configuration.Version", "1")));
        for (String op : List.of("GetFunction", "GetFunctionConfiguration")) {
            boolean whole = op.equals("GetFunction");
            out.add(c(
                    op + ".derivedQualifierMismatch",
                    mismatch + " → not_match_exception",
                    ctx -> get(ctx, whole, arn("some-function") + ":1", "$LATEST"),
                    invalidParameter(DERIVED)));
            out.add(c(
                    op + ".derivedQualifierMatch",
                    mismatch + " → match_exception",
                    ctx -> get(ctx, whole, arn("some-function") + ":$LATEST", "$LATEST"),
                    notFound("Function not found: " + arn("some-function") + ":$LATEST")));
            out.add(c(
                    op + ".versionAbsent",
                    "[API] TestLambdaFunction::test_ops_on_nonexisting_version",
                    ctx -> get(ctx, whole, FN, "1221"),
                    notFound("Function not found: " + arn(FN) + ":1221")));
            out.add(c(
                    op + ".neverExisted",
                    "[API] TestLambdaFunction::test_ops_on_nonexisting_fn",
                    ctx -> get(ctx, whole, "parity-never", null),
                    notFound("Function not found: " + arn("parity-never"))));
            out.add(c(
                    op + ".otherRegion",
                    "[API] TestLambdaFunction::test_get_function_wrong_region",
                    ctx -> get(ctx, whole, "arn:aws:lambda:eu-central-1:" + ACCOUNT + ":function:" + FN, null),
                    notFound("Functions from 'eu-central-1' are not reachable in this region ('" + REGION + "')")));
        }
        out.add(c(
                "GetFunction.aliasAbsent",
                "[API] TestLambdaAlias::test_alias_lifecycle → get_function_alias_notfound_exc",
                ctx -> ctx.lambda().getFunction(r -> r.functionName(FN).qualifier("aliasdoesnotexist")),
                notFound("Function not found: " + arn(FN) + ":aliasdoesnotexist")));
        out.add(c(
                "GetFunction.aliasArnAbsent",
                "[API] TestLambdaAlias::test_alias_lifecycle → get_function_alias_byarn_notfound_exc",
                ctx -> ctx.lambda().getFunction(r -> r.functionName(arn(FN) + ":aliasdoesnotexist")),
                notFound("Function not found: " + arn(FN) + ":aliasdoesnotexist")));
        out.add(c(
                "GetFunctionConfiguration.response",
                "§2.3",
                ctx -> ctx.lambda().getFunctionConfiguration(r -> r.functionName(FN)),
                answer(200).keys("", active()).value("LastUpdateStatus", "Successful")));
        return out;
    }

    private static software.amazon.awssdk.core.SdkResponse get(
            ParityContext ctx, boolean whole, String name, String qualifier) {
        return whole
                ? ctx.lambda().getFunction(r -> r.functionName(name).qualifier(qualifier))
                : ctx.lambda()
                        .getFunctionConfiguration(r -> r.functionName(name).qualifier(qualifier));
    }

    private static List<ParityCase> update() {
        List<ParityCase> out = new ArrayList<>();
        String exc = "[API] TestLambdaFunction::test_update_lambda_exceptions";
        out.add(c(
                "UpdateFunctionCode.response",
                "§2.4",
                ctx -> {
                    String name = ctx.freshFunction("code");
                    return ctx.lambda()
                            .updateFunctionCode(r -> r.functionName(name)
                                    .zipFile(SdkBytes.fromByteArray(
                                            dev.lamina.it.Zips.of("app.py", "def handler(e, c):\n    return 2\n")
                                                    .bytes())));
                },
                answer(200)
                        .keys("", updating())
                        .value("State", "Active")
                        .value("LastUpdateStatus", "InProgress")
                        .value("LastUpdateStatusReason", "The function is being created.")
                        .value("LastUpdateStatusReasonCode", "Creating")));
        out.add(c(
                "UpdateFunctionCode.arm64",
                "§1.9 [INV] TestLambdaBehavior::test_mixed_architecture → update_function_code_response",
                ctx -> {
                    String name = ctx.freshFunction("code");
                    return ctx.lambda()
                            .updateFunctionCode(r -> r.functionName(name)
                                    .architecturesWithStrings("arm64")
                                    .zipFile(SdkBytes.fromByteArray(ParityContext.ZIP)));
                },
                answer(200).value("Architectures", "[arm64]")));
        out.add(c(
                "UpdateFunctionCode.revision",
                "[API] TestLambdaRevisions::test_function_revisions_basic",
                ctx -> ctx.lambda()
                        .updateFunctionCode(r -> r.functionName(FN)
                                .revisionId("wrong")
                                .zipFile(SdkBytes.fromByteArray(ParityContext.ZIP))),
                failure(412, "PreconditionFailedException", REVISION)));
        out.add(c(
                "UpdateFunctionCode.imageUriOnZip",
                "[API] TestLambdaImages::test_lambda_zip_file_to_image",
                ctx -> ctx.lambda()
                        .updateFunctionCode(r -> r.functionName(FN)
                                .imageUri(ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com/parity:latest")),
                invalidParameter("Please don't provide ImageUri when updating a function with packageType Zip.")));
        out.add(c(
                "UpdateFunctionCode.s3Bucket",
                "[API] TestLambdaFunction::test_lambda_code_location_s3_errors → update-error-wrong-bucket",
                ctx -> ctx.lambda()
                        .updateFunctionCode(r -> r.functionName(FN)
                                .s3Bucket("parity-no-such-bucket")
                                .s3Key("c.zip")),
                invalidParameter("Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The"
                        + " specified bucket does not exist")));
        out.add(c(
                "UpdateFunctionConfiguration.response",
                "§2.5",
                ctx -> {
                    String name = ctx.freshFunction("conf");
                    return ctx.lambda()
                            .updateFunctionConfiguration(
                                    r -> r.functionName(name).description("changed"));
                },
                answer(200).keys("", updating()).value("LastUpdateStatus", "InProgress")));
        out.add(c(
                "UpdateFunctionConfiguration.role",
                exc + " → invalid_role_arn_exc",
                ctx -> ctx.lambda()
                        .updateFunctionConfiguration(r -> r.functionName(FN).role("r1")),
                validation(oneViolation("r1", "role", pattern(ROLE_PATTERN)))));
        for (String runtime : List.of("non-existent-runtime", "PYTHON3.9")) {
            out.add(c(
                    "UpdateFunctionConfiguration.runtime." + runtime,
                    exc,
                    ctx -> ctx.lambda()
                            .updateFunctionConfiguration(r -> r.functionName(FN).runtime(runtime)),
                    invalidParameter("Value " + runtime + " at 'runtime' failed to satisfy constraint: Member must"
                            + " satisfy enum value set: " + RUNTIMES + " or be a valid ARN")));
        }
        String layers = "[API] TestLambdaLayer::test_layer_function_exceptions";
        String l = layerArn(ParityContext.LAYER);
        out.add(c(
                "UpdateFunctionConfiguration.layerAbsent",
                layers + " → add_nonexistent_layer_exc",
                ctx -> ctx.lambda()
                        .updateFunctionConfiguration(r -> r.functionName(FN).layers(layerArn("doesnotexist") + ":1")),
                invalidParameter("Layer version " + layerArn("doesnotexist") + ":1 does not exist.")));
        out.add(c(
                "UpdateFunctionConfiguration.layerVersionAbsent",
                layers + " → add_nonexistent_layer_version_exc",
                ctx -> ctx.lambda()
                        .updateFunctionConfiguration(r -> r.functionName(FN).layers(l + ":9")),
                invalidParameter("Layer version " + l + ":9 does not exist.")));
        out.add(c(
                "UpdateFunctionConfiguration.sameLayerTwice",
                layers + " → two_identical_layer_versions_single_function_exc",
                ctx -> ctx.lambda()
                        .updateFunctionConfiguration(r -> r.functionName(FN).layers(l + ":1", l + ":1")),
                invalidParameter("Two different versions of the same layer are not allowed to be referenced in the"
                        + " same function. " + l + ":1 and " + l + ":1 are versions of the same layer.")));
        out.add(c(
                "UpdateFunctionConfiguration.layerWithoutVersion",
                layers + " → add_layer_arn_without_version_exc",
                ctx -> ctx.lambda()
                        .updateFunctionConfiguration(r -> r.functionName(FN).layers(l)),
                validation(oneViolation(
                        "[" + l + "]",
                        "layers",
                        "Member must satisfy constraint: [Member must have length less than or equal to 2048, Member"
                                + " must have length greater than or equal to 1, Member must satisfy regular"
                                + " expression pattern: " + LAYER_PATTERN + ", Member must not be null]"))));
        out.add(c(
                "UpdateFunctionConfiguration.revision",
                "[API] TestLambdaRevisions::test_function_revisions_basic",
                ctx -> ctx.lambda()
                        .updateFunctionConfiguration(
                                r -> r.functionName(FN).revisionId("wrong").description("x")),
                failure(412, "PreconditionFailedException", REVISION)));
        out.add(c(
                "PublishVersion.response",
                "§2.8",
                ctx -> ctx.lambda().publishVersion(r -> r.functionName(ctx.freshFunction("pv"))),
                answer(201)
                        .keys("", active())
                        .value("Version", "1")
                        .value("State", "Active")
                        .value("LastUpdateStatus", "Successful")));
        out.add(c(
                "PublishVersion.sha256",
                "[API] TestLambdaVersions::test_publish_with_wrong_sha256",
                ctx -> ctx.lambda().publishVersion(r -> r.functionName(FN).codeSha256("somenonexistentsha256")),
                invalidParameter("CodeSHA256 (somenonexistentsha256) is different from current CodeSHA256 in $LATEST ("
                        + ParityContext.zipSha256() + "). Please try again with the CodeSHA256 in $LATEST.")));
        out.add(c(
                "PublishVersion.revision",
                "[API] TestLambdaRevisions::test_function_revisions_version_and_alias",
                ctx -> ctx.lambda().publishVersion(r -> r.functionName(FN).revisionId("wrong")),
                failure(412, "PreconditionFailedException", REVISION)));
        return out;
    }

    private static List<ParityCase> deleteAndList() {
        List<ParityCase> out = new ArrayList<>();
        out.add(c(
                "DeleteFunction.response",
                "§2.6",
                ctx -> ctx.lambda().deleteFunction(r -> r.functionName(ctx.freshFunction("del"))),
                answer(204).keys("", "StatusCode")));
        out.add(c(
                "DeleteFunction.twice",
                "[API] TestLambdaFunction::test_function_lifecycle → delete_postdelete",
                ctx -> {
                    String name = ctx.function("deleted-twice");
                    ctx.lambda().deleteFunction(r -> r.functionName(name));
                    return ctx.lambda().deleteFunction(r -> r.functionName(name));
                },
                notFound("Function not found: " + arn("deleted-twice"))));
        out.add(c(
                "DeleteFunction.versionAbsent",
                "[API] TestLambdaFunction::test_delete_on_nonexisting_version",
                ctx -> ctx.lambda().deleteFunction(r -> r.functionName(FN).qualifier("1233")),
                answer(204)));
        out.add(c(
                "DeleteFunction.versionOfDeleted",
                "[API] TestLambdaFunction::test_delete_on_nonexisting_version → delete_function_response_non_existent_with_qualifier",
                ctx -> {
                    String name = ctx.function("deleted-then-version");
                    ctx.lambda().deleteFunction(r -> r.functionName(name));
                    return ctx.lambda().deleteFunction(r -> r.functionName(name).qualifier("1233"));
                },
                notFound("Function not found: " + arn("deleted-then-version"))));
        String mismatch = "[API] TestLambdaFunction::test_ops_with_arn_qualifier_mismatch[delete_function]";
        out.add(c(
                "DeleteFunction.derivedQualifierMismatch",
                mismatch,
                ctx -> ctx.lambda()
                        .deleteFunction(
                                r -> r.functionName(arn("some-function") + ":1").qualifier("$LATEST")),
                invalidParameter(DERIVED)));
        out.add(c(
                "DeleteFunction.latest",
                mismatch + " → match_exception",
                ctx -> ctx.lambda()
                        .deleteFunction(r -> r.functionName(arn("some-function") + ":$LATEST")
                                .qualifier("$LATEST")),
                invalidParameter("$LATEST version cannot be deleted without deleting the function.")));
        out.add(c(
                "DeleteFunction.otherRegion",
                "[API] TestLambdaFunction::test_get_function_wrong_region[delete_function]",
                ctx -> ctx.lambda()
                        .deleteFunction(
                                r -> r.functionName("arn:aws:lambda:eu-central-1:" + ACCOUNT + ":function:" + FN)),
                notFound("Functions from 'eu-central-1' are not reachable in this region ('" + REGION + "')")));
        out.add(c(
                "ListFunctions.items",
                "§2.7 items without State, LastUpdateStatus, RuntimeVersionConfig",
                ctx -> ctx.lambda().listFunctions(r -> r.maxItems(1)),
                answer(200).keys("Functions.0", keys())));
        out.add(c(
                "ListFunctions.functionVersion",
                "[API] TestLambdaFunction::test_list_functions → list_functions_invalid_functionversion",
                ctx -> ctx.lambda().listFunctions(r -> r.functionVersion("invalid")),
                validation(oneViolation("invalid", "functionVersion", "Member must satisfy enum value set: [ALL]"))));
        out.add(c(
                "ListVersionsByFunction.items",
                "§2.9",
                ctx -> ctx.lambda().listVersionsByFunction(r -> r.functionName(FN)),
                answer(200)
                        .keys("Versions.0", keys())
                        .value("Versions.0.FunctionArn", arn(FN) + ":$LATEST")
                        .value("Versions.1.FunctionArn", arn(FN) + ":1")));
        out.add(c(
                "GetAccountSettings.response",
                "§2.19",
                ctx -> ctx.lambda().getAccountSettings(r -> {}),
                answer(200)
                        .keys("", "AccountLimit", "AccountUsage")
                        .keys(
                                "AccountLimit",
                                "CodeSizeUnzipped",
                                "CodeSizeZipped",
                                "ConcurrentExecutions",
                                "TotalCodeSize",
                                "UnreservedConcurrentExecutions")
                        .keys("AccountUsage", "FunctionCount", "TotalCodeSize")));
        return out;
    }

    private static List<ParityCase> invoke() {
        List<ParityCase> out = new ArrayList<>();
        out.add(c(
                "Invoke.requestResponse",
                "§2.18",
                ctx -> ctx.lambda().invoke(r -> r.functionName(FN)),
                answer(200).keys("", "ExecutedVersion", "Payload", "StatusCode").value("ExecutedVersion", "$LATEST")));
        out.add(c(
                "Invoke.alias",
                "§2.18 ExecutedVersion is the resolved version",
                ctx -> ctx.lambda().invoke(r -> r.functionName(FN).qualifier(ALIAS)),
                answer(200).value("ExecutedVersion", "1")));
        out.add(c(
                "Invoke.event",
                "§2.18",
                ctx -> ctx.lambda().invoke(r -> r.functionName(FN).invocationType(InvocationType.EVENT)),
                answer(202).keys("", "Payload", "StatusCode")));
        out.add(c(
                "Invoke.dryRun",
                "§2.18",
                ctx -> ctx.lambda().invoke(r -> r.functionName(FN).invocationType(InvocationType.DRY_RUN)),
                answer(204).keys("", "Payload", "StatusCode")));
        out.add(c(
                "Invoke.neverExisted",
                "[INV] TestLambdaFeatures::test_invoke_exceptions → invoke_function_doesnotexist",
                ctx -> ctx.lambda().invoke(r -> r.functionName("doesnotexist")),
                notFound("Function not found: " + arn("doesnotexist") + ":$LATEST")));
        out.add(c(
                "Invoke.aliasAbsent",
                "[INV] TestLambdaAliases::test_lambda_alias_moving → invocation_exc_not_existent",
                ctx -> ctx.lambda().invoke(r -> r.functionName(FN).qualifier("non-existent-alias")),
                notFound("Function not found: " + arn(FN) + ":non-existent-alias")));
        String badArn = "arn:aws:lambda:" + REGION + ":123400000000@function:myfn";
        out.add(c(
                "Invoke.namePattern",
                "[API] TestLambdaFunction::test_invalid_invoke",
                ctx -> ctx.lambda().invoke(r -> r.functionName(badArn)),
                validation(oneViolation(badArn, "functionName", pattern(P_READ)))));
        out.add(c(
                "Invoke.otherRegion",
                "[API] TestLambdaFunction::test_get_function_wrong_region[invoke]",
                ctx -> ctx.lambda()
                        .invoke(r -> r.functionName("arn:aws:lambda:eu-central-1:" + ACCOUNT + ":function:" + FN)),
                notFound("Functions from 'eu-central-1' are not reachable in this region ('" + REGION + "')")));
        out.add(c(
                "Invoke.reservedZero",
                "[INV] TestLambdaConcurrency::test_reserved_concurrency → exc_no_cap_requestresponse",
                ctx -> {
                    String name = ctx.freshFunction("zero");
                    ctx.lambda()
                            .putFunctionConcurrency(r -> r.functionName(name).reservedConcurrentExecutions(0));
                    return ctx.lambda().invoke(r -> r.functionName(name));
                },
                failure(429, "TooManyRequestsException", "Rate Exceeded.")));
        out.add(c(
                "Invoke.reservedZeroEvent",
                "[INV] TestLambdaConcurrency::test_reserved_concurrency (Event still 202)",
                ctx -> {
                    String name = ctx.freshFunction("zero");
                    ctx.lambda()
                            .putFunctionConcurrency(r -> r.functionName(name).reservedConcurrentExecutions(0));
                    return ctx.lambda().invoke(r -> r.functionName(name).invocationType(InvocationType.EVENT));
                },
                answer(202)));
        return out;
    }
}

package dev.lamina.it.parity;

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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Aliases, reserved and provisioned concurrency, permissions and tags (facts §2.10–2.14). */
final class ConfigCases {
    private static final String DERIVED =
            "The derived qualifier from the function name does not match the specified qualifier.";
    private static final String ALIASES = "[API] TestLambdaAlias::test_notfound_and_invalid_routingconfigs";
    private static final String PROVISIONED =
            "[API] TestLambdaProvisionedConcurrency::test_provisioned_concurrency_exceptions";
    private static final String PERMISSIONS = "[API] TestLambdaPermissions::test_permission_exceptions";
    private static final String TAGS = "[API] TestLambdaTags::test_tag_exceptions";
    static final String TAG_RESOURCE_PATTERN =
            "arn:(aws[a-zA-Z-]*):lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:(function:[a-zA-Z0-9-_]+(:(\\$LATEST|[a-zA-Z0-9-_]+))?|layer:([a-zA-Z0-9-_]+)|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9-_]+)";
    private static final String WEIGHTS_VALUE = "Map value must satisfy constraint: [Member must have value less than"
            + " or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]";

    private ConfigCases() {}

    static List<ParityCase> cases() {
        List<ParityCase> out = new ArrayList<>();
        out.addAll(aliases());
        out.addAll(concurrency());
        out.addAll(provisioned());
        out.addAll(permissions());
        out.addAll(tags());
        return out;
    }

    private static ParityCase c(String id, String source, ParityCase.Scenario s, ParityCase.Expected e) {
        return new ParityCase(id, source, s, e);
    }

    private static List<ParityCase> aliases() {
        List<ParityCase> out = new ArrayList<>();
        out.add(c(
                "CreateAlias.response",
                "§2.10 [API] TestLambdaAlias::test_alias_lifecycle",
                ctx -> ctx.lambda()
                        .createAlias(
                                r -> r.functionName(FN).name(ctx.freshName("a")).functionVersion("1")),
                answer(201)
                        .keys("", "AliasArn", "Description", "FunctionVersion", "Name", "RevisionId")
                        .value("Description", "")));
        out.add(c(
                "CreateAlias.tooManyWeights",
                ALIASES + " → routing_config_exc_toomany",
                ctx -> weighted(ctx, "1", Map.of("1", 0.8, "2", 0.2)),
                invalidParameter("Number of items in AdditionalVersionWeights cannot be greater than 1")));
        for (var weight : List.of(Map.entry("toohigh", 2.0), Map.entry("subzero", -1.0))) {
            out.add(c(
                    "CreateAlias.weight." + weight.getKey(),
                    ALIASES + " → routing_config_exc_" + weight.getKey(),
                    ctx -> weighted(ctx, "1", Map.of("2", weight.getValue())),
                    validation(oneViolation(
                            "{2=" + weight.getValue() + "}",
                            "routingConfig.additionalVersionWeights",
                            WEIGHTS_VALUE))));
        }
        out.add(c(
                "CreateAlias.sameVersionWeighted",
                ALIASES + " → routing_config_exc_sameversion",
                ctx -> weighted(ctx, "1", Map.of("1", 0.5)),
                invalidParameter("Invalid function version 1. Function version 1 is already included in routing"
                        + " configuration.")));
        out.add(c(
                "CreateAlias.versionAbsent",
                ALIASES + " → target_version_doesnotexist",
                ctx -> weighted(ctx, "10", Map.of("2", 0.5)),
                notFound("Function not found: " + arn(FN) + ":10")));
        out.add(c(
                "CreateAlias.weightedVersionAbsent",
                ALIASES + " → routing_config_exc_version_doesnotexist",
                ctx -> weighted(ctx, "1", Map.of("10", 0.5)),
                notFound("Function not found: " + arn(FN) + ":10")));
        out.add(c(
                "CreateAlias.latestWeighted",
                ALIASES + " → target_version_exc_version_latest",
                ctx -> weighted(ctx, "$LATEST", Map.of("1", 0.5)),
                invalidParameter("$LATEST is not supported for an alias pointing to more than 1 version")));
        out.add(c(
                "CreateAlias.weightKeyLatest",
                ALIASES + " → routing_config_exc_version_latest",
                ctx -> weighted(ctx, "1", Map.of("$LATEST", 0.5)),
                validation(oneViolation(
                        "{$LATEST=0.5}",
                        "routingConfig.additionalVersionWeights",
                        "Map keys must satisfy constraint: [Member must have length less than or equal to 1024,"
                                + " Member must have length greater than or equal to 1, Member must satisfy regular"
                                + " expression pattern: [0-9]+]"))));
        out.add(c(
                "CreateAlias.functionAbsent",
                ALIASES + " → routing_config_exc_fn_doesnotexist",
                ctx -> ctx.lambda()
                        .createAlias(r ->
                                r.functionName(FN + "-unknown").name("custom").functionVersion("1")),
                notFound("Function not found: " + arn(FN + "-unknown") + ":1")));
        out.add(c(
                "CreateAlias.exists",
                ALIASES + " → routing_config_exc_already_exist",
                ctx -> ctx.lambda()
                        .createAlias(r -> r.functionName(FN).name(ALIAS).functionVersion("1")),
                failure(409, "ResourceConflictException", "Alias already exists: " + arn(FN) + ":" + ALIAS)));
        out.add(c(
                "CreateAlias.digits",
                "[API] TestLambdaAlias::test_alias_naming → create_alias_number_exception",
                ctx -> ctx.lambda()
                        .createAlias(r -> r.functionName(FN).name("2024").functionVersion("1")),
                validation(oneViolation("2024", "name", pattern("(?!^[0-9]+$)([a-zA-Z0-9-_]+)")))));
        out.add(c(
                "GetAlias.absent",
                ALIASES + " → alias_does_not_exist_esc",
                ctx -> ctx.lambda().getAlias(r -> r.functionName(FN).name("non-existent")),
                notFound("Cannot find alias arn: " + arn(FN) + ":non-existent")));
        out.add(c(
                "UpdateAlias.absent",
                "[API] TestLambdaAlias::test_non_existent_alias_update",
                ctx -> ctx.lambda().updateAlias(r -> r.functionName(FN).name("non-existent")),
                notFound("Alias not found: " + arn(FN) + ":non-existent")));
        out.add(c(
                "UpdateAlias.revision",
                "[API] TestLambdaRevisions::test_function_revisions_version_and_alias",
                ctx -> ctx.lambda()
                        .updateAlias(r -> r.functionName(FN).name(ALIAS).revisionId("wrong")),
                failure(
                        412,
                        "PreconditionFailedException",
                        "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias"
                                + " API to retrieve the latest Revision Id")));
        out.add(c(
                "DeleteAlias.absent",
                "[API] TestLambdaAlias::test_non_existent_alias_deletion",
                ctx -> ctx.lambda().deleteAlias(r -> r.functionName(FN).name("non-existent")),
                answer(204)));
        return out;
    }

    /** CreateAlias {@code custom} on the fixture function, pointing at {@code version} with extra {@code weights}. */
    private static software.amazon.awssdk.core.SdkResponse weighted(
            ParityContext ctx, String version, Map<String, Double> weights) {
        return ctx.lambda()
                .createAlias(r -> r.functionName(FN)
                        .name("custom")
                        .functionVersion(version)
                        .routingConfig(rc -> rc.additionalVersionWeights(weights)));
    }

    private static List<ParityCase> concurrency() {
        List<ParityCase> out = new ArrayList<>();
        String exc = "[API] TestLambdaReservedConcurrency::test_function_concurrency_exceptions";
        for (int reserved : new int[] {1, 0}) {
            out.add(c(
                    "PutFunctionConcurrency.absent." + reserved,
                    exc,
                    ctx -> ctx.lambda()
                            .putFunctionConcurrency(
                                    r -> r.functionName("doesnotexist").reservedConcurrentExecutions(reserved)),
                    notFound("Function not found: " + arn("doesnotexist") + ":$LATEST")));
        }
        out.add(c(
                "PutFunctionConcurrency.qualifiedArn",
                exc + " → put_function_concurrency_with_qualified_arn",
                ctx -> ctx.lambda()
                        .putFunctionConcurrency(
                                r -> r.functionName(arn(FN) + ":$LATEST").reservedConcurrentExecutions(0)),
                invalidParameter("This operation is permitted on Lambda functions only. Aliases and versions do not"
                        + " support this operation. Please specify either a function name or an unqualified function"
                        + " ARN.")));
        out.add(c(
                "PutFunctionConcurrency.response",
                "§2.11",
                ctx -> ctx.lambda()
                        .putFunctionConcurrency(
                                r -> r.functionName(ctx.freshFunction("rc")).reservedConcurrentExecutions(1)),
                answer(200).keys("", "ReservedConcurrentExecutions")));
        out.add(c(
                "GetFunctionConcurrency.none",
                "§2.11 empty body when none is set",
                ctx -> ctx.lambda().getFunctionConcurrency(r -> r.functionName(FN)),
                answer(200).keys("")));
        out.add(c(
                "GetFunctionConcurrency.neverExisted",
                "[API] TestLambdaFunction::test_ops_on_nonexisting_fn[get_function_concurrency]",
                ctx -> ctx.lambda().getFunctionConcurrency(r -> r.functionName("parity-never")),
                notFound("Function not found: " + arn("parity-never"))));
        out.add(c(
                "GetFunctionConcurrency.otherRegion",
                "[API] TestLambdaFunction::test_get_function_wrong_region[get_function_concurrency]",
                ctx -> ctx.lambda()
                        .getFunctionConcurrency(
                                r -> r.functionName("arn:aws:lambda:eu-central-1:" + ACCOUNT + ":function:" + FN)),
                notFound("Functions from 'eu-central-1' are not reachable in this region ('" + REGION + "')")));
        return out;
    }

    private static List<ParityCase> provisioned() {
        List<ParityCase> out = new ArrayList<>();
        String[] keys = {
            "AllocatedProvisionedConcurrentExecutions",
            "AvailableProvisionedConcurrentExecutions",
            "LastModified",
            "RequestedProvisionedConcurrentExecutions",
            "Status"
        };
        out.add(c(
                "PutProvisionedConcurrencyConfig.response",
                "§2.12 [API] TestLambdaProvisionedConcurrency::test_lambda_provisioned_lifecycle → put_provisioned_on_version",
                ctx -> ctx.lambda()
                        .putProvisionedConcurrencyConfig(r -> r.functionName(ctx.freshFunctionWithVersion("pc"))
                                .qualifier("1")
                                .provisionedConcurrentExecutions(1)),
                answer(202)
                        .keys("", keys)
                        .value("Status", "IN_PROGRESS")
                        .value("AllocatedProvisionedConcurrentExecutions", "0")
                        .value("AvailableProvisionedConcurrentExecutions", "0")));
        out.add(c(
                "GetProvisionedConcurrencyConfig.ready",
                "§2.12 [INV] TestLambdaConcurrency::test_lambda_provisioned_concurrency_scheduling → get_provisioned_postwait",
                ctx -> {
                    String name = ctx.freshFunctionWithVersion("pc");
                    ctx.lambda()
                            .putProvisionedConcurrencyConfig(
                                    r -> r.functionName(name).qualifier("1").provisionedConcurrentExecutions(1));
                    long deadline = System.nanoTime() + 60_000_000_000L;
                    var got = ctx.lambda()
                            .getProvisionedConcurrencyConfig(
                                    r -> r.functionName(name).qualifier("1"));
                    while (!"READY".equals(got.statusAsString()) && System.nanoTime() < deadline) {
                        Thread.sleep(200);
                        got = ctx.lambda()
                                .getProvisionedConcurrencyConfig(
                                        r -> r.functionName(name).qualifier("1"));
                    }
                    return got;
                },
                answer(200)
                        .keys("", keys)
                        .value("Status", "READY")
                        .value("AllocatedProvisionedConcurrentExecutions", "1")
                        .value("AvailableProvisionedConcurrentExecutions", "1")));
        out.add(c(
                "PutProvisionedConcurrencyConfig.zero",
                PROVISIONED + " → put_provisioned_invalid_param_0",
                ctx -> ctx.lambda()
                        .putProvisionedConcurrencyConfig(
                                r -> r.functionName(FN).qualifier("1").provisionedConcurrentExecutions(0)),
                validation(oneViolation(
                        "0", "provisionedConcurrentExecutions", "Member must have value greater than or equal to 1"))));
        String noAlias = "Cannot find alias arn: " + arn("doesnotexist") + ":noalias";
        String fnAbsent1 = "Function not found: " + arn("doesnotexist") + ":1";
        String aliasAbsent = "Cannot find alias arn: " + arn(FN) + ":noalias";
        String version10 = "Function not found: " + arn(FN) + ":10";
        String latestPut = "Provisioned Concurrency Configs cannot be applied to unpublished function versions.";
        String latestGet = "The function resource provided must be an alias or a published version.";
        record Row(String op, String name, String qualifier, ParityCase.Expected expected) {}
        List<Row> rows = List.of(
                new Row("Put", "doesnotexist", "noalias", notFound(noAlias)),
                new Row("Put", "doesnotexist", "1", notFound(fnAbsent1)),
                new Row("Put", FN, "noalias", notFound(aliasAbsent)),
                new Row("Put", FN, "10", notFound(version10)),
                new Row("Put", FN, "$LATEST", invalidParameter(latestPut)),
                new Row(
                        "Get",
                        FN,
                        "1",
                        failure(
                                404,
                                "ProvisionedConcurrencyConfigNotFoundException",
                                "No Provisioned Concurrency Config found for this function")),
                new Row("Get", "doesnotexist", "noalias", notFound(noAlias)),
                new Row("Get", FN, "noalias", notFound(aliasAbsent)),
                new Row("Get", FN, "10", notFound(version10)),
                new Row("Get", FN, "$LATEST", invalidParameter(latestGet)),
                new Row("Delete", "doesnotexist", "1", notFound(fnAbsent1)),
                new Row("Delete", FN, "noalias", notFound(aliasAbsent)),
                new Row("Delete", FN, "10", notFound(version10)),
                new Row("Delete", FN, "$LATEST", invalidParameter(latestGet)),
                new Row("Delete", FN, "1", answer(204)));
        for (Row row : rows) {
            out.add(c(
                    row.op() + "ProvisionedConcurrencyConfig." + row.name() + ":" + row.qualifier(),
                    PROVISIONED,
                    ctx -> switch (row.op()) {
                        case "Put" ->
                            ctx.lambda()
                                    .putProvisionedConcurrencyConfig(r -> r.functionName(row.name())
                                            .qualifier(row.qualifier())
                                            .provisionedConcurrentExecutions(1));
                        case "Get" ->
                            ctx.lambda()
                                    .getProvisionedConcurrencyConfig(
                                            r -> r.functionName(row.name()).qualifier(row.qualifier()));
                        default ->
                            ctx.lambda()
                                    .deleteProvisionedConcurrencyConfig(
                                            r -> r.functionName(row.name()).qualifier(row.qualifier()));
                    },
                    row.expected()));
        }
        out.add(c(
                "ListProvisionedConcurrencyConfigs.absent",
                PROVISIONED + " → list_provisioned_functionname_doesnotexist",
                ctx -> ctx.lambda().listProvisionedConcurrencyConfigs(r -> r.functionName("doesnotexist")),
                notFound("Function not found: " + arn("doesnotexist"))));
        out.add(c(
                "ListProvisionedConcurrencyConfigs.empty",
                "§2.12 List 200 {\"ProvisionedConcurrencyConfigs\": []}",
                ctx -> ctx.lambda().listProvisionedConcurrencyConfigs(r -> r.functionName(FN)),
                answer(200).keys("", "ProvisionedConcurrencyConfigs")));
        return out;
    }

    private static List<ParityCase> permissions() {
        List<ParityCase> out = new ArrayList<>();
        out.add(c(
                "AddPermission.response",
                "§2.13",
                ctx -> ctx.lambda()
                        .addPermission(r -> r.functionName(FN)
                                .statementId(ctx.freshName("sid"))
                                .action("lambda:InvokeFunction")
                                .principal("s3.amazonaws.com")),
                answer(201).keys("", "Statement")));
        record Row(String id, String name, String qualifier, String sid, String principal, ParityCase.Expected e) {}
        List<Row> rows = List.of(
                new Row(
                        "statementId",
                        FN,
                        null,
                        "example.com",
                        "s3.amazonaws.com",
                        validation(oneViolation("example.com", "statementId", pattern("([a-zA-Z0-9-_]+)")))),
                new Row(
                        "qualifierMismatch",
                        FN + ":alias-not-42",
                        "42",
                        "s",
                        "s3.amazonaws.com",
                        invalidParameter(DERIVED)),
                new Row(
                        "latest",
                        FN + ":$LATEST",
                        "$LATEST",
                        "s",
                        "s3.amazonaws.com",
                        invalidParameter("We currently do not support adding policies for $LATEST.")),
                new Row(
                        "principal",
                        FN,
                        null,
                        "s",
                        "invalid.nonaws.com",
                        invalidParameter(
                                "The provided principal was invalid. Please check the principal and try again.")),
                new Row(
                        "functionAbsent",
                        "doesnotexist",
                        null,
                        "s",
                        "s3.amazonaws.com",
                        notFound("Function not found: " + arn("doesnotexist"))),
                new Row(
                        "aliasAbsent",
                        FN + ":alias-doesnotexist",
                        null,
                        "s",
                        "s3.amazonaws.com",
                        notFound("Cannot find alias arn: " + arn(FN) + ":alias-doesnotexist")),
                new Row(
                        "versionAbsent",
                        FN,
                        "42",
                        "s",
                        "s3.amazonaws.com",
                        notFound("Function not found: " + arn(FN) + ":42")),
                new Row(
                        "qualifierPattern",
                        FN,
                        "invalid-qualifier-with-?-char",
                        "s",
                        "s3.amazonaws.com",
                        validation(oneViolation(
                                "invalid-qualifier-with-?-char", "qualifier", pattern(NameMatrixCases.P_QUAL)))),
                new Row(
                        "qualifierDollarAbsent",
                        FN,
                        "valid-with-$-but-doesnotexist",
                        "s",
                        "s3.amazonaws.com",
                        notFound("Function not found: " + arn(FN) + ":valid-with-$-but-doesnotexist")));
        for (Row row : rows) {
            out.add(c(
                    "AddPermission." + row.id(),
                    PERMISSIONS,
                    ctx -> ctx.lambda()
                            .addPermission(r -> r.functionName(row.name())
                                    .qualifier(row.qualifier())
                                    .statementId(row.sid())
                                    .action("lambda:InvokeFunction")
                                    .principal(row.principal())),
                    row.e()));
        }
        out.add(c(
                "AddPermission.duplicate",
                PERMISSIONS + " → add_permission_conflicting_statement_id",
                ctx -> {
                    String name = ctx.freshFunction("perm");
                    for (int i = 0; i < 2; i++) {
                        ctx.lambda()
                                .addPermission(r -> r.functionName(name)
                                        .statementId("s3")
                                        .action("lambda:InvokeFunction")
                                        .principal("s3.amazonaws.com"));
                    }
                    return null;
                },
                failure(
                        409,
                        "ResourceConflictException",
                        "The statement id (s3) provided already exists. Please provide a new statement id, or remove"
                                + " the existing statement.")));
        out.add(c(
                "AddPermission.revision",
                "[API] TestLambdaPermissions::test_lambda_permission_fn_versioning → add_permission_alias_revision_exception",
                ctx -> ctx.lambda()
                        .addPermission(r -> r.functionName(FN)
                                .qualifier(ALIAS)
                                .statementId("rev")
                                .action("lambda:InvokeFunction")
                                .principal("s3.amazonaws.com")
                                .revisionId("wrong")),
                failure(
                        412,
                        "PreconditionFailedException",
                        "The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to"
                                + " retrieve the latest Revision Id")));
        out.add(c(
                "RemovePermission.statementAbsent",
                "[API] TestLambdaPermissions::test_remove_multi_permissions → remove_permission_exception_nonexisting_sid",
                ctx -> {
                    String name = ctx.freshFunction("perm");
                    ctx.lambda()
                            .addPermission(r -> r.functionName(name)
                                    .statementId("s1")
                                    .action("lambda:InvokeFunction")
                                    .principal("s3.amazonaws.com"));
                    return ctx.lambda()
                            .removePermission(r -> r.functionName(name).statementId("non-existent"));
                },
                notFound("Statement non-existent is not found in resource policy.")));
        out.add(c(
                "RemovePermission.noPolicy",
                PERMISSIONS + " → remove_permission_policy_doesnotexist",
                ctx -> ctx.lambda()
                        .removePermission(
                                r -> r.functionName(ctx.freshFunction("perm")).statementId("s3")),
                notFound("No policy is associated with the given resource.")));
        out.add(c(
                "RemovePermission.functionAbsent",
                PERMISSIONS + " → remove_permission_fn_doesnotexist",
                ctx -> ctx.lambda()
                        .removePermission(r -> r.functionName("doesnotexist").statementId("s3")),
                notFound("No policy found for: " + arn("doesnotexist"))));
        out.add(c(
                "RemovePermission.aliasAbsent",
                PERMISSIONS + " → remove_permission_fn_alias_doesnotexist",
                ctx -> ctx.lambda()
                        .removePermission(r -> r.functionName(FN)
                                .qualifier("alias-doesnotexist")
                                .statementId("s3")),
                notFound("Cannot find alias arn: " + arn(FN) + ":alias-doesnotexist")));
        String gone = "The resource you requested does not exist.";
        out.add(c(
                "GetPolicy.functionAbsent",
                PERMISSIONS + " → get_policy_fn_doesnotexist",
                ctx -> ctx.lambda().getPolicy(r -> r.functionName("doesnotexist")),
                notFound(gone)));
        out.add(c(
                "GetPolicy.versionAbsent",
                PERMISSIONS + " → get_policy_fn_version_doesnotexist",
                ctx -> ctx.lambda().getPolicy(r -> r.functionName(FN).qualifier("77")),
                notFound(gone)));
        out.add(c(
                "GetPolicy.allRemoved",
                "[API] TestLambdaPermissions::test_remove_multi_permissions → get_policy_exception_removed_all",
                ctx -> {
                    String name = ctx.freshFunction("perm");
                    ctx.lambda()
                            .addPermission(r -> r.functionName(name)
                                    .statementId("s1")
                                    .action("lambda:InvokeFunction")
                                    .principal("s3.amazonaws.com"));
                    ctx.lambda().removePermission(r -> r.functionName(name).statementId("s1"));
                    return ctx.lambda().getPolicy(r -> r.functionName(name));
                },
                notFound(gone)));
        out.add(c(
                "GetPolicy.response",
                "§2.13",
                ctx -> {
                    String name = ctx.freshFunction("perm");
                    ctx.lambda()
                            .addPermission(r -> r.functionName(name)
                                    .statementId("s1")
                                    .action("lambda:InvokeFunction")
                                    .principal("s3.amazonaws.com"));
                    return ctx.lambda().getPolicy(r -> r.functionName(name));
                },
                answer(200).keys("", "Policy", "RevisionId")));
        return out;
    }

    private static List<ParityCase> tags() {
        List<ParityCase> out = new ArrayList<>();
        String notSupported = "Tags on function aliases and versions are not supported. Please specify a function ARN.";
        out.add(c(
                "TagResource.deleted",
                "[API] TestLambdaTag::test_tag_nonexisting_resource → not_found_exception_tag",
                ctx -> {
                    String name = ctx.function("tag-deleted");
                    ctx.lambda().deleteFunction(r -> r.functionName(name));
                    return ctx.lambda().tagResource(r -> r.resource(arn(name)).tags(Map.of("a", "b")));
                },
                notFound("Function not found: " + arn("tag-deleted"))));
        out.add(c(
                "TagResource.invalidArn",
                TAGS + " → tag_lambda_invalidarn",
                ctx -> ctx.lambda()
                        .tagResource(r -> r.resource("arn:aws:something").tags(Map.of("a", "b"))),
                validation(oneViolation("arn:aws:something", "resource", pattern(TAG_RESOURCE_PATTERN)))));
        out.add(c(
                "TagResource.absent",
                TAGS + " → tag_lambda_doesnotexist",
                ctx -> ctx.lambda()
                        .tagResource(r -> r.resource(arn("doesnotexist")).tags(Map.of("a", "b"))),
                notFound("Function not found: " + arn("doesnotexist"))));
        for (String q : List.of("v1", "1", "$LATEST")) {
            out.add(c(
                    "TagResource.qualified." + q,
                    "[API] TestLambdaTags::test_tag_exceptions / test_tag_versions",
                    ctx -> ctx.lambda()
                            .tagResource(r -> r.resource(arn(FN) + ":" + q).tags(Map.of("a", "b"))),
                    invalidParameter(notSupported)));
        }
        out.add(c(
                "TagResource.empty",
                TAGS + " → tag_empty_tags",
                ctx -> ctx.lambda().tagResource(r -> r.resource(arn(FN)).tags(Map.of())),
                invalidParameter("An error occurred and the request cannot be processed.")));
        out.add(c(
                "TagResource.tooMany",
                "[API] TestLambdaTags::test_tag_limits → tag_lambda_too_many_tags",
                ctx -> {
                    Map<String, String> tags = new java.util.HashMap<>();
                    for (int i = 0; i < 51; i++) {
                        tags.put("k" + i, "v");
                    }
                    return ctx.lambda().tagResource(r -> r.resource(arn(FN)).tags(tags));
                },
                invalidParameter("Number of tags exceeds resource tag limit.")));
        out.add(c(
                "UntagResource.emptyKeys",
                TAGS + " → untag_empty_keys",
                ctx -> ctx.lambda().untagResource(r -> r.resource(arn(FN)).tagKeys(List.of())),
                validation("1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member"
                        + " must not be null")));
        out.add(c(
                "UntagResource.absent",
                "[API] TestLambdaTag::test_tag_exceptions[lambda_function] → not_found_exception_untag",
                ctx -> ctx.lambda()
                        .untagResource(r -> r.resource(arn("doesnotexist")).tagKeys("a")),
                notFound("Function not found: " + arn("doesnotexist"))));
        out.add(c(
                "ListTags.alias",
                "[API] TestLambdaTag::test_tag_exceptions[lambda_function] → aliased_arn_exception",
                ctx -> ctx.lambda().listTags(r -> r.resource(arn(FN) + ":" + ALIAS)),
                invalidParameter(notSupported)));
        String foobar = "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":foobar:thing";
        out.add(c(
                "ListTags.resourceType",
                "[API] TestLambdaTag::test_tag_exceptions[lambda_function] → invalid_arn_exception",
                ctx -> ctx.lambda().listTags(r -> r.resource(foobar)),
                validation(oneViolation(foobar, "resource", pattern(TAG_RESOURCE_PATTERN)))));
        out.add(c(
                "ListTags.absent",
                "[API] TestLambdaTag::test_tag_exceptions[lambda_function] → not_found_exception_list",
                ctx -> ctx.lambda().listTags(r -> r.resource(arn("doesnotexist"))),
                notFound("Function not found: " + arn("doesnotexist"))));
        out.add(c(
                "ListTags.none",
                "§2.14 ListTags 200 {\"Tags\": {}}",
                ctx -> ctx.lambda().listTags(r -> r.resource(arn(FN))),
                answer(200).keys("", "Tags")));
        return out;
    }
}

package dev.lamina.it.parity;

import static dev.lamina.it.parity.ParityCase.clause;
import static dev.lamina.it.parity.ParityCase.invalidParameter;
import static dev.lamina.it.parity.ParityCase.notFound;
import static dev.lamina.it.parity.ParityCase.oneViolation;
import static dev.lamina.it.parity.ParityCase.pattern;
import static dev.lamina.it.parity.ParityCase.validation;
import static dev.lamina.it.parity.ParityContext.ACCOUNT;
import static dev.lamina.it.parity.ParityContext.REGION;
import static dev.lamina.it.parity.ParityContext.arn;

import java.util.ArrayList;
import java.util.List;

/**
 * The function-name and qualifier matrix (facts §1.4): 18 current rows, each tried on GetFunction,
 * DeleteFunction, Invoke and CreateFunction. No function named {@code my-function} exists.
 */
final class NameMatrixCases {
    static final String P_READ =
            "(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST(\\.PUBLISHED)?|[a-zA-Z0-9-_]+))?";
    static final String P_CREATE =
            "(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?";
    static final String P_QUAL = "\\$(LATEST(\\.PUBLISHED)?)|[a-zA-Z0-9-_$]+";
    private static final String SOURCE = "§1.4 test_function_name_and_qualifier_validation[";
    private static final String A129 = "a".repeat(129);
    private static final String A65 = "a".repeat(65);
    private static final String A170 = "a".repeat(170);
    private static final String FN = "my-function";

    private NameMatrixCases() {}

    /** One row: the inputs, and AWS's answer for each operation ({@code null} where nothing was recorded). */
    private record Row(
            String id,
            String name,
            String qualifier,
            ParityCase.Expected get,
            ParityCase.Expected delete,
            ParityCase.Expected invoke,
            ParityCase.Expected create) {
        /** CreateFunction validates {@code name:qualifier} as one {@code functionName}. */
        String createName() {
            return qualifier == null ? name : name + ":" + qualifier;
        }
    }

    static List<ParityCase> cases() {
        List<ParityCase> out = new ArrayList<>();
        for (Row row : rows()) {
            String src = SOURCE + row.id() + "]";
            out.add(new ParityCase(
                    "matrix." + row.id() + ".GetFunction",
                    src,
                    ctx -> ctx.lambda()
                            .getFunction(r -> r.functionName(row.name()).qualifier(row.qualifier())),
                    row.get()));
            out.add(new ParityCase(
                    "matrix." + row.id() + ".DeleteFunction",
                    src,
                    ctx -> ctx.lambda()
                            .deleteFunction(r -> r.functionName(row.name()).qualifier(row.qualifier())),
                    row.delete()));
            out.add(new ParityCase(
                    "matrix." + row.id() + ".Invoke",
                    src,
                    ctx -> ctx.lambda().invoke(r -> r.functionName(row.name()).qualifier(row.qualifier())),
                    row.invoke()));
            if (row.create() != null) {
                out.add(new ParityCase(
                        "matrix." + row.id() + ".CreateFunction",
                        src,
                        ctx -> ctx.lambda()
                                .createFunction(
                                        ParityContext.create(row.createName()).build()),
                        row.create()));
            }
        }
        return out;
    }

    private static Row readPattern(String id, String name, String qualifier) {
        ParityCase.Expected read = validation(oneViolation(name, "functionName", pattern(P_READ)));
        String createName = qualifier == null ? name : name + ":" + qualifier;
        return new Row(
                id,
                name,
                qualifier,
                read,
                read,
                read,
                validation(oneViolation(createName, "functionName", pattern(P_CREATE))));
    }

    private static List<Row> rows() {
        String qualifiedArn = arn(FN);
        ParityCase.Expected qualifierPattern = validation(oneViolation("invalid!", "qualifier", pattern(P_QUAL)));
        ParityCase.Expected qualifierLength =
                validation(oneViolation(A129, "qualifier", "Member must have length less than or equal to 128"));
        String longArn = "arn:aws:lambda:invalid-region:" + ACCOUNT + ":function:my-function" + A170;
        String longArnDash = "arn:aws:lambda:invalid-region:" + ACCOUNT + ":function:my-function-" + A170;
        ParityCase.Expected twoClauses = validation("2 validation errors detected: "
                + clause(A129, "qualifier", "Member must have length less than or equal to 128") + "; "
                + clause(longArnDash, "functionName", pattern(P_READ)));
        ParityCase.Expected derived = invalidParameter(
                "The derived qualifier from the function name does not match the specified qualifier.");
        return List.of(
                readPattern("invalid_characters_in_function_name", "my-function!", null),
                readPattern("function_name_is_single_invalid", "*", null),
                new Row(
                        "invalid_characters_in_qualifier",
                        FN,
                        "invalid!",
                        qualifierPattern,
                        qualifierPattern,
                        qualifierPattern,
                        validation(oneViolation("my-function:invalid!", "functionName", pattern(P_CREATE)))),
                new Row(
                        "qualifier_too_long",
                        FN,
                        A129,
                        qualifierLength,
                        qualifierLength,
                        qualifierLength,
                        validation(oneViolation(
                                FN + ":" + A129, "functionName", "Member must have length less than or equal to 140"))),
                readPattern("invalid_account_id_in_partial_arn", "invalid-account:function:my-function", null),
                readPattern(
                        "invalid_region_in_arn",
                        "arn:aws:lambda:invalid-region:" + ACCOUNT + ":function:my-function",
                        null),
                readPattern(
                        "non_lambda_arn",
                        "arn:aws:ec2:" + REGION + ":" + ACCOUNT + ":instance:i-1234567890abcdef0",
                        null),
                new Row(
                        "function_name_too_long",
                        A65,
                        null,
                        notFound("Function not found: " + arn(A65)),
                        notFound("Function not found: " + arn(A65)),
                        notFound("Function not found: " + arn(A65) + ":$LATEST"),
                        invalidParameter(
                                oneViolation(A65, "functionName", "Member must have length less than or equal to 64"))),
                new Row(
                        "function_name_too_long_and_invalid_region",
                        longArn,
                        null,
                        validation(oneViolation(longArn, "functionName", pattern(P_READ))),
                        validation(oneViolation(longArn, "functionName", pattern(P_READ))),
                        validation(oneViolation(longArn, "functionName", pattern(P_READ))),
                        validation("2 validation errors detected: "
                                + clause(longArn, "functionName", "Member must have length less than or equal to 140")
                                + "; " + clause(longArn, "functionName", pattern(P_CREATE)))),
                new Row(
                        "full_arn_and_qualifier_too_long_and_invalid_region",
                        longArnDash,
                        A129,
                        twoClauses,
                        twoClauses,
                        twoClauses,
                        validation("2 validation errors detected: "
                                + clause(
                                        longArnDash + ":" + A129,
                                        "functionName",
                                        "Member must have length less than or equal to 140")
                                + "; " + clause(longArnDash + ":" + A129, "functionName", pattern(P_CREATE)))),
                readPattern("full_arn_with_multiple_qualifiers", qualifiedArn + ":1:2", null),
                new Row(
                        "incomplete_arn",
                        "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function",
                        null,
                        notFound("Function not found: " + arn("function")),
                        notFound("Function not found: " + arn("function")),
                        notFound("Function not found: " + arn("function") + ":$LATEST"),
                        null),
                readPattern("partial_arn_with_extra_qualifier", "function:my-function:$LATEST:extra", null),
                new Row(
                        "latest_version_with_additional_qualifier",
                        qualifiedArn + ":$LATEST",
                        "1",
                        derived,
                        derived,
                        derived,
                        validation(oneViolation(qualifiedArn + ":$LATEST:1", "functionName", pattern(P_CREATE)))),
                new Row(
                        "lowercase_latest_qualifier",
                        qualifiedArn,
                        "$latest",
                        notFound("Function not found: " + qualifiedArn + ":$latest"),
                        notFound("Function not found: " + qualifiedArn),
                        notFound("Function not found: " + qualifiedArn + ":$latest"),
                        validation(oneViolation(qualifiedArn + ":$latest", "functionName", pattern(P_CREATE)))),
                readPattern("missing_region_in_arn", "arn:aws:lambda::" + ACCOUNT + ":function:my-function", null),
                readPattern("missing_account_id_in_arn", "arn:aws:lambda:" + REGION + "::function:my-function", null),
                readPattern("misspelled_latest_in_arn", qualifiedArn + ":$LATES", null));
    }
}

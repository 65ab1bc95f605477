package dev.lamina.lambda.function;

import dev.lamina.core.AwsException;
import dev.lamina.lambda.LambdaErrors;
import dev.lamina.lambda.validation.Constraint;
import dev.lamina.lambda.validation.LambdaMembers;
import dev.lamina.lambda.validation.Violations;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lambda's names and ARNs for this node's region and account. Parses every form the API accepts for
 * {@code FunctionName}: a name, {@code name:qualifier}, a partial ARN {@code account:function:name}
 * and a full ARN, each optionally qualified.
 */
public record Arns(String region, String account) {
    /**
     * The parts of a reference; it admits whatever {@link LambdaMembers#NAMESPACED_FUNCTION_NAME}
     * does, so it is applied after the model's pattern.
     */
    private static final Pattern REFERENCE = Pattern.compile("(?:arn:(?:aws[a-zA-Z-]*)?:lambda:)?"
            + "(?:(?<region>(?:eusc-)?[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\\d):)?(?:(?<account>\\d{12}):)?"
            + "(?:function:)?(?<name>[a-zA-Z0-9_.-]+)(?::(?<qualifier>\\$LATEST(?:\\.PUBLISHED)?|[a-zA-Z0-9_-]+))?");

    private static final Pattern PLAIN_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    /** A function reference from a request: its name and the qualifier it carried, if any. */
    public record FunctionRef(String name, String qualifier) {}

    public String functionArn(String name) {
        return "arn:aws:lambda:" + region + ":" + account + ":function:" + name;
    }

    public String functionArn(String name, String qualifier) {
        return qualifier == null ? functionArn(name) : functionArn(name) + ":" + qualifier;
    }

    public String layerArn(String layerName) {
        return "arn:aws:lambda:" + region + ":" + account + ":layer:" + layerName;
    }

    public String layerVersionArn(String layerName, long version) {
        return layerArn(layerName) + ":" + version;
    }

    public static boolean isValidName(String name) {
        return name != null && PLAIN_NAME.matcher(name).matches();
    }

    /**
     * Parses {@code FunctionName} as most operations take it (the model's {@code FunctionName}: no
     * dots, at most 140 characters), reconciled with a {@code Qualifier} parameter.
     *
     * @throws AwsException ValidationException for a malformed name or qualifier; 404 for an ARN of
     *     another region; InvalidParameterValueException when the name's qualifier and the parameter differ
     */
    public FunctionRef parse(String functionName, String qualifierParam) {
        return parse(functionName, qualifierParam, LambdaMembers.FUNCTION_NAME);
    }

    /**
     * Like {@link #parse}, for the operations whose model shape is {@code NamespacedFunctionName}
     * (GetFunction, GetFunctionConfiguration, DeleteFunction, Invoke, GetPolicy,
     * ListVersionsByFunction): a name with dots is well-formed there, and simply not found.
     */
    public FunctionRef parseNamespaced(String functionName, String qualifierParam) {
        return parse(functionName, qualifierParam, LambdaMembers.NAMESPACED_FUNCTION_NAME);
    }

    /**
     * Parses CreateFunction's {@code FunctionName}: a name, or a full or partial ARN naming this
     * region and account. A plain name over 64 characters is an InvalidParameterValueException, as
     * Lambda answers it; an ARN of another account is AccessDeniedException (without a message).
     */
    public FunctionRef parseForCreate(String functionName) {
        if (functionName != null && !functionName.contains(":") && functionName.length() > 64) {
            throw LambdaErrors.invalidParameter(new Violations()
                    .add(functionName, "functionName", "Member must have length less than or equal to 64")
                    .message());
        }
        new Violations()
                .require(LambdaMembers.FUNCTION_NAME, blankToNull(functionName))
                .throwIfAny();
        Matcher m = reference(functionName);
        if (m.group("account") != null && !m.group("account").equals(account)) {
            throw new AwsException(403, "AccessDeniedException", null);
        }
        return new FunctionRef(m.group("name"), m.group("qualifier"));
    }

    private FunctionRef parse(String functionName, String qualifierParam, Constraint nameRule) {
        String qualifierGiven = blankToNull(qualifierParam);
        new Violations()
                .require(nameRule, blankToNull(functionName))
                .check(LambdaMembers.QUALIFIER, qualifierGiven)
                .throwIfAny();
        Matcher m = reference(functionName);
        if (m.group("account") != null && !m.group("account").equals(account)) {
            throw AwsException.notFound("Function not found: " + functionArn(m.group("name")));
        }
        String qualifier = m.group("qualifier");
        if (qualifierGiven != null) {
            if (qualifier != null && !qualifier.equals(qualifierGiven)) {
                throw LambdaErrors.invalidParameter(
                        "The derived qualifier from the function name does not match the specified qualifier.");
            }
            qualifier = qualifierGiven;
        }
        return new FunctionRef(m.group("name"), qualifier);
    }

    /** The parts of a reference that passed its model pattern; a region other than this node's is not reachable. */
    private Matcher reference(String functionName) {
        Matcher m = REFERENCE.matcher(functionName);
        if (!m.matches()) {
            throw AwsException.validation(new Violations()
                    .add(
                            functionName,
                            "functionName",
                            "Member must satisfy regular expression pattern: "
                                    + LambdaMembers.NAMESPACED_FUNCTION_NAME.pattern())
                    .message());
        }
        String otherRegion = m.group("region");
        if (otherRegion != null && !otherRegion.equals(region)) {
            throw AwsException.notFound(
                    "Functions from '" + otherRegion + "' are not reachable in this region ('" + region + "')");
        }
        return m;
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}

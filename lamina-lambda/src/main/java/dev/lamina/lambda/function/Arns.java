package dev.lamina.lambda.function;

import dev.lamina.core.AwsException;
import dev.lamina.lambda.LambdaErrors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lambda's names and ARNs for this node's region and account. Parses every form the API accepts for
 * {@code FunctionName}: a name, {@code name:qualifier}, a partial ARN {@code account:function:name}
 * and a full ARN, each optionally qualified.
 */
public record Arns(String region, String account) {
    private static final Pattern FUNCTION_NAME = Pattern.compile(
            "(?:arn:aws[a-zA-Z-]*:lambda:([a-z]{2}(?:-gov)?-[a-z]+-\\d):)?(?:(\\d{12}):)?(?:function:)?([a-zA-Z0-9_-]+)(?::(\\$LATEST|[a-zA-Z0-9_-]+))?");
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
     * Parses {@code FunctionName} as given in a path or body, reconciled with a {@code Qualifier}
     * parameter. A malformed reference is reported as not found, as Lambda does for reads.
     */
    public FunctionRef parse(String functionName, String qualifierParam) {
        if (functionName == null || functionName.isEmpty() || functionName.length() > 170) {
            throw AwsException.notFound("Function not found: " + functionArn(String.valueOf(functionName)));
        }
        Matcher m = FUNCTION_NAME.matcher(functionName);
        if (!m.matches() || m.group(3).length() > 64) {
            throw AwsException.notFound("Function not found: " + functionArn(functionName));
        }
        if (m.group(1) != null && !m.group(1).equals(region)
                || m.group(2) != null && !m.group(2).equals(account)) {
            throw AwsException.notFound("Function not found: " + functionArn(m.group(3)));
        }
        String qualifier = m.group(4);
        if (qualifierParam != null && !qualifierParam.isEmpty()) {
            if (qualifier != null && !qualifier.equals(qualifierParam)) {
                throw LambdaErrors.invalidParameter(
                        "The derived qualifier from the function name does not match the specified qualifier.");
            }
            qualifier = qualifierParam;
        }
        return new FunctionRef(m.group(3), qualifier);
    }
}

package dev.lamina.lambda.url;

import dev.lamina.core.AwsException;
import dev.lamina.lambda.LambdaErrors;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A function URL's cross-origin settings, as CreateFunctionUrlConfig takes them. Lists are never
 * {@code null} (absent means empty); limits and messages as Lambda's validation reports them.
 *
 * @param allowCredentials {@code null} when not set
 * @param maxAge seconds a browser may cache a preflight answer, {@code null} when not set
 */
public record Cors(
        Boolean allowCredentials,
        List<String> allowHeaders,
        List<String> allowMethods,
        List<String> allowOrigins,
        List<String> exposeHeaders,
        Integer maxAge) {

    private static final Set<String> METHODS = Set.of("GET", "PUT", "HEAD", "POST", "PATCH", "DELETE", "*");

    public Cors {
        allowHeaders = checked("allowHeaders", allowHeaders, 100, 0, 1024);
        allowMethods = checked("allowMethods", allowMethods, 6, 0, 6);
        allowOrigins = checked("allowOrigins", allowOrigins, 100, 1, 253);
        exposeHeaders = checked("exposeHeaders", exposeHeaders, 100, 0, 1024);
        for (String method : allowMethods) {
            if (!METHODS.contains(method.toUpperCase(Locale.ROOT))) {
                throw LambdaErrors.invalidParameter("Invalid method in AllowMethods: " + method
                        + " (use GET, PUT, HEAD, POST, PATCH, DELETE or *)");
            }
        }
        if (maxAge != null && (maxAge < 0 || maxAge > 86400)) {
            throw AwsException.validation("1 validation error detected: Value '" + maxAge
                    + "' at 'cors.maxAge' failed to satisfy constraint: Member must have value "
                    + (maxAge < 0 ? "greater than or equal to 0" : "less than or equal to 86400"));
        }
    }

    private static List<String> checked(String member, List<String> values, int maxItems, int minLen, int maxLen) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > maxItems) {
            throw AwsException.validation("1 validation error detected: Value '" + values + "' at 'cors."
                    + member + "' failed to satisfy constraint: Member must have length less than or equal to "
                    + maxItems);
        }
        for (String v : values) {
            if (v.length() < minLen || v.length() > maxLen) {
                throw AwsException.validation("1 validation error detected: Value '" + v + "' at 'cors."
                        + member + "' failed to satisfy constraint: Member must have length between " + minLen
                        + " and " + maxLen);
            }
        }
        return List.copyOf(values);
    }
}

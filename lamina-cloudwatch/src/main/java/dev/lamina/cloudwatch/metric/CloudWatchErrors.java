package dev.lamina.cloudwatch.metric;

import dev.lamina.core.AwsException;
import java.util.Map;

/**
 * CloudWatch's errors. Thrown under their model's shape names, which the JSON and CBOR protocols put
 * in {@code __type}; the query protocol, and the {@code x-amzn-query-error} header of the others (the
 * model is {@code awsQueryCompatible}), name them by their query codes ({@link #QUERY_CODES}).
 */
public final class CloudWatchErrors {
    /** Each error's query code, where it differs from its shape name. */
    public static final Map<String, String> QUERY_CODES = Map.of(
            "InvalidParameterValueException", "InvalidParameterValue",
            "MissingRequiredParameterException", "MissingParameter",
            "InvalidParameterCombinationException", "InvalidParameterCombination",
            "InternalServiceFault", "InternalServiceError");

    private CloudWatchErrors() {}

    /** {@code InvalidParameterValue}: {@code The value X for parameter P is invalid.} */
    public static AwsException invalidValue(String value, String parameter) {
        return invalid("The value " + value + " for parameter " + parameter + " is invalid.");
    }

    /** {@code InvalidParameterValue} with its own message. */
    public static AwsException invalid(String message) {
        return new AwsException(400, "InvalidParameterValueException", message);
    }

    /** {@code MissingParameter}: {@code The parameter P is required.} */
    public static AwsException missing(String parameter) {
        return new AwsException(
                400, "MissingRequiredParameterException", "The parameter " + parameter + " is required.");
    }

    /** {@code InvalidParameterCombination}. */
    public static AwsException combination(String message) {
        return new AwsException(400, "InvalidParameterCombinationException", message);
    }

    /** {@code InvalidNextToken}. */
    public static AwsException invalidToken() {
        return new AwsException(400, "InvalidNextToken", "The service couldn't process the NextToken.");
    }

    /** The query protocol's answer to an action the API does not have. */
    public static AwsException unknownAction(String action) {
        return new AwsException(400, "InvalidAction", "Could not find operation " + action + " for version 2010-08-01");
    }
}

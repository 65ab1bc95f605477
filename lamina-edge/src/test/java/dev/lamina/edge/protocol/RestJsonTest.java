package dev.lamina.edge.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.core.AwsException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RestJsonTest {
    private static final String ID = "0f6e1a7b-3c2d-4e5f-8a9b-0c1d2e3f4a5b";

    /** Lambda's flavour, as the Lambda module declares it. */
    private static final RestJson LAMBDA = new RestJson(new RestJson.Flavour(
            true, true, Set.of("ValidationException"), Set.of("ResourceNotFoundException", "ServiceException"), 1));

    private static String body(WireResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void plainRestJsonIsTheCodeInItsHeaderAndTheMessageInTheBody() {
        WireResponse response = RestJson.PLAIN.error(
                new AwsException(429, "TooManyRequestsException", "Slow \"down\"\n", Map.of("Reason", "Limit")), ID);
        assertEquals(429, response.status());
        assertEquals(
                Map.of(
                        "Content-Type", "application/json",
                        "x-amzn-ErrorType", "TooManyRequestsException",
                        "x-amzn-RequestId", ID),
                response.headers());
        assertEquals("{\"message\":\"Slow \\\"down\\\"\\n\",\"Reason\":\"Limit\"}", body(response));
    }

    @Test
    void lambdaWritesTypeAndACapitalisedMessageForSomeCodes() {
        WireResponse notFound =
                LAMBDA.error(AwsException.notFound("Function not found: arn:aws:lambda:us-east-1:0:function:f"), ID);
        assertEquals(404, notFound.status());
        assertEquals(
                "{\"__type\":\"ResourceNotFoundException\",\"Type\":\"User\","
                        + "\"Message\":\"Function not found: arn:aws:lambda:us-east-1:0:function:f\"}",
                body(notFound));
        assertEquals("ResourceNotFoundException", notFound.headers().get("x-amzn-ErrorType"));
        assertEquals(
                "{\"__type\":\"ServiceException\",\"Type\":\"Service\",\"Message\":\"Internal error: x\"}",
                body(LAMBDA.error(AwsException.service("Internal error: x"), ID)));
        assertEquals(
                "{\"__type\":\"InvalidParameterValueException\",\"Type\":\"User\",\"message\":\"bad\"}",
                body(LAMBDA.error(new AwsException(400, "InvalidParameterValueException", "bad"), ID)));
    }

    @Test
    void lambdasValidationExceptionHasNoType() {
        assertEquals(
                "{\"__type\":\"ValidationException\",\"message\":\"1 validation error detected\"}",
                body(LAMBDA.error(AwsException.validation("1 validation error detected"), ID)));
    }

    @Test
    void lambdaAsksAThrottledClientToWaitASecond() {
        WireResponse throttled = LAMBDA.error(
                new AwsException(
                        429,
                        "TooManyRequestsException",
                        "Rate Exceeded.",
                        Map.of("Reason", "ReservedFunctionConcurrentInvocationLimitExceeded")),
                ID);
        assertEquals("1", throttled.headers().get("Retry-After"));
        assertEquals(
                "{\"__type\":\"TooManyRequestsException\",\"Type\":\"User\",\"message\":\"Rate Exceeded.\","
                        + "\"Reason\":\"ReservedFunctionConcurrentInvocationLimitExceeded\"}",
                body(throttled));
        assertEquals(null, LAMBDA.error(AwsException.service("x"), ID).headers().get("Retry-After"));
    }
}

package dev.lamina.lambda.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.core.AwsException;
import org.junit.jupiter.api.Test;

class ArnsTest {
    private final Arns arns = new Arns("us-east-1", "123456789012");

    @Test
    void everyFormOfFunctionName() {
        assertEquals(new Arns.FunctionRef("f", null), arns.parse("f", null));
        assertEquals(new Arns.FunctionRef("f", "$LATEST"), arns.parse("f:$LATEST", null));
        assertEquals(new Arns.FunctionRef("f", "prod"), arns.parse("123456789012:function:f:prod", null));
        assertEquals(
                new Arns.FunctionRef("f", "7"), arns.parse("arn:aws:lambda:us-east-1:123456789012:function:f:7", null));
        assertEquals(new Arns.FunctionRef("f", "3"), arns.parse("f", "3"));
    }

    @Test
    void qualifiersMustAgree() {
        AwsException e = assertThrows(AwsException.class, () -> arns.parse("f:1", "2"));
        assertEquals("InvalidParameterValueException", e.code());
    }

    @Test
    void anotherAccountOrRegionIsNotFound() {
        assertEquals(
                404,
                assertThrows(
                                AwsException.class,
                                () -> arns.parse("arn:aws:lambda:eu-west-1:123456789012:function:f", null))
                        .status());
        assertEquals(
                404,
                assertThrows(AwsException.class, () -> arns.parse("999999999999:function:f", null))
                        .status());
        assertEquals(
                "Functions from 'eu-west-1' are not reachable in this region ('us-east-1')",
                assertThrows(
                                AwsException.class,
                                () -> arns.parse("arn:aws:lambda:eu-west-1:123456789012:function:f", null))
                        .getMessage());
    }

    @Test
    void aMalformedReferenceIsAValidationErrorQuotingTheModelsPattern() {
        AwsException e = assertThrows(AwsException.class, () -> arns.parseNamespaced("my-function!", null));
        assertEquals("ValidationException", e.code());
        assertEquals(
                "1 validation error detected: Value 'my-function!' at 'functionName' failed to satisfy constraint:"
                        + " Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?"
                        + "[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?"
                        + "([a-zA-Z0-9-_\\.]+)(:(\\$LATEST(\\.PUBLISHED)?|[a-zA-Z0-9-_]+))?",
                e.getMessage());
        AwsException two = assertThrows(
                AwsException.class, () -> arns.parse("arn:aws:lambda:nowhere:1:function:" + "a".repeat(140), "b"));
        assertEquals(true, two.getMessage().startsWith("2 validation errors detected: Value 'arn:aws:lambda:nowhere"));
    }

    @Test
    void namespacedNamesMayHaveDotsAndAnyLength() {
        assertEquals(new Arns.FunctionRef("f.g", null), arns.parseNamespaced("f.g", null));
        assertEquals(new Arns.FunctionRef("f".repeat(65), null), arns.parseNamespaced("f".repeat(65), null));
        assertEquals(
                new Arns.FunctionRef("function", null),
                arns.parseNamespaced("arn:aws:lambda:us-east-1:123456789012:function", null));
    }

    @Test
    void createTakesPlainNamesUpTo64AndRefusesOtherAccounts() {
        assertEquals(
                "InvalidParameterValueException",
                assertThrows(AwsException.class, () -> arns.parseForCreate("a".repeat(65)))
                        .code());
        assertEquals(
                "AccessDeniedException",
                assertThrows(
                                AwsException.class,
                                () -> arns.parseForCreate("arn:aws:lambda:us-east-1:999999999999:function:f"))
                        .code());
    }

    @Test
    void arnsAreFormattedAsLambdaDoes() {
        assertEquals("arn:aws:lambda:us-east-1:123456789012:function:f", arns.functionArn("f"));
        assertEquals("arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST", arns.functionArn("f", "$LATEST"));
    }
}

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
                404,
                assertThrows(AwsException.class, () -> arns.parse("f".repeat(65), null))
                        .status());
    }

    @Test
    void arnsAreFormattedAsLambdaDoes() {
        assertEquals("arn:aws:lambda:us-east-1:123456789012:function:f", arns.functionArn("f"));
        assertEquals("arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST", arns.functionArn("f", "$LATEST"));
    }
}

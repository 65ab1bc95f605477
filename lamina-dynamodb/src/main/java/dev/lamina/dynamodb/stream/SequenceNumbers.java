package dev.lamina.dynamodb.stream;

import dev.lamina.core.AwsException;
import java.math.BigInteger;

/**
 * A stream's sequence numbers as DynamoDB Streams writes them: decimal strings of 21 digits (the
 * model's minimum length), {@code 1} then the stream's counter in 20 digits, so they compare alike as
 * text and as numbers and increase with the counter. Pure.
 */
public final class SequenceNumbers {
    private static final BigInteger BASE = BigInteger.TEN.pow(20);

    private SequenceNumbers() {}

    public static String format(long sequence) {
        return BASE.add(BigInteger.valueOf(sequence)).toString();
    }

    /** The counter {@code text} names; a ValidationException when it is not one of ours. */
    public static long parse(String text) {
        if (text == null
                || text.length() < 21
                || text.length() > 40
                || !text.chars().allMatch(Character::isDigit)) {
            throw AwsException.validation("Invalid SequenceNumber: " + text);
        }
        BigInteger n = new BigInteger(text).subtract(BASE);
        if (n.signum() <= 0 || n.bitLength() > 63) {
            throw AwsException.validation("Invalid SequenceNumber: " + text);
        }
        return n.longValueExact();
    }
}

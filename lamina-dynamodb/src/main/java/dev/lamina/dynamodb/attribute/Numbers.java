package dev.lamina.dynamodb.attribute;

import dev.lamina.core.AwsException;
import java.math.BigDecimal;

/**
 * DynamoDB's numbers: up to 38 significant digits, magnitudes from 1E-130 up to (not including)
 * 1E+126, zero, positive or negative. Parsed with {@link BigDecimal}, so arithmetic (UpdateExpression's
 * {@code +}, {@code -}, {@code ADD}) is exact and a result past 38 digits is refused, not rounded.
 */
public final class Numbers {
    private static final BigDecimal SMALLEST = new BigDecimal("1E-130");
    private static final BigDecimal TOO_LARGE = new BigDecimal("1E+126");

    private Numbers() {}

    /**
     * The number {@code text} denotes, checked against DynamoDB's range.
     *
     * @throws AwsException a {@code ValidationException} with DynamoDB's message when it is not a
     *     number or does not fit
     */
    public static BigDecimal parse(String text) {
        BigDecimal n;
        try {
            if (text.isEmpty() || text.indexOf('_') >= 0 || Character.isWhitespace(text.charAt(0))) {
                throw new NumberFormatException();
            }
            n = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw AwsException.validation(
                    "The parameter cannot be converted to a numeric value" + (text.isEmpty() ? "" : ": " + text));
        }
        return check(n);
    }

    /** {@code n} if DynamoDB can store it; the error DynamoDB gives otherwise. */
    public static BigDecimal check(BigDecimal n) {
        BigDecimal c = canonical(n);
        if (c.signum() == 0) {
            return c;
        }
        if (c.precision() > 38) {
            throw AwsException.validation("Attempting to store more than 38 significant digits in a Number");
        }
        BigDecimal magnitude = c.abs();
        if (magnitude.compareTo(TOO_LARGE) >= 0) {
            throw AwsException.validation(
                    "Number overflow. Attempting to store a number with magnitude larger than supported range");
        }
        if (magnitude.compareTo(SMALLEST) < 0) {
            throw AwsException.validation(
                    "Number underflow. Attempting to store a number with magnitude smaller than supported range");
        }
        return c;
    }

    /** {@code n} without trailing zeros (and zero as plain {@code 0}), so equal numbers are equal. */
    public static BigDecimal canonical(BigDecimal n) {
        return n.signum() == 0 ? BigDecimal.ZERO : n.stripTrailingZeros();
    }

    /** The bytes DynamoDB counts for a number: one per two significant digits, plus one. */
    static int size(BigDecimal n) {
        return (n.precision() + 1) / 2 + 1;
    }
}

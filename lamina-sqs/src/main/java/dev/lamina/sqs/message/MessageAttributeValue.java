package dev.lamina.sqs.message;

import dev.lamina.sqs.queue.SqsErrors;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * One message attribute (or message system attribute) as sent: its data type ({@code String},
 * {@code Number} or {@code Binary}, each optionally followed by {@code .} and a custom label) and its
 * value, text for the first two and bytes for the third.
 *
 * @param stringValue the value of a {@code String} or {@code Number}, else {@code null}
 * @param binaryValue the value of a {@code Binary}, else {@code null}
 */
public record MessageAttributeValue(String dataType, String stringValue, byte[] binaryValue) {

    public MessageAttributeValue {
        Objects.requireNonNull(dataType, "dataType");
    }

    /** Whether its value travels as bytes (type {@code Binary…}) rather than text. */
    public boolean binary() {
        return dataType.startsWith("Binary");
    }

    /** How many bytes it counts toward the message's size: name, type and value. */
    int size(String name) {
        return utf8(name).length + utf8(dataType).length + (binary() ? binaryValue.length : utf8(stringValue).length);
    }

    /**
     * Checks the attribute {@code name} as SQS does; throws {@code InvalidParameterValue} with SQS's
     * reason when it breaks a rule.
     */
    void check(String name) {
        if (name.isEmpty() || name.length() > 256 || !name.matches("[A-Za-z0-9_.\\-]+")) {
            throw invalid(name, "can only contain letters, digits, '_', '-' and '.', and be at most 256 long.");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("aws.") || lower.startsWith("amazon.")) {
            throw invalid(name, "must not start with AWS-reserved prefixes 'AWS.' or 'Amazon.'.");
        }
        if (name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
            throw invalid(name, "must not start or end with a period, or have two in a row.");
        }
        String base = dataType.indexOf('.') < 0 ? dataType : dataType.substring(0, dataType.indexOf('.'));
        if (dataType.length() > 256
                || !(base.equals("String") || base.equals("Number") || base.equals("Binary"))
                || dataType.equals(base + ".")) {
            throw invalid(
                    name,
                    "has an invalid data type '" + dataType + "': it is String, Number or Binary,"
                            + " optionally followed by a period and a custom label.");
        }
        if (binary()) {
            if (binaryValue == null || binaryValue.length == 0) {
                throw invalid(name, "must contain a non-empty value of type 'Binary'.");
            }
        } else if (stringValue == null || stringValue.isEmpty()) {
            throw invalid(name, "must contain a non-empty value of type '" + base + "'.");
        } else if (base.equals("Number")) {
            try {
                new BigDecimal(stringValue.trim());
            } catch (NumberFormatException e) {
                throw invalid(name, "has the value '" + stringValue + "', which is not a number.");
            }
        }
    }

    private static RuntimeException invalid(String name, String reason) {
        return SqsErrors.invalidParameter("Message (user) attribute '" + name + "' " + reason);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageAttributeValue v
                && dataType.equals(v.dataType)
                && Objects.equals(stringValue, v.stringValue)
                && Arrays.equals(binaryValue, v.binaryValue);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dataType, stringValue, Arrays.hashCode(binaryValue));
    }

    @Override
    public String toString() {
        return dataType + "=" + (binary() ? binaryValue.length + " bytes" : stringValue);
    }
}

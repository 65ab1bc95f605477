package dev.lamina.iam.role;

import dev.lamina.core.AwsException;
import java.util.regex.Pattern;

/** IAM's errors, with its codes, statuses and words. */
public final class IamErrors {
    private IamErrors() {}

    /** IAM's names: role, policy and tag characters. */
    static final Pattern NAME = Pattern.compile("[\\w+=,.@-]+");

    static AwsException noSuchEntity(String message) {
        return new AwsException(404, "NoSuchEntity", message);
    }

    static AwsException alreadyExists(String message) {
        return new AwsException(409, "EntityAlreadyExists", message);
    }

    static AwsException deleteConflict(String message) {
        return new AwsException(409, "DeleteConflict", message);
    }

    static AwsException invalidInput(String message) {
        return new AwsException(400, "InvalidInput", message);
    }

    /** One of the model's constraints on {@code member} broken, in AWS's sentence. */
    static AwsException validation(String member, Object value, String constraint) {
        String shown = value == null ? "null" : "'" + value + "'";
        return new AwsException(
                400,
                "ValidationError",
                "1 validation error detected: Value " + shown + " at '" + member
                        + "' failed to satisfy constraint: Member must " + constraint);
    }

    /** Checks a required name: present, of 1 to {@code max} characters of {@link #NAME}. */
    static String name(String member, String value, int max) {
        if (value == null) {
            throw validation(member, null, "not be null");
        }
        if (value.isEmpty()) {
            throw validation(member, value, "have length greater than or equal to 1");
        }
        if (value.length() > max) {
            throw validation(member, value, "have length less than or equal to " + max);
        }
        if (!NAME.matcher(value).matches()) {
            throw validation(member, value, "satisfy regular expression pattern: [\\w+=,.@-]+");
        }
        return value;
    }
}

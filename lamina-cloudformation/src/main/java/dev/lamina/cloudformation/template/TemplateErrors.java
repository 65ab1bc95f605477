package dev.lamina.cloudformation.template;

import dev.lamina.core.AwsException;

/** CloudFormation's errors about templates and their input, in its words: all are {@code ValidationError}s. */
public final class TemplateErrors {
    private TemplateErrors() {}

    /** {@code Template format error: <what>}, as CloudFormation words a template it cannot read. */
    public static AwsException format(String what) {
        return validation("Template format error: " + what);
    }

    /** A 400 {@code ValidationError} with {@code message}. */
    public static AwsException validation(String message) {
        return new AwsException(400, "ValidationError", message);
    }
}

package dev.lamina.lambda.layer;

import dev.lamina.core.AwsException;
import java.util.ArrayList;
import java.util.List;

/**
 * Lambda's constraints on layer requests, from the botocore model. A request that breaks any is one
 * ValidationException listing every broken constraint, in AWS's words ("2 validation errors
 * detected: …; …").
 */
final class LayerValidation {
    /** The model's {@code Runtime} enum: what a layer may declare, whether or not this host runs it. */
    static final List<String> RUNTIMES = List.of(
            "nodejs",
            "nodejs4.3",
            "nodejs6.10",
            "nodejs8.10",
            "nodejs10.x",
            "nodejs12.x",
            "nodejs14.x",
            "nodejs16.x",
            "java8",
            "java8.al2",
            "java11",
            "python2.7",
            "python3.6",
            "python3.7",
            "python3.8",
            "python3.9",
            "dotnetcore1.0",
            "dotnetcore2.0",
            "dotnetcore2.1",
            "dotnetcore3.1",
            "dotnet6",
            "dotnet8",
            "nodejs4.3-edge",
            "go1.x",
            "ruby2.5",
            "ruby2.7",
            "provided",
            "provided.al2",
            "nodejs18.x",
            "python3.10",
            "java17",
            "ruby3.2",
            "ruby3.3",
            "ruby3.4",
            "python3.11",
            "nodejs20.x",
            "provided.al2023",
            "python3.12",
            "java21",
            "python3.13",
            "nodejs22.x",
            "nodejs24.x",
            "python3.14",
            "java25",
            "dotnet10",
            "ruby4.0");

    static final List<String> ARCHITECTURES = List.of("x86_64", "arm64");
    static final String NAME_PATTERN =
            "(arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+";
    static final String VERSION_ARN_PATTERN =
            "(arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:layer:"
                    + "[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+)";

    private final List<String> violations = new ArrayList<>();

    /** Throws the ValidationException for what was found, if anything. */
    void check() {
        if (violations.isEmpty()) {
            return;
        }
        int n = violations.size();
        throw AwsException.validation(
                n + " validation error" + (n > 1 ? "s" : "") + " detected: " + String.join("; ", violations));
    }

    LayerValidation layerName(String name) {
        if (name == null || name.isEmpty() || name.length() > 140) {
            violations.add("Value '" + name + "' at 'layerName' failed to satisfy constraint: Member must have length"
                    + " between 1 and 140");
        } else if (!name.matches(NAME_PATTERN)) {
            violations.add("Value '" + name + "' at 'layerName' failed to satisfy constraint: Member must satisfy"
                    + " regular expression pattern: " + NAME_PATTERN);
        }
        return this;
    }

    LayerValidation runtimes(List<String> runtimes) {
        return list(
                "compatibleRuntimes",
                runtimes,
                15,
                RUNTIMES,
                // layers may still declare retired runtimes; the message lists those Lambda offers today
                "Member must satisfy enum value set: "
                        + listed(dev.lamina.lambda.runtime.RuntimeCatalog.LAMBDA_RUNTIMES));
    }

    LayerValidation architectures(List<String> architectures) {
        return list(
                "compatibleArchitectures",
                architectures,
                2,
                ARCHITECTURES,
                "Member must satisfy constraint: [Member must satisfy enum value set: " + listed(ARCHITECTURES)
                        + ", Member must not be null]");
    }

    /** A list member of at most {@code max} values, each one of {@code allowed}. */
    private LayerValidation list(
            String member, List<String> values, int max, List<String> allowed, String enumConstraint) {
        if (values == null) {
            return this;
        }
        String prefix = "Value '" + listed(values) + "' at '" + member + "' failed to satisfy constraint: ";
        if (values.size() > max) {
            violations.add(prefix + "Member must have length less than or equal to " + max);
        }
        if (!allowed.containsAll(values)) {
            violations.add(prefix + enumConstraint);
        }
        return this;
    }

    /** A list filter ({@code CompatibleRuntime}, {@code CompatibleArchitecture}): one value of an enum. */
    LayerValidation filter(String member, String value, List<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            violations.add("Value '" + value + "' at '" + member + "' failed to satisfy constraint: Member must"
                    + " satisfy enum value set: " + listed(allowed));
        }
        return this;
    }

    LayerValidation maxLength(String member, String value, int max) {
        if (value != null && value.length() > max) {
            violations.add("Value '" + value + "' at '" + member + "' failed to satisfy constraint: Member must have"
                    + " length less than or equal to " + max);
        }
        return this;
    }

    private static String listed(List<String> values) {
        return "[" + String.join(", ", values) + "]";
    }
}

package dev.lamina.cloudformation.api;

import dev.lamina.cloudformation.template.TemplateErrors;
import dev.lamina.edge.QueryStrings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A query-protocol request's form: {@code Action=CreateChangeSet&StackName=s&Capabilities.member.1=CAPABILITY_IAM
 * &Parameters.member.1.ParameterKey=K&Parameters.member.1.ParameterValue=V}. Lists are
 * {@code <Name>.member.<n>}, lists of structures {@code <Name>.member.<n>.<Field>}, numbered from 1.
 * Pure.
 */
record QueryForm(Map<String, String> values) {
    static QueryForm parse(String form) {
        try {
            return new QueryForm(QueryStrings.parseForm(form));
        } catch (QueryStrings.Malformed e) {
            throw TemplateErrors.validation("The request's form is not URL-encoded: " + e.pair());
        }
    }

    String get(String name) {
        return values.get(name);
    }

    /** A required member; throws {@code ValidationError} in the words of AWS's model checks when it is missing. */
    String required(String name) {
        String value = values.get(name);
        if (value == null || value.isEmpty()) {
            throw TemplateErrors.validation(
                    "1 validation error detected: Value null at '" + Character.toLowerCase(name.charAt(0))
                            + name.substring(1) + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    boolean flag(String name) {
        return "true".equalsIgnoreCase(values.get(name));
    }

    /** {@code <name>.member.1}, {@code .2}, … up to the first missing. */
    List<String> list(String name) {
        List<String> out = new ArrayList<>();
        for (int i = 1; values.containsKey(name + ".member." + i); i++) {
            out.add(values.get(name + ".member." + i));
        }
        return out;
    }

    /** The structures {@code <name>.member.<n>.<Field>}, each as its fields. */
    List<Map<String, String>> structures(String name) {
        List<Map<String, String>> out = new ArrayList<>();
        for (int i = 1; ; i++) {
            String prefix = name + ".member." + i + ".";
            Map<String, String> fields = new LinkedHashMap<>();
            values.forEach((k, v) -> {
                if (k.startsWith(prefix)) {
                    fields.put(k.substring(prefix.length()), v);
                }
            });
            if (fields.isEmpty()) {
                return out;
            }
            out.add(fields);
        }
    }
}

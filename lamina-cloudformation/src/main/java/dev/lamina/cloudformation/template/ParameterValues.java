package dev.lamina.cloudformation.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The value of each parameter a template declares, from what the caller gave, what the stack had
 * before ({@code UsePreviousValue}) and the template's defaults, checked against {@code AllowedValues}
 * and {@code Type} as CloudFormation checks them. Pure.
 */
public final class ParameterValues {
    /** One parameter as the caller gives it: a value, or {@code usePrevious}. */
    public record Given(String key, String value, boolean usePrevious) {}

    private ParameterValues() {}

    /** The values; throws {@code ValidationError} naming what is missing, unknown or not allowed. */
    public static Map<String, String> of(ObjectNode declared, List<Given> given, Map<String, String> previous) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (Given g : given) {
            if (!declared.has(g.key())) {
                unknown.add(g.key());
            } else if (g.usePrevious()) {
                String before = previous.get(g.key());
                if (before == null) {
                    throw TemplateErrors.validation("Invalid input for parameter key " + g.key()
                            + ". Cannot specify usePreviousValue as true for a parameter key not in the previous"
                            + " template");
                }
                out.put(g.key(), before);
            } else {
                out.put(g.key(), g.value() == null ? "" : g.value());
            }
        }
        if (!unknown.isEmpty()) {
            throw TemplateErrors.validation("Parameters: " + unknown + " do not exist in the template");
        }
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : declared.properties()) {
            String key = e.getKey();
            JsonNode declaration = e.getValue();
            if (!out.containsKey(key)) {
                if (declaration.has("Default")) {
                    out.put(key, declaration.get("Default").asText());
                } else {
                    missing.add(key);
                    continue;
                }
            }
            check(key, declaration, out.get(key));
        }
        if (!missing.isEmpty()) {
            throw TemplateErrors.validation("Parameters: " + missing + " must have values");
        }
        return out;
    }

    private static void check(String key, JsonNode declaration, String value) {
        JsonNode allowed = declaration.path("AllowedValues");
        if (allowed.isArray() && !allowed.isEmpty()) {
            boolean found = false;
            for (JsonNode a : allowed) {
                found |= a.asText().equals(value);
            }
            if (!found) {
                throw TemplateErrors.validation("Parameter '" + key + "' must be one of AllowedValues");
            }
        }
        if (declaration.path("Type").asText("String").equals("Number")) {
            try {
                Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw TemplateErrors.validation("Parameter '" + key + "' must be a number.");
            }
        }
    }
}

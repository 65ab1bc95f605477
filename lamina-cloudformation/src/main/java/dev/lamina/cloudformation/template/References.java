package dev.lamina.cloudformation.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names a value refers to through {@code Ref}, {@code Fn::GetAtt} and the {@code ${…}} of
 * {@code Fn::Sub}: parameters, resources and pseudo parameters alike. Example: {@code {"Fn::Sub":
 * "${Queue.Arn}-${AWS::Region}-${!Literal}"}} refers to {@code Queue} and {@code AWS::Region}. Pure.
 */
final class References {
    /** {@code ${Name}} or {@code ${Name.Attribute}}; {@code ${!…}} is a literal. */
    static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}][^}]*)}");

    private References() {}

    static Set<String> of(JsonNode value, Set<String> dependsOn) {
        Set<String> out = new LinkedHashSet<>(dependsOn);
        collect(value, out);
        return out;
    }

    private static void collect(JsonNode value, Set<String> out) {
        if (value.isObject() && value.size() == 1) {
            if (value.path("Ref").isTextual()) {
                out.add(value.get("Ref").asText());
                return;
            }
            JsonNode getAtt = value.get("Fn::GetAtt");
            if (getAtt != null) {
                String target = getAtt.isArray()
                        ? getAtt.path(0).asText()
                        : getAtt.asText().split("\\.", 2)[0];
                out.add(target);
                return;
            }
            JsonNode sub = value.get("Fn::Sub");
            if (sub != null) {
                String text = sub.isArray() ? sub.path(0).asText() : sub.asText();
                Set<String> locals = new LinkedHashSet<>();
                if (sub.isArray() && sub.path(1).isObject()) {
                    sub.get(1).properties().forEach(e -> {
                        locals.add(e.getKey());
                        collect(e.getValue(), out);
                    });
                }
                Matcher m = SUB_VARIABLE.matcher(text);
                while (m.find()) {
                    String name = m.group(1).strip();
                    String head = name.startsWith("AWS::") ? name : name.split("\\.", 2)[0];
                    if (!locals.contains(head)) {
                        out.add(head);
                    }
                }
                return;
            }
        }
        value.forEach(child -> collect(child, out));
    }
}

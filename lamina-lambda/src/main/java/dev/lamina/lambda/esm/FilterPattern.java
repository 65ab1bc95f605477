package dev.lamina.lambda.esm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/**
 * One filter of an event source mapping's {@code FilterCriteria}, in Lambda's filter rule syntax: an
 * object whose fields name the record's fields and whose leaves are arrays of matchers (a literal,
 * or {@code prefix}, {@code suffix}, {@code equals-ignore-case}, {@code anything-but}, {@code numeric},
 * {@code exists}, {@code wildcard}), with {@code $or} for alternatives. A record matches when every
 * field of the pattern matches; a leaf matches when any of its matchers matches the value, or, for a
 * value that is an array, any of its elements. Immutable and thread-safe.
 */
public final class FilterPattern {
    private final ObjectNode pattern;

    private FilterPattern(ObjectNode pattern) {
        this.pattern = pattern;
    }

    /**
     * Parses a pattern.
     *
     * @throws IllegalArgumentException with what is wrong, when it is not a valid pattern
     */
    public static FilterPattern parse(ObjectMapper json, String text) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the pattern is not JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode object) || object.isEmpty()) {
            throw new IllegalArgumentException("a pattern must be a non-empty JSON object");
        }
        check(object);
        return new FilterPattern(object);
    }

    private static void check(ObjectNode object) {
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            JsonNode value = field.getValue();
            if (field.getKey().equals("$or")) {
                if (!value.isArray() || value.size() < 2) {
                    throw new IllegalArgumentException("$or takes an array of at least two patterns");
                }
                value.forEach(alternative -> {
                    if (!(alternative instanceof ObjectNode o) || o.isEmpty()) {
                        throw new IllegalArgumentException("each $or alternative must be a pattern object");
                    }
                    check(o);
                });
            } else if (value instanceof ObjectNode nested) {
                if (nested.isEmpty()) {
                    throw new IllegalArgumentException("empty object at " + field.getKey());
                }
                check(nested);
            } else if (value.isArray()) {
                if (value.isEmpty()) {
                    throw new IllegalArgumentException("empty array of matchers at " + field.getKey());
                }
                value.forEach(matcher -> checkMatcher(field.getKey(), matcher));
            } else {
                throw new IllegalArgumentException(
                        "the value at " + field.getKey() + " must be an array of matchers or an object");
            }
        }
    }

    private static void checkMatcher(String field, JsonNode matcher) {
        if (!matcher.isObject()) {
            return; // a literal
        }
        if (matcher.size() != 1) {
            throw new IllegalArgumentException("a matcher at " + field + " must have exactly one operator");
        }
        String op = matcher.fieldNames().next();
        JsonNode arg = matcher.get(op);
        boolean valid = switch (op) {
            case "prefix", "suffix", "equals-ignore-case", "wildcard" ->
                arg.isTextual() || (arg.isObject() && arg.has("equals-ignore-case"));
            case "exists" -> arg.isBoolean();
            case "anything-but" -> arg.isValueNode() || arg.isArray() || arg.isObject();
            case "numeric" -> validNumeric(arg);
            default -> false;
        };
        if (!valid) {
            throw new IllegalArgumentException("unsupported or malformed operator " + op + " at " + field);
        }
    }

    private static boolean validNumeric(JsonNode arg) {
        if (!arg.isArray() || arg.isEmpty() || arg.size() % 2 != 0 || arg.size() > 4) {
            return false;
        }
        for (int i = 0; i < arg.size(); i += 2) {
            String op = arg.get(i).asText();
            if (!arg.get(i).isTextual()
                    || !op.matches("=|<|<=|>|>=")
                    || !arg.get(i + 1).isNumber()) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code record} (the record as the function would receive it) matches. */
    public boolean matches(JsonNode record) {
        return matchesObject(pattern, record);
    }

    private static boolean matchesObject(ObjectNode pattern, JsonNode value) {
        for (Map.Entry<String, JsonNode> field : pattern.properties()) {
            JsonNode rule = field.getValue();
            if (field.getKey().equals("$or")) {
                boolean any = false;
                for (JsonNode alternative : rule) {
                    any |= matchesObject((ObjectNode) alternative, value);
                }
                if (!any) {
                    return false;
                }
                continue;
            }
            JsonNode member = value == null || !value.isObject() ? null : value.get(field.getKey());
            if (rule instanceof ObjectNode nested) {
                if (!matchesObject(nested, member)) {
                    return false;
                }
            } else if (!matchesLeaf(rule, member)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesLeaf(JsonNode matchers, JsonNode value) {
        for (JsonNode matcher : matchers) {
            if (matcher.isObject() && matcher.has("exists")) {
                boolean present = value != null && !value.isNull() && !(value.isArray() && value.isEmpty());
                if (present == matcher.get("exists").asBoolean()) {
                    return true;
                }
                continue;
            }
            if (value == null) {
                continue;
            }
            if (value.isArray()) {
                for (JsonNode element : value) {
                    if (matchesOne(matcher, element)) {
                        return true;
                    }
                }
            } else if (matchesOne(matcher, value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesOne(JsonNode matcher, JsonNode value) {
        if (!matcher.isObject()) {
            return literal(matcher, value);
        }
        String op = matcher.fieldNames().next();
        JsonNode arg = matcher.get(op);
        String text = value.isTextual() ? value.asText() : null;
        return switch (op) {
            case "prefix" -> text != null && affix(arg, text, true);
            case "suffix" -> text != null && affix(arg, text, false);
            case "equals-ignore-case" -> text != null && text.equalsIgnoreCase(arg.asText());
            case "wildcard" -> text != null && wildcard(arg.asText(), text);
            case "numeric" -> value.isNumber() && numeric(arg, value.decimalValue());
            case "anything-but" -> !anythingBut(arg, value);
            default -> false;
        };
    }

    /** Whether {@code value} is one of what {@code anything-but} excludes. */
    private static boolean anythingBut(JsonNode arg, JsonNode value) {
        if (arg.isArray()) {
            for (JsonNode excluded : arg) {
                if (literal(excluded, value)) {
                    return true;
                }
            }
            return false;
        }
        if (arg.isObject()) {
            return matchesOne(arg, value);
        }
        return literal(arg, value);
    }

    private static boolean affix(JsonNode arg, String text, boolean prefix) {
        if (arg.isObject()) {
            String affix = arg.get("equals-ignore-case").asText().toLowerCase(Locale.ROOT);
            String lower = text.toLowerCase(Locale.ROOT);
            return prefix ? lower.startsWith(affix) : lower.endsWith(affix);
        }
        return prefix ? text.startsWith(arg.asText()) : text.endsWith(arg.asText());
    }

    private static boolean wildcard(String pattern, String text) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(java.util.regex.Pattern.quote(part));
        }
        return text.matches(regex.toString());
    }

    private static boolean numeric(JsonNode arg, BigDecimal number) {
        for (int i = 0; i < arg.size(); i += 2) {
            int c = number.compareTo(arg.get(i + 1).decimalValue());
            boolean ok = switch (arg.get(i).asText()) {
                case "=" -> c == 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                default -> c >= 0;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean literal(JsonNode expected, JsonNode value) {
        if (expected.isNumber() && value.isNumber()) {
            return expected.decimalValue().compareTo(value.decimalValue()) == 0;
        }
        return expected.equals(value);
    }
}

package dev.lamina.scheduler.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import dev.lamina.edge.EdgeService;
import dev.lamina.edge.protocol.AwsJson;
import dev.lamina.scheduler.rules.Rule;
import dev.lamina.scheduler.rules.RuleTarget;
import dev.lamina.scheduler.rules.Rules;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules part of EventBridge's API (2015-10-07, JSON 1.1, {@code X-Amz-Target: AWSEvents.<Op>},
 * signed for {@code events}): PutRule, DescribeRule, ListRules, DeleteRule, EnableRule, DisableRule,
 * PutTargets, ListTargetsByRule and RemoveTargets, on the default event bus, and the rules' tags.
 */
public final class EventsApi {
    public static final String TARGET_PREFIX = "AWSEvents";

    private static final Pattern NAME = Pattern.compile("[\\.\\-_A-Za-z0-9]+");
    private static final Set<String> STATES =
            Set.of("ENABLED", "DISABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS");

    private final Rules rules;
    private final ObjectMapper json;

    public EventsApi(Rules rules, ObjectMapper json) {
        this.rules = rules;
        this.json = json;
    }

    public EdgeService service() {
        return new EdgeService.TargetApi("events", "events", AwsJson.V1_1, TARGET_PREFIX, this::perform);
    }

    private JsonNode perform(String operation, JsonNode in) {
        return switch (operation) {
            case "PutRule" -> json.createObjectNode().put("RuleArn", rules.put(putRule(in)));
            case "DescribeRule" -> describe(rules.describe(name(in, "Name")));
            case "ListRules" -> listRules(in);
            case "DeleteRule" -> {
                rules.delete(name(in, "Name"));
                yield json.createObjectNode();
            }
            case "EnableRule", "DisableRule" -> {
                rules.setEnabled(name(in, "Name"), operation.equals("EnableRule"));
                yield json.createObjectNode();
            }
            case "PutTargets" -> putTargets(in);
            case "ListTargetsByRule" -> listTargets(in);
            case "RemoveTargets" -> removeTargets(in);
            case "TagResource" -> {
                rules.tagging().tag(resourceArn(in), TagDocuments.read(in.get("Tags")));
                yield json.createObjectNode();
            }
            case "UntagResource" -> {
                List<String> keys = new ArrayList<>();
                in.path("TagKeys").forEach(k -> keys.add(k.asText()));
                rules.tagging().untag(resourceArn(in), keys);
                yield json.createObjectNode();
            }
            case "ListTagsForResource" -> {
                ObjectNode out = json.createObjectNode();
                out.set("Tags", TagDocuments.write(rules.tagging().tags(resourceArn(in))));
                yield out;
            }
            default -> throw new AwsException(400, "UnknownOperationException", "Unknown operation " + operation);
        };
    }

    private Rules.PutRule putRule(JsonNode in) {
        String state = text(in, "State", 0, 64);
        if (state != null && !STATES.contains(state)) {
            throw invalid(
                    state,
                    "state",
                    "Member must satisfy enum value set: "
                            + STATES.stream().sorted().toList());
        }
        return new Rules.PutRule(
                name(in, "Name"),
                text(in, "ScheduleExpression", 0, 256),
                text(in, "EventPattern", 0, 4096),
                state,
                text(in, "Description", 0, 512),
                text(in, "RoleArn", 1, 1600),
                TagDocuments.read(in.get("Tags")));
    }

    private static String resourceArn(JsonNode in) {
        String arn = text(in, "ResourceARN", 1, 1600);
        if (arn == null) {
            throw invalid(null, "resourceARN", "Member must not be null");
        }
        return arn;
    }

    private ObjectNode describe(Rule r) {
        ObjectNode out = json.createObjectNode().put("Name", r.name()).put("Arn", r.arn());
        putIf(out, "EventPattern", r.eventPattern());
        putIf(out, "ScheduleExpression", r.scheduleExpression());
        out.put("State", r.state());
        putIf(out, "Description", r.description());
        putIf(out, "RoleArn", r.roleArn());
        return out.put("EventBusName", Rules.DEFAULT_BUS)
                .put("CreatedBy", r.arn().split(":")[4]);
    }

    private ObjectNode listRules(JsonNode in) {
        bus(in);
        Rules.Page<Rule> page = rules.list(text(in, "NamePrefix", 1, 64), text(in, "NextToken", 1, 2048), limit(in));
        ObjectNode out = json.createObjectNode();
        ArrayNode items = out.putArray("Rules");
        page.items().forEach(r -> items.add(describe(r).without("CreatedBy")));
        putIf(out, "NextToken", page.next());
        return out;
    }

    private ObjectNode putTargets(JsonNode in) {
        String rule = name(in, "Rule");
        JsonNode targets = in.get("Targets");
        if (targets == null || !targets.isArray() || targets.isEmpty() || targets.size() > 10) {
            throw invalid(null, "targets", "Member must have length between 1 and 10");
        }
        List<ObjectNode> list = new ArrayList<>();
        for (JsonNode t : targets) {
            if (!t.isObject()) {
                throw AwsException.validation("Each target is an object");
            }
            name(t, "Id");
            text(t, "Arn", 1, 1600);
            if (!t.hasNonNull("Arn")) {
                throw invalid(null, "targets.member.arn", "Member must not be null");
            }
            if (t.hasNonNull("Input") && t.hasNonNull("InputPath")) {
                throw AwsException.validation("Only one of Input, InputPath, or InputTransformer can be provided.");
            }
            list.add((ObjectNode) t);
        }
        List<Rules.Failed> failed = rules.putTargets(rule, list);
        ObjectNode out = json.createObjectNode().put("FailedEntryCount", failed.size());
        ArrayNode entries = out.putArray("FailedEntries");
        failed.forEach(f -> entries.addObject()
                .put("TargetId", f.id())
                .put("ErrorCode", f.code())
                .put("ErrorMessage", f.message()));
        return out;
    }

    private ObjectNode listTargets(JsonNode in) {
        Rules.Page<RuleTarget> page = rules.targets(name(in, "Rule"), text(in, "NextToken", 1, 2048), limit(in));
        ObjectNode out = json.createObjectNode();
        ArrayNode items = out.putArray("Targets");
        page.items().forEach(t -> items.add(t.document()));
        putIf(out, "NextToken", page.next());
        return out;
    }

    private ObjectNode removeTargets(JsonNode in) {
        String rule = name(in, "Rule");
        JsonNode ids = in.get("Ids");
        if (ids == null || !ids.isArray() || ids.isEmpty() || ids.size() > 100) {
            throw invalid(null, "ids", "Member must have length between 1 and 100");
        }
        List<String> list = new ArrayList<>();
        ids.forEach(i -> list.add(i.asText()));
        rules.removeTargets(rule, list);
        ObjectNode out = json.createObjectNode().put("FailedEntryCount", 0);
        out.putArray("FailedEntries");
        return out;
    }

    /** A rule's or target's name: required, 1–64 of letters, digits, {@code . - _}; the bus must be the default. */
    private static String name(JsonNode in, String field) {
        bus(in);
        String name = text(in, field, 1, 64);
        if (name == null) {
            throw invalid(null, Character.toLowerCase(field.charAt(0)) + field.substring(1), "Member must not be null");
        }
        if (!NAME.matcher(name).matches()) {
            throw invalid(
                    name,
                    Character.toLowerCase(field.charAt(0)) + field.substring(1),
                    "Member must satisfy regular expression pattern: " + NAME.pattern());
        }
        return name;
    }

    private static void bus(JsonNode in) {
        String bus = in.path("EventBusName").asText(null);
        if (bus != null && !bus.equals(Rules.DEFAULT_BUS) && !bus.endsWith(":event-bus/default")) {
            throw AwsException.notFound("Event bus " + bus + " does not exist.");
        }
    }

    private static int limit(JsonNode in) {
        JsonNode limit = in.get("Limit");
        if (limit == null || limit.isNull()) {
            return 100;
        }
        if (!limit.isIntegralNumber() || limit.asInt() < 1 || limit.asInt() > 100) {
            throw invalid(limit.asText(), "limit", "Member must have value between 1 and 100");
        }
        return limit.asInt();
    }

    private static String text(JsonNode in, String field, int min, int max) {
        JsonNode v = in.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw AwsException.validation("Parameter " + field + " is not a string.");
        }
        String s = v.asText();
        if (s.length() < min || s.length() > max) {
            throw invalid(
                    s,
                    Character.toLowerCase(field.charAt(0)) + field.substring(1),
                    "Member must have length between " + min + " and " + max);
        }
        return s;
    }

    private static void putIf(ObjectNode out, String field, String value) {
        if (value != null) {
            out.put(field, value);
        }
    }

    private static AwsException invalid(String value, String path, String constraint) {
        return AwsException.validation("1 validation error detected: Value "
                + (value == null ? "null" : "'" + value + "'") + " at '" + path + "' failed to satisfy constraint: "
                + constraint);
    }
}

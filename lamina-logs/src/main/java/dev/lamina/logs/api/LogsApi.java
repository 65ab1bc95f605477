package dev.lamina.logs.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import dev.lamina.edge.EdgeService;
import dev.lamina.edge.protocol.AwsJson;
import dev.lamina.logs.LogEvent;
import dev.lamina.logs.LogRetention;
import dev.lamina.logs.LogStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The part of CloudWatch Logs (2014-03-28, JSON 1.1 protocol, chosen by {@code X-Amz-Target}) that
 * reads function logs: FilterLogEvents, GetLogEvents, DescribeLogStreams and DescribeLogGroups, so
 * that {@code aws logs tail} / {@code filter-log-events} and {@code lamina logs} work; and the part
 * that sets how long they are kept: PutRetentionPolicy and DeleteRetentionPolicy; and CreateLogGroup and
 * DeleteLogGroup (a group is also made by a function's first event).
 */
public final class LogsApi {
    /** What {@code X-Amz-Target} starts with, before the operation's name. */
    public static final String TARGET_PREFIX = "Logs_20140328";

    private static final int DEFAULT_LIMIT = 10_000;
    private static final int MAX_GROUPS = 50;
    private static final java.util.regex.Pattern GROUP_NAME =
            java.util.regex.Pattern.compile("[.\\-_/#A-Za-z0-9]{1,512}");

    private final LogStore logs;
    private final LogRetention retention;
    private final ObjectMapper json;
    private final String region;
    private final String account;

    public LogsApi(LogStore logs, LogRetention retention, ObjectMapper json, String region, String account) {
        this.logs = logs;
        this.retention = retention;
        this.json = json;
        this.region = region;
        this.account = account;
    }

    /**
     * The Logs API on the edge: requests signed for {@code logs}, operations named by
     * {@code X-Amz-Target}, bodies and errors in AWS JSON 1.1.
     */
    public EdgeService service() {
        return new EdgeService.TargetApi("logs", "logs", AwsJson.V1_1, TARGET_PREFIX, this::perform);
    }

    private ObjectNode perform(String operation, JsonNode input) {
        return switch (operation) {
            case "FilterLogEvents" -> filter(input);
            case "GetLogEvents" -> getEvents(input);
            case "DescribeLogStreams" -> describeStreams(input);
            case "DescribeLogGroups" -> describeGroups(input);
            case "CreateLogGroup" -> createGroup(input);
            case "DeleteLogGroup" -> {
                logs.deleteGroup(group(input));
                yield json.createObjectNode();
            }
            case "PutRetentionPolicy" -> putRetention(input);
            case "DeleteRetentionPolicy" -> {
                retention.delete(group(input));
                yield json.createObjectNode();
            }
            default -> throw new AwsException(400, "UnknownOperationException", "Unknown operation " + operation);
        };
    }

    private ObjectNode filter(JsonNode body) {
        String group = group(body);
        long start = body.path("startTime").asLong(0);
        long end = body.has("endTime") ? body.get("endTime").asLong() : Long.MAX_VALUE;
        String prefix = body.path("logStreamNamePrefix").asText(null);
        List<String> names = new ArrayList<>();
        body.path("logStreamNames").forEach(n -> names.add(n.asText()));
        String pattern = body.path("filterPattern").asText("");
        int limit = body.path("limit").asInt(DEFAULT_LIMIT);
        int offset = token(body.path("nextToken").asText(null));
        List<LogEvent> events = logs.read(group, start, end, prefix).stream()
                .filter(e -> names.isEmpty() || names.contains(e.logStreamName()))
                .filter(e -> matches(pattern, e.message()))
                .toList();
        ObjectNode out = json.createObjectNode();
        ArrayNode items = out.putArray("events");
        int stop = Math.min(events.size(), offset + limit);
        for (int i = offset; i < stop; i++) {
            LogEvent e = events.get(i);
            items.addObject()
                    .put("logStreamName", e.logStreamName())
                    .put("timestamp", e.timestamp())
                    .put("message", e.message())
                    .put("ingestionTime", e.ingestionTime())
                    .put("eventId", e.timestamp() + "-" + i);
        }
        out.putArray("searchedLogStreams");
        if (stop < events.size()) {
            out.put("nextToken", "o" + stop);
        }
        return out;
    }

    private ObjectNode getEvents(JsonNode body) {
        String group = group(body);
        String stream = body.path("logStreamName").asText(null);
        if (stream == null) {
            throw new AwsException(400, "InvalidParameterException", "logStreamName is required");
        }
        long start = body.path("startTime").asLong(0);
        long end = body.has("endTime") ? body.get("endTime").asLong() : Long.MAX_VALUE;
        int limit = body.path("limit").asInt(DEFAULT_LIMIT);
        int offset = token(body.path("nextToken").asText(null));
        List<LogEvent> events = logs.read(group, start, end, stream).stream()
                .filter(e -> e.logStreamName().equals(stream))
                .toList();
        ObjectNode out = json.createObjectNode();
        ArrayNode items = out.putArray("events");
        int stop = Math.min(events.size(), offset + limit);
        for (int i = offset; i < stop; i++) {
            LogEvent e = events.get(i);
            items.addObject()
                    .put("timestamp", e.timestamp())
                    .put("message", e.message())
                    .put("ingestionTime", e.ingestionTime());
        }
        out.put("nextForwardToken", "o" + stop);
        out.put("nextBackwardToken", "o" + offset);
        return out;
    }

    private ObjectNode describeStreams(JsonNode body) {
        String group = group(body);
        ObjectNode out = json.createObjectNode();
        ArrayNode items = out.putArray("logStreams");
        String prefix = body.path("logStreamNamePrefix").asText("");
        for (String stream : logs.streams(group)) {
            if (stream.startsWith(prefix)) {
                items.addObject()
                        .put("logStreamName", stream)
                        .put(
                                "arn",
                                "arn:aws:logs:" + region + ":" + account + ":log-group:" + group + ":log-stream:"
                                        + stream);
            }
        }
        return out;
    }

    private ObjectNode createGroup(JsonNode body) {
        String group = body.path("logGroupName").asText("");
        if (!GROUP_NAME.matcher(group).matches()) {
            throw new AwsException(
                    400,
                    "InvalidParameterException",
                    "1 validation error detected: Value '" + group + "' at 'logGroupName' failed to satisfy"
                            + " constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+");
        }
        if (!logs.createGroup(group)) {
            throw new AwsException(400, "ResourceAlreadyExistsException", "The specified log group already exists");
        }
        return json.createObjectNode();
    }

    private ObjectNode putRetention(JsonNode body) {
        String group = group(body);
        JsonNode days = body.path("retentionInDays");
        if (!days.canConvertToInt()) {
            throw new AwsException(400, "InvalidParameterException", "retentionInDays is required");
        }
        retention.put(group, days.asInt());
        return json.createObjectNode();
    }

    /** The log groups, with their retention where it is finite (absent: never expire, as on AWS). */
    private ObjectNode describeGroups(JsonNode body) {
        String prefix = body.path("logGroupNamePrefix").asText("");
        String pattern = body.path("logGroupNamePattern").asText("");
        int limit = body.path("limit").asInt(MAX_GROUPS);
        if (limit < 1 || limit > MAX_GROUPS) {
            throw new AwsException(
                    400,
                    "InvalidParameterException",
                    "1 validation error detected: Value '" + limit + "' at 'limit' failed to satisfy constraint:"
                            + " Member must have value "
                            + (limit < 1 ? "greater than or equal to 1" : "less than or equal to 50"));
        }
        List<String> groups = logs.groups().stream()
                .filter(g -> g.startsWith(prefix) && g.contains(pattern))
                .toList();
        int offset = token(body.path("nextToken").asText(null));
        ObjectNode out = json.createObjectNode();
        ArrayNode items = out.putArray("logGroups");
        int stop = Math.min(groups.size(), offset + limit);
        for (String group : groups.subList(Math.min(offset, stop), stop)) {
            String arn = "arn:aws:logs:" + region + ":" + account + ":log-group:" + group;
            ObjectNode item = items.addObject()
                    .put("logGroupName", group)
                    .put("creationTime", logs.creationTime(group))
                    .put("metricFilterCount", 0)
                    .put("arn", arn + ":*")
                    .put("storedBytes", logs.storedBytes(group))
                    .put("logGroupClass", "STANDARD")
                    .put("logGroupArn", arn);
            retention.days(group).ifPresent(d -> item.put("retentionInDays", d));
        }
        if (stop < groups.size()) {
            out.put("nextToken", "o" + stop);
        }
        return out;
    }

    private String group(JsonNode body) {
        String group = body.path("logGroupName").asText(null);
        if (group == null) {
            throw new AwsException(400, "InvalidParameterException", "logGroupName is required");
        }
        if (!logs.groupExists(group)) {
            throw new AwsException(400, "ResourceNotFoundException", "The specified log group does not exist.");
        }
        return group;
    }

    private static int token(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseInt(token.substring(1));
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new AwsException(400, "InvalidParameterException", "The specified nextToken is invalid.");
        }
    }

    /** A small subset of the filter pattern syntax: every term (or "quoted phrase") must occur. */
    static boolean matches(String pattern, String message) {
        if (pattern == null || pattern.isBlank()) {
            return true;
        }
        String text = message.toLowerCase(Locale.ROOT);
        List<String> terms = new ArrayList<>();
        var m = java.util.regex.Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(pattern);
        while (m.find()) {
            terms.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return terms.stream().allMatch(t -> text.contains(t.toLowerCase(Locale.ROOT)));
    }
}

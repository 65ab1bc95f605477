package dev.lamina.logs.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import dev.lamina.edge.EdgeService;
import dev.lamina.edge.protocol.AwsJson;
import dev.lamina.logs.LogBatch;
import dev.lamina.logs.LogRetention;
import dev.lamina.logs.LogStore;
import dev.lamina.logs.StreamSummary;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CloudWatch Logs (2014-03-28, JSON 1.1 protocol, chosen by {@code X-Amz-Target}): reading events
 * (FilterLogEvents with CloudWatch's filter patterns, GetLogEvents forward and backward, in {@link
 * EventQueries}), so that {@code aws logs tail [--follow]}, {@code filter-log-events} and {@code
 * lamina logs} work; writing them (CreateLogStream, PutLogEvents, DeleteLogStream), so that users
 * and functions keep logs of their own; describing groups and streams; and how long events are kept
 * (PutRetentionPolicy, DeleteRetentionPolicy). CreateLogGroup and DeleteLogGroup too (a group is also
 * made by a function's first event).
 */
public final class LogsApi {
    /** What {@code X-Amz-Target} starts with, before the operation's name. */
    public static final String TARGET_PREFIX = "Logs_20140328";

    private static final int MAX_DESCRIBED = 50;
    private static final java.util.regex.Pattern GROUP_NAME =
            java.util.regex.Pattern.compile("[.\\-_/#A-Za-z0-9]{1,512}");

    private final LogStore logs;
    private final LogRetention retention;
    private final ObjectMapper json;
    private final String region;
    private final String account;
    private final Clock clock;
    private final EventQueries events;
    private final AtomicLong sequenceTokens = new AtomicLong();

    public LogsApi(LogStore logs, LogRetention retention, ObjectMapper json, String region, String account) {
        this(logs, retention, json, region, account, Clock.systemUTC());
    }

    /** @param clock what PutLogEvents judges events too old or too new by */
    public LogsApi(
            LogStore logs, LogRetention retention, ObjectMapper json, String region, String account, Clock clock) {
        this.logs = logs;
        this.retention = retention;
        this.json = json;
        this.region = region;
        this.account = account;
        this.clock = clock;
        this.events = new EventQueries(logs, json);
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
            case "FilterLogEvents" -> events.filter(group(input), input);
            case "GetLogEvents" -> {
                String group = group(input);
                yield events.getEvents(group, stream(group, input), input);
            }
            case "CreateLogStream" -> createStream(input);
            case "DeleteLogStream" -> {
                String group = group(input);
                if (!logs.deleteStream(group, streamName(input))) {
                    throw streamNotFound();
                }
                yield json.createObjectNode();
            }
            case "PutLogEvents" -> putEvents(input);
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

    private ObjectNode createStream(JsonNode body) {
        String group = group(body);
        String stream = streamName(body);
        if (stream.isEmpty() || stream.length() > 512 || stream.indexOf(':') >= 0 || stream.indexOf('*') >= 0) {
            throw new AwsException(
                    400,
                    "InvalidParameterException",
                    "1 validation error detected: Value '" + stream + "' at 'logStreamName' failed to satisfy"
                            + " constraint: Member must satisfy regular expression pattern: [^:*]*");
        }
        if (!logs.createStream(group, stream)) {
            throw new AwsException(400, "ResourceAlreadyExistsException", "The specified log stream already exists");
        }
        return json.createObjectNode();
    }

    private ObjectNode putEvents(JsonNode body) {
        String group = group(body);
        String stream = stream(group, body);
        List<LogBatch.Input> batch = new ArrayList<>();
        body.path("logEvents")
                .forEach(e -> batch.add(new LogBatch.Input(
                        e.path("timestamp").asLong(), e.path("message").asText(""))));
        LogBatch.Verdict verdict = LogBatch.judge(batch, clock.millis(), retention.days(group));
        for (LogBatch.Input e : batch.subList(verdict.from(), verdict.to())) {
            logs.append(group, stream, e.timestamp(), e.message());
        }
        ObjectNode out = json.createObjectNode();
        out.put("nextSequenceToken", String.format("%056d", sequenceTokens.incrementAndGet()));
        if (verdict.anyRejected()) {
            ObjectNode rejected = out.putObject("rejectedLogEventsInfo");
            if (verdict.tooNewStart() >= 0) {
                rejected.put("tooNewLogEventStartIndex", verdict.tooNewStart());
            }
            if (verdict.tooOldEnd() >= 0) {
                rejected.put("tooOldLogEventEndIndex", verdict.tooOldEnd());
            }
            if (verdict.expiredEnd() >= 0) {
                rejected.put("expiredLogEventEndIndex", verdict.expiredEnd());
            }
        }
        return out;
    }

    /**
     * The streams of a group, by name (from {@code logStreamNamePrefix}) or by their last event's time,
     * either way up or down, {@code limit} at a time.
     */
    private ObjectNode describeStreams(JsonNode body) {
        String group = group(body);
        String prefix = body.path("logStreamNamePrefix").asText("");
        String orderBy = body.path("orderBy").asText("LogStreamName");
        if (!orderBy.equals("LogStreamName") && !orderBy.equals("LastEventTime")) {
            throw new AwsException(
                    400,
                    "InvalidParameterException",
                    "1 validation error detected: Value '" + orderBy + "' at 'orderBy' failed to satisfy constraint:"
                            + " Member must satisfy enum value set: [LogStreamName, LastEventTime]");
        }
        if (orderBy.equals("LastEventTime") && !prefix.isEmpty()) {
            throw new AwsException(
                    400, "InvalidParameterException", "Cannot order by LastEventTime with a logStreamNamePrefix.");
        }
        int limit = describeLimit(body);
        Comparator<StreamSummary> order = orderBy.equals("LogStreamName")
                ? Comparator.comparing(StreamSummary::name)
                : Comparator.comparingLong((StreamSummary s) ->
                                s.lastEventTimestamp() == null ? s.creationTime() : s.lastEventTimestamp())
                        .thenComparing(StreamSummary::name);
        if (body.path("descending").asBoolean(false)) {
            order = order.reversed();
        }
        List<StreamSummary> streams = logs.streamSummaries(group).stream()
                .filter(s -> s.name().startsWith(prefix))
                .sorted(order)
                .toList();
        int offset = token(body.path("nextToken").asText(null));
        ObjectNode out = json.createObjectNode();
        ArrayNode items = out.putArray("logStreams");
        int stop = Math.min(streams.size(), offset + limit);
        for (StreamSummary s : streams.subList(Math.min(offset, stop), stop)) {
            ObjectNode item = items.addObject().put("logStreamName", s.name()).put("creationTime", s.creationTime());
            if (s.firstEventTimestamp() != null) {
                item.put("firstEventTimestamp", s.firstEventTimestamp())
                        .put("lastEventTimestamp", s.lastEventTimestamp());
            }
            if (s.lastIngestionTime() != null) {
                item.put("lastIngestionTime", s.lastIngestionTime());
            }
            item.put(
                            "arn",
                            "arn:aws:logs:" + region + ":" + account + ":log-group:" + group + ":log-stream:"
                                    + s.name())
                    .put("storedBytes", s.storedBytes());
        }
        if (stop < streams.size()) {
            out.put("nextToken", "o" + stop);
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
        if (!prefix.isEmpty() && !pattern.isEmpty()) {
            throw new AwsException(
                    400,
                    "InvalidParameterException",
                    "logGroupNamePattern and logGroupNamePrefix are mutually exclusive. Only one of these parameters"
                            + " can be passed.");
        }
        int limit = describeLimit(body);
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

    private static int describeLimit(JsonNode body) {
        int limit = body.path("limit").asInt(MAX_DESCRIBED);
        if (limit < 1 || limit > MAX_DESCRIBED) {
            throw new AwsException(
                    400,
                    "InvalidParameterException",
                    "1 validation error detected: Value '" + limit + "' at 'limit' failed to satisfy constraint:"
                            + " Member must have value "
                            + (limit < 1 ? "greater than or equal to 1" : "less than or equal to 50"));
        }
        return limit;
    }

    private static String streamName(JsonNode body) {
        String stream = body.path("logStreamName").asText(null);
        if (stream == null) {
            throw new AwsException(
                    400,
                    "InvalidParameterException",
                    "1 validation error detected: Value null at 'logStreamName' failed to satisfy constraint: Member"
                            + " must not be null");
        }
        return stream;
    }

    /** The stream a request names, which must exist. */
    private String stream(String group, JsonNode body) {
        String stream = streamName(body);
        if (!logs.streamExists(group, stream)) {
            throw streamNotFound();
        }
        return stream;
    }

    private static AwsException streamNotFound() {
        return new AwsException(400, "ResourceNotFoundException", "The specified log stream does not exist.");
    }

    /** The group a request names by {@code logGroupName} or {@code logGroupIdentifier} (a name or an ARN). */
    private String group(JsonNode body) {
        String group = body.path("logGroupName").asText(null);
        if (group == null && body.hasNonNull("logGroupIdentifier")) {
            String id = body.get("logGroupIdentifier").asText();
            int at = id.startsWith("arn:") ? id.indexOf(":log-group:") : -1;
            group = at < 0 ? id : id.substring(at + ":log-group:".length()).replaceFirst(":\\*$", "");
        }
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
}

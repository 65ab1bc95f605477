package dev.lamina.scheduler.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A schedule as Scheduler's JSON documents carry it: read from a CreateSchedule or UpdateSchedule body
 * (checked against the API model's constraints, failing as Scheduler fails, with a
 * {@code ValidationException}), and written in GetSchedule's shape, which is also how the store keeps it.
 * Timestamps are epoch seconds, as rest-json writes them.
 */
public final class ScheduleDocument {
    static final Pattern NAME = Pattern.compile("^[0-9a-zA-Z-_.]+$");
    private static final Pattern ROLE_ARN = Pattern.compile("^arn:aws(-[a-z]+)?:iam::\\d{12}:role\\/[\\w+=,.@\\/-]+$");
    private static final Pattern KMS_ARN =
            Pattern.compile("^arn:aws(-[a-z]+)?:kms:[a-z0-9\\-]+:\\d{12}:(key|alias)\\/[0-9a-zA-Z-_]*$");

    private ScheduleDocument() {}

    /** What a CreateSchedule or UpdateSchedule body asks for, its model constraints met. */
    public record Input(
            String group,
            String expression,
            String timezone,
            Instant startDate,
            Instant endDate,
            String description,
            boolean enabled,
            int windowMinutes,
            Schedule.Target target,
            boolean deleteAfterCompletion,
            String kmsKeyArn) {}

    /** Reads a request body; {@code group} is the body's GroupName or the {@code default} group. */
    public static Input read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw AwsException.validation("The request body is not a JSON object");
        }
        String group = string(body, "GroupName", "groupName", 1, 64, NAME, false);
        String expression = string(body, "ScheduleExpression", "scheduleExpression", 1, 256, null, true);
        String timezone = string(body, "ScheduleExpressionTimezone", "scheduleExpressionTimezone", 1, 50, null, false);
        String description = string(body, "Description", "description", 0, 512, null, false);
        String state = oneOf(body, "State", "state", Set.of("ENABLED", "DISABLED"));
        String action = oneOf(body, "ActionAfterCompletion", "actionAfterCompletion", Set.of("NONE", "DELETE"));
        String kms = string(body, "KmsKeyArn", "kmsKeyArn", 1, 2048, KMS_ARN, false);
        JsonNode window = object(body, "FlexibleTimeWindow", "flexibleTimeWindow", true);
        String mode = oneOf(window, "Mode", "flexibleTimeWindow.mode", Set.of("OFF", "FLEXIBLE"));
        if (mode == null) {
            throw invalid(null, "flexibleTimeWindow.mode", "Member must not be null");
        }
        Integer minutes =
                integer(window, "MaximumWindowInMinutes", "flexibleTimeWindow.maximumWindowInMinutes", 1, 1440);
        if (mode.equals("FLEXIBLE") && minutes == null) {
            throw AwsException.validation("MaximumWindowInMinutes is required when Mode is FLEXIBLE.");
        }
        if (mode.equals("OFF") && minutes != null) {
            throw AwsException.validation("MaximumWindowInMinutes must not be set when Mode is OFF.");
        }
        return new Input(
                group == null ? Schedules.DEFAULT_GROUP : group,
                expression,
                timezone == null ? "UTC" : timezone,
                timestamp(body, "StartDate"),
                timestamp(body, "EndDate"),
                description,
                !"DISABLED".equals(state),
                minutes == null ? 0 : minutes,
                target(object(body, "Target", "target", true)),
                "DELETE".equals(action),
                kms);
    }

    private static Schedule.Target target(JsonNode t) {
        String arn = string(t, "Arn", "target.arn", 1, 1600, null, true);
        String role = string(t, "RoleArn", "target.roleArn", 1, 1600, ROLE_ARN, true);
        String input = string(t, "Input", "target.input", 1, Integer.MAX_VALUE, null, false);
        JsonNode retry = object(t, "RetryPolicy", "target.retryPolicy", false);
        Integer attempts = integer(retry, "MaximumRetryAttempts", "target.retryPolicy.maximumRetryAttempts", 0, 185);
        Integer age =
                integer(retry, "MaximumEventAgeInSeconds", "target.retryPolicy.maximumEventAgeInSeconds", 60, 86400);
        JsonNode dlq = object(t, "DeadLetterConfig", "target.deadLetterConfig", false);
        String dlqArn = string(dlq, "Arn", "target.deadLetterConfig.arn", 1, 1600, null, false);
        return new Schedule.Target(
                arn,
                role,
                input,
                attempts == null ? Schedule.Target.DEFAULT_RETRY_ATTEMPTS : attempts,
                age == null ? Schedule.Target.DEFAULT_EVENT_AGE_SECONDS : age,
                dlqArn);
    }

    /** The schedule in GetSchedule's shape. */
    public static ObjectNode write(Schedule s) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("ActionAfterCompletion", s.deleteAfterCompletion() ? "DELETE" : "NONE");
        out.put("Arn", s.arn());
        out.put("CreationDate", seconds(s.created()));
        if (s.description() != null) {
            out.put("Description", s.description());
        }
        if (s.endDate() != null) {
            out.put("EndDate", seconds(s.endDate()));
        }
        ObjectNode window = out.putObject("FlexibleTimeWindow");
        if (s.windowMinutes() > 0) {
            window.put("MaximumWindowInMinutes", s.windowMinutes());
            window.put("Mode", "FLEXIBLE");
        } else {
            window.put("Mode", "OFF");
        }
        out.put("GroupName", s.group());
        if (s.kmsKeyArn() != null) {
            out.put("KmsKeyArn", s.kmsKeyArn());
        }
        out.put("LastModificationDate", seconds(s.modified()));
        out.put("Name", s.name());
        out.put("ScheduleExpression", s.expression());
        out.put("ScheduleExpressionTimezone", s.timezone());
        if (s.startDate() != null) {
            out.put("StartDate", seconds(s.startDate()));
        }
        out.put("State", s.enabled() ? "ENABLED" : "DISABLED");
        Schedule.Target t = s.target();
        ObjectNode target = out.putObject("Target");
        target.put("Arn", t.arn());
        if (t.deadLetterArn() != null) {
            target.putObject("DeadLetterConfig").put("Arn", t.deadLetterArn());
        }
        if (t.input() != null) {
            target.put("Input", t.input());
        }
        target.putObject("RetryPolicy")
                .put("MaximumEventAgeInSeconds", t.maximumEventAgeSeconds())
                .put("MaximumRetryAttempts", t.maximumRetryAttempts());
        target.put("RoleArn", t.roleArn());
        return out;
    }

    /** Reads back what {@link #write} wrote. */
    public static Schedule readStored(JsonNode doc) {
        Input in = read(doc);
        return new Schedule(
                in.group(),
                doc.get("Name").asText(),
                doc.get("Arn").asText(),
                in.expression(),
                in.timezone(),
                in.startDate(),
                in.endDate(),
                in.description(),
                in.enabled(),
                in.windowMinutes(),
                in.target(),
                in.deleteAfterCompletion(),
                in.kmsKeyArn(),
                timestamp(doc, "CreationDate"),
                timestamp(doc, "LastModificationDate"));
    }

    /** An instant as rest-json writes a timestamp: epoch seconds, with milliseconds as a fraction. */
    public static BigDecimal seconds(Instant t) {
        return BigDecimal.valueOf(t.toEpochMilli(), 3);
    }

    private static Instant timestamp(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return Instant.ofEpochMilli(v.decimalValue().movePointRight(3).longValue());
        }
        try {
            return Instant.parse(v.asText());
        } catch (RuntimeException e) {
            throw AwsException.validation("Invalid " + field + ": " + v.asText());
        }
    }

    private static String string(
            JsonNode body, String field, String path, int min, int max, Pattern pattern, boolean required) {
        JsonNode v = body == null ? null : body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw invalid(null, path, "Member must not be null");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw AwsException.validation("Invalid type for " + field + ": expected a string");
        }
        String s = v.asText();
        if (s.length() < min || s.length() > max) {
            throw invalid(
                    s,
                    path,
                    "Member must have length "
                            + (s.length() < min ? "greater than or equal to " + min : "less than or equal to " + max));
        }
        if (pattern != null && !pattern.matcher(s).matches()) {
            throw invalid(s, path, "Member must satisfy regular expression pattern: " + pattern.pattern());
        }
        return s;
    }

    private static String oneOf(JsonNode body, String field, String path, Set<String> values) {
        String s = string(body, field, path, 0, 64, null, false);
        if (s != null && !values.contains(s)) {
            throw invalid(
                    s,
                    path,
                    "Member must satisfy enum value set: "
                            + values.stream().sorted().toList());
        }
        return s;
    }

    private static Integer integer(JsonNode body, String field, String path, int min, int max) {
        JsonNode v = body == null ? null : body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw AwsException.validation("Invalid type for " + field + ": expected an integer");
        }
        int i = v.intValue();
        if (i < min || i > max) {
            throw invalid(
                    Integer.toString(i),
                    path,
                    "Member must have value "
                            + (i < min ? "greater than or equal to " + min : "less than or equal to " + max));
        }
        return i;
    }

    private static JsonNode object(JsonNode body, String field, String path, boolean required) {
        JsonNode v = body == null ? null : body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw invalid(null, path, "Member must not be null");
            }
            return null;
        }
        if (!v.isObject()) {
            throw AwsException.validation("Invalid type for " + field + ": expected an object");
        }
        return v;
    }

    /** A model constraint broken, in the words AWS's validation uses. */
    static AwsException invalid(String value, String path, String constraint) {
        return AwsException.validation("1 validation error detected: Value "
                + (value == null ? "null" : "'" + value + "'") + " at '" + path + "' failed to satisfy constraint: "
                + constraint);
    }
}

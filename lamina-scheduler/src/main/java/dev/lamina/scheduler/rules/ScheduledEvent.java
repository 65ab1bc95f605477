package dev.lamina.scheduler.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What a scheduled rule sends its targets: EventBridge's "Scheduled Event", or what a target's
 * {@code Input} or {@code InputPath} makes of it. Pure.
 */
final class ScheduledEvent {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScheduledEvent() {}

    /** The event of one tick of {@code rule}, in EventBridge's envelope. */
    static ObjectNode of(Rule rule, String eventId, Instant tick, String account, String region) {
        ObjectNode event = JSON.createObjectNode()
                .put("version", "0")
                .put("id", eventId)
                .put("detail-type", "Scheduled Event")
                .put("source", "aws.events")
                .put("account", account)
                .put("time", tick.truncatedTo(ChronoUnit.SECONDS).toString())
                .put("region", region);
        event.putArray("resources").add(rule.arn());
        event.putObject("detail");
        return event;
    }

    /** The payload for {@code target}: its Input as given, the part of the event its InputPath names, or the event. */
    static String payload(RuleTarget target, ObjectNode event) {
        try {
            if (target.input() != null) {
                return target.input();
            }
            if (target.inputPath() != null) {
                return JSON.writeValueAsString(select(event, target.inputPath()));
            }
            return JSON.writeValueAsString(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The node an InputPath names: {@code $}, or dot and bracket steps from it ({@code $.detail},
     * {@code $.resources[0]}); a path that names nothing gives {@code null}, as EventBridge sends then.
     */
    static JsonNode select(JsonNode event, String path) {
        checkPath(path);
        JsonNode node = event;
        String rest = path.substring(1);
        while (!rest.isEmpty() && node != null) {
            if (rest.startsWith(".")) {
                int end = nextStep(rest, 1);
                node = node.get(rest.substring(1, end));
                rest = rest.substring(end);
            } else {
                int close = rest.indexOf(']');
                String index = rest.substring(1, close);
                node = index.startsWith("'") || index.startsWith("\"")
                        ? node.get(index.substring(1, index.length() - 1))
                        : node.get(Integer.parseInt(index));
                rest = rest.substring(close + 1);
            }
        }
        return node == null ? JSON.nullNode() : node;
    }

    /** Refuses an InputPath that is not a simple JSONPath from {@code $}. */
    static void checkPath(String path) {
        if (!path.matches("\\$((\\.[A-Za-z0-9_\\-]+)|(\\[(\\d+|'[^']*'|\"[^\"]*\")\\]))*")) {
            throw AwsException.validation("InputPath is not a valid JSONPath: " + path);
        }
    }

    private static int nextStep(String rest, int from) {
        int i = from;
        while (i < rest.length() && rest.charAt(i) != '.' && rest.charAt(i) != '[') {
            i++;
        }
        return i;
    }
}

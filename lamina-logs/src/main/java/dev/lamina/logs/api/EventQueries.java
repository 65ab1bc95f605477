package dev.lamina.logs.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import dev.lamina.logs.LogEvent;
import dev.lamina.logs.LogStore;
import dev.lamina.logs.filter.FilterPattern;
import dev.lamina.logs.filter.InvalidFilterPatternException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * FilterLogEvents and GetLogEvents: reading a group's events with a filter pattern, and one stream's
 * events forward and backward. Both page with tokens that name a place between two events, not an
 * offset, so a token stays valid while events are written: an event is named by its stream, its
 * timestamp and its {@link LogEvent#sequence()} among that stream's events of the same timestamp.
 *
 * <p>FilterLogEvents' {@code eventId} is built from those three, so the same event has the same id
 * on every call, which {@code aws logs tail --follow} relies on (it polls again from the newest
 * timestamp it saw and drops the ids it has shown). {@code interleaved} is ignored and {@code
 * searchedLogStreams} is empty, as on AWS since 2019 and 2020.
 */
final class EventQueries {
    static final int MAX_LIMIT = 10_000;
    /** FilterLogEvents answers at most this many bytes of events (each message's UTF-8 plus 26), as AWS. */
    static final int MAX_PAGE_BYTES = 1_048_576;

    private final LogStore logs;
    private final ObjectMapper json;

    EventQueries(LogStore logs, ObjectMapper json) {
        this.logs = logs;
        this.json = json;
    }

    ObjectNode filter(String group, JsonNode body) {
        List<String> names = new ArrayList<>();
        body.path("logStreamNames").forEach(n -> names.add(n.asText()));
        String prefix = body.path("logStreamNamePrefix").asText(null);
        if (prefix != null && !names.isEmpty()) {
            throw invalid("logStreamNames and logStreamNamePrefix are mutually exclusive");
        }
        FilterPattern pattern;
        try {
            pattern = FilterPattern.parse(body.path("filterPattern").asText(""));
        } catch (InvalidFilterPatternException e) {
            throw invalid("Invalid filter pattern: " + e.getMessage());
        }
        int limit = limit(body);
        Set<String> streams = new HashSet<>(names);
        Position after = body.hasNonNull("nextToken")
                ? Position.parseFilterToken(body.get("nextToken").asText())
                : null;
        List<LogEvent> events = logs.readStreams(
                group,
                body.path("startTime").asLong(0),
                body.hasNonNull("endTime") ? body.get("endTime").asLong() : Long.MAX_VALUE,
                s -> (streams.isEmpty() || streams.contains(s)) && (prefix == null || s.startsWith(prefix)));
        ObjectNode out = json.createObjectNode();
        ArrayNode items = out.putArray("events");
        int taken = 0;
        long bytes = 0;
        LogEvent last = null;
        boolean more = false;
        for (LogEvent e : events) {
            if ((after != null && !after.before(e)) || !pattern.matches(e.message())) {
                continue;
            }
            bytes += e.message().getBytes(StandardCharsets.UTF_8).length + 26L;
            if (taken == limit || (taken > 0 && bytes > MAX_PAGE_BYTES)) {
                more = true;
                break;
            }
            items.addObject()
                    .put("logStreamName", e.logStreamName())
                    .put("timestamp", e.timestamp())
                    .put("message", e.message())
                    .put("ingestionTime", e.ingestionTime())
                    .put("eventId", eventId(e));
            taken++;
            last = e;
        }
        out.putArray("searchedLogStreams");
        if (more) {
            out.put("nextToken", Position.of(last).filterToken());
        }
        return out;
    }

    /**
     * One stream's events in time order. Without a token: the first {@code limit} ({@code
     * startFromHead}) or the last. A forward token gives the events after the page it came with, a
     * backward token those before; at either end the token comes back unchanged, which is how the SDKs'
     * paginators know to stop.
     */
    ObjectNode getEvents(String group, String stream, JsonNode body) {
        int limit = limit(body);
        String token = body.hasNonNull("nextToken") ? body.get("nextToken").asText() : null;
        boolean forward = token == null ? body.path("startFromHead").asBoolean(false) : token.startsWith("f/");
        Position at = token == null ? null : Position.parseStreamToken(stream, token);
        List<LogEvent> events = logs.readStreams(
                group,
                body.path("startTime").asLong(0),
                body.hasNonNull("endTime") ? body.get("endTime").asLong() : Long.MAX_VALUE,
                stream::equals);
        List<LogEvent> candidates = at == null
                ? events
                : events.stream()
                        .filter(e -> token.startsWith("f/") ? at.before(e) : at.after(e))
                        .toList();
        List<LogEvent> page = forward
                ? candidates.subList(0, Math.min(limit, candidates.size()))
                : candidates.subList(Math.max(0, candidates.size() - limit), candidates.size());
        ObjectNode out = json.createObjectNode();
        ArrayNode items = out.putArray("events");
        for (LogEvent e : page) {
            items.addObject()
                    .put("timestamp", e.timestamp())
                    .put("message", e.message())
                    .put("ingestionTime", e.ingestionTime());
        }
        Position first;
        Position last;
        if (!page.isEmpty()) {
            first = Position.of(page.getFirst());
            last = Position.of(page.getLast());
        } else if (at != null) {
            // Nothing further this way: the token comes back as it was; the other way starts at it.
            first = token.startsWith("f/") ? at.next() : at;
            last = token.startsWith("f/") ? at : at.previous();
        } else {
            first = Position.START;
            last = Position.START;
        }
        out.put("nextForwardToken", last.streamToken('f'));
        out.put("nextBackwardToken", first.streamToken('b'));
        return out;
    }

    private static int limit(JsonNode body) {
        int limit = body.path("limit").asInt(MAX_LIMIT);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw invalid("1 validation error detected: Value '" + limit + "' at 'limit' failed to satisfy constraint:"
                    + " Member must have value "
                    + (limit < 1 ? "greater than or equal to 1" : "less than or equal to 10000"));
        }
        return limit;
    }

    /**
     * An event's id: its timestamp (15 digits), its stream (20 digits of the name's SHA-256) and its
     * sequence (6 digits); digits only, as AWS's ids are.
     */
    static String eventId(LogEvent e) {
        String stream = Long.toUnsignedString(streamHash(e.logStreamName()));
        return String.format("%015d%s%s%06d", e.timestamp(), "0".repeat(20 - stream.length()), stream, e.sequence());
    }

    private static long streamHash(String stream) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(stream.getBytes(StandardCharsets.UTF_8));
            long h = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (d[i] & 0xff);
            }
            return h;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static AwsException invalid(String message) {
        return new AwsException(400, "InvalidParameterException", message);
    }

    /** A place in a group's event order: the event with this key, or the gap just after it. */
    record Position(long timestamp, String stream, int sequence) {
        static final Position START = new Position(-1, "", 0);

        static Position of(LogEvent e) {
            return new Position(e.timestamp(), e.logStreamName(), e.sequence());
        }

        private int compareTo(LogEvent e) {
            int c = Long.compare(timestamp, e.timestamp());
            if (c == 0) {
                c = stream.compareTo(e.logStreamName());
            }
            return c != 0 ? c : Integer.compare(sequence, e.sequence());
        }

        /** Whether {@code e} comes after this place. */
        boolean before(LogEvent e) {
            return compareTo(e) < 0;
        }

        /** Whether {@code e} comes before this place. */
        boolean after(LogEvent e) {
            return compareTo(e) > 0;
        }

        Position next() {
            return new Position(timestamp, stream, sequence + 1);
        }

        Position previous() {
            return new Position(timestamp, stream, sequence - 1);
        }

        /** A stream's token: {@code f/} or {@code b/}, the timestamp and the sequence. */
        String streamToken(char direction) {
            return direction + "/" + timestamp + "/" + sequence;
        }

        static Position parseStreamToken(String stream, String token) {
            String[] parts = token.split("/", -1);
            if (parts.length != 3 || !(parts[0].equals("f") || parts[0].equals("b"))) {
                throw invalidToken();
            }
            try {
                return new Position(Long.parseLong(parts[1]), stream, Integer.parseInt(parts[2]));
            } catch (NumberFormatException e) {
                throw invalidToken();
            }
        }

        String filterToken() {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString((timestamp + "/" + sequence + "/" + stream).getBytes(StandardCharsets.UTF_8));
        }

        static Position parseFilterToken(String token) {
            try {
                String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                String[] parts = text.split("/", 3);
                return new Position(Long.parseLong(parts[0]), parts[2], Integer.parseInt(parts[1]));
            } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                throw invalidToken();
            }
        }

        private static AwsException invalidToken() {
            return invalid("The specified nextToken is invalid.");
        }
    }
}

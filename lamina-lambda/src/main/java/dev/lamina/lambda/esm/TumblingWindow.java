package dev.lamina.lambda.esm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.spi.lambda.InvocationResult;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * One tumbling window of a shard (TumblingWindowInSeconds): windows are aligned to multiples of
 * their length since the epoch, and a record belongs to the window of its arrival. The function
 * gets, beside the records, the window, the state it returned last in this window, and whether this
 * is the window's final invocation (made once the window is over, with no records). Mutable only
 * in its {@code state}, which one shard's worker owns.
 */
final class TumblingWindow {
    private final Instant start;
    private final Instant end;
    private JsonNode state;

    private TumblingWindow(Instant start, Instant end, JsonNode state) {
        this.start = start;
        this.end = end;
        this.state = state;
    }

    /** The window {@code arrival} falls in, with an empty state. */
    static TumblingWindow of(Instant arrival, int seconds, ObjectMapper json) {
        long s = Math.floorDiv(arrival.getEpochSecond(), seconds) * seconds;
        return new TumblingWindow(
                Instant.ofEpochSecond(s), Instant.ofEpochSecond(s + seconds), json.createObjectNode());
    }

    Instant start() {
        return start;
    }

    Instant end() {
        return end;
    }

    JsonNode state() {
        return state;
    }

    /** How many of {@code items} (in order) arrived before the window's end. */
    int count(List<StreamItem> items) {
        int n = 0;
        while (n < items.size() && items.get(n).arrival().isBefore(end)) {
            n++;
        }
        return n;
    }

    /** The function's event for {@code batch} in this window. */
    byte[] event(ObjectMapper json, List<StreamItem> batch, String shardId, String sourceArn, boolean last) {
        ObjectNode out = json.createObjectNode();
        ArrayNode records = out.putArray("Records");
        batch.forEach(i -> records.add(i.event()));
        ObjectNode window = out.putObject("window");
        window.put("start", start.toString());
        window.put("end", end.toString());
        out.set("state", state);
        out.put("shardId", shardId);
        out.put("eventSourceARN", sourceArn);
        out.put("isFinalInvokeForWindow", last);
        out.put("isWindowTerminatedEarly", false);
        try {
            return json.writeValueAsBytes(out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Keeps the {@code state} a successful answer returned; an answer without one leaves it. */
    void answered(ObjectMapper json, InvocationResult result) {
        if (result.failed() || result.payload().length == 0) {
            return;
        }
        try {
            JsonNode answer = json.readTree(result.payload());
            if (answer != null && answer.isObject() && answer.get("state") instanceof ObjectNode s) {
                state = s;
            }
        } catch (IOException e) {
            // not JSON: no state to keep
        }
    }
}

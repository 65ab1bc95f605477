package dev.lamina.lambda.esm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.spi.lambda.InvocationResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TumblingWindowTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static StreamItem at(String time) {
        return new StreamItem(
                "1", Instant.parse(time), "k", JSON.createObjectNode().put("n", 1));
    }

    @Test
    void windowsAreAlignedToTheirLengthAndHoldTheRecordsBeforeTheirEnd() {
        TumblingWindow w = TumblingWindow.of(Instant.parse("2026-12-07T10:02:31.500Z"), 60, JSON);
        assertEquals(Instant.parse("2026-12-07T10:02:00Z"), w.start());
        assertEquals(Instant.parse("2026-12-07T10:03:00Z"), w.end());
        assertEquals(
                2,
                w.count(List.of(
                        at("2026-12-07T10:02:31Z"), at("2026-12-07T10:02:59.999Z"), at("2026-12-07T10:03:00Z"))));
    }

    @Test
    void theEventCarriesTheWindowAndTheStateLastReturned() throws Exception {
        TumblingWindow w = TumblingWindow.of(Instant.parse("2026-12-07T10:02:31Z"), 60, JSON);
        w.answered(
                JSON,
                new InvocationResult("r", "$LATEST", "{\"state\":{\"sum\":3}}".getBytes(StandardCharsets.UTF_8), null));
        w.answered(
                JSON,
                new InvocationResult(
                        "r", "$LATEST", "{\"state\":{\"sum\":9}}".getBytes(StandardCharsets.UTF_8), "Unhandled"));
        w.answered(JSON, new InvocationResult("r", "$LATEST", "null".getBytes(StandardCharsets.UTF_8), null));
        JsonNode event = JSON.readTree(
                w.event(JSON, List.of(at("2026-12-07T10:02:31Z")), "shardId-000000000000", "arn:s", true));
        assertEquals(1, event.get("Records").size());
        assertEquals("2026-12-07T10:02:00Z", event.at("/window/start").asText());
        assertEquals("2026-12-07T10:03:00Z", event.at("/window/end").asText());
        assertEquals(3, event.at("/state/sum").asInt(), "a failed answer's state is not kept");
        assertEquals("shardId-000000000000", event.get("shardId").asText());
        assertEquals("arn:s", event.get("eventSourceARN").asText());
        assertEquals(true, event.get("isFinalInvokeForWindow").asBoolean());
        assertEquals(false, event.get("isWindowTerminatedEarly").asBoolean());
    }
}

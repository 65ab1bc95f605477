package dev.lamina.cloudwatch.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cloudwatch.metric.Datum;
import dev.lamina.cloudwatch.metric.Metric;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddedMetricsTest {
    private final Instant logged = Instant.parse("2026-12-07T10:00:05Z");

    private List<Datum> parse(String line) {
        List<Datum> out = new ArrayList<>();
        EmbeddedMetrics.parse(line, logged, out);
        return out;
    }

    @Test
    void theHeaderExampleHolds() {
        String line = "{\"_aws\":{\"Timestamp\":1796637600000,\"CloudWatchMetrics\":[{\"Namespace\":\"Shop\","
                + "\"Dimensions\":[[\"Store\"]],\"Metrics\":[{\"Name\":\"Orders\",\"Unit\":\"Count\"}]}]},"
                + "\"Store\":\"north\",\"Orders\":2}";
        assertTrue(EmbeddedMetrics.mayBe(line));
        List<Datum> data = parse(line);
        assertEquals(1, data.size());
        Datum d = data.getFirst();
        assertEquals(Metric.of("Shop", "Orders", Map.of("Store", "north")), d.metric());
        assertEquals("Count", d.unit());
        assertEquals(Instant.parse("2026-12-07T10:00:00Z"), d.timestamp());
        assertEquals(2, d.values().sum());
        assertFalse(d.highResolution());
    }

    @Test
    void listsOfValuesSeveralDimensionSetsAndHighResolution() {
        List<Datum> data = parse("{\"_aws\":{\"CloudWatchMetrics\":[{\"Namespace\":\"App\","
                + "\"Dimensions\":[[\"Page\"],[]],\"Metrics\":[{\"Name\":\"Latency\",\"Unit\":\"Milliseconds\","
                + "\"StorageResolution\":1}]}]},\"Page\":\"home\",\"Latency\":[10,20,30]}\n");
        assertEquals(2, data.size());
        assertEquals(Map.of("Page", "home"), data.get(0).metric().dimensions());
        assertEquals(Map.of(), data.get(1).metric().dimensions());
        assertEquals(3, data.get(1).values().count());
        assertEquals(logged, data.get(0).timestamp(), "no _aws.Timestamp: when it was logged");
        assertTrue(data.get(0).highResolution());
    }

    @Test
    void linesOutsideTheFormatBecomeNothing() {
        assertFalse(EmbeddedMetrics.mayBe("START RequestId: 1 Version: $LATEST"));
        assertFalse(EmbeddedMetrics.mayBe("just \"_aws\" in text"));
        for (String line : new String[] {
            "{\"_aws\": 1}",
            "{\"_aws\":{\"CloudWatchMetrics\":[{\"Namespace\":\"AWS/Lambda\",\"Metrics\":[{\"Name\":\"x\"}]}]},\"x\":1}",
            "{\"_aws\":{\"CloudWatchMetrics\":[{\"Namespace\":\"A\",\"Dimensions\":[[\"missing\"]],"
                    + "\"Metrics\":[{\"Name\":\"x\"}]}]},\"x\":1}",
            "{\"_aws\":{\"CloudWatchMetrics\":[{\"Namespace\":\"A\",\"Metrics\":[{\"Name\":\"x\",\"Unit\":\"Parsecs\"}]}]},"
                    + "\"x\":1}",
            "{\"_aws\":{\"CloudWatchMetrics\":[{\"Namespace\":\"A\",\"Metrics\":[{\"Name\":\"x\"}]}]},\"x\":\"one\"}",
            "{\"_aws\": not json"
        }) {
            assertEquals(List.of(), parse(line), line);
        }
    }
}

package dev.lamina.lambda.esm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.core.AwsException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaRulesTest {
    private static KafkaRules.Options options(List<String> servers, List<String> topics, String group) {
        return new KafkaRules.Options(
                servers == null ? Map.of() : Map.of(KafkaRules.BOOTSTRAP_SERVERS, servers), topics, group, null);
    }

    @Test
    void theGroupIsTheMappingsUuidUnlessGiven() {
        KafkaSettings settings =
                KafkaRules.create("uuid-1", options(List.of("b1:9092", "b2:9092"), List.of("tp"), null), "LATEST");
        assertEquals(new KafkaSettings(List.of("b1:9092", "b2:9092"), "tp", "uuid-1", "LATEST"), settings);
        assertEquals("b1:9092,b2:9092", settings.bootstrapServersList());
        assertEquals(
                "g",
                KafkaRules.create("u", options(List.of("b:1"), List.of("tp"), "g"), "TRIM_HORIZON")
                        .consumerGroupId());
    }

    @Test
    void refusesWhatLambdaRefuses() {
        assertEquals(
                "Unrecognized event source.",
                assertThrows(
                                AwsException.class,
                                () -> KafkaRules.create("u", options(null, List.of("tp"), null), "LATEST"))
                        .getMessage());
        assertEquals(
                "1 validation error detected: Value '[a, b]' at 'topics' failed to satisfy constraint: Member must"
                        + " have length less than or equal to 1",
                assertThrows(
                                AwsException.class,
                                () -> KafkaRules.create(
                                        "u", options(List.of("b:1"), List.of("a", "b"), null), "LATEST"))
                        .getMessage());
        AwsException position = assertThrows(
                AwsException.class,
                () -> KafkaRules.create("u", options(List.of("b:1"), List.of("tp"), null), "EARLIEST"));
        assertEquals(400, position.status());
        assertThrows(
                AwsException.class,
                () -> KafkaRules.create(
                        "u",
                        new KafkaRules.Options(
                                Map.of(KafkaRules.BOOTSTRAP_SERVERS, List.of("b:1")),
                                List.of("tp"),
                                null,
                                List.of("SASL_SCRAM_512_AUTH")),
                        "LATEST"));
        assertThrows(
                AwsException.class,
                () -> KafkaRules.create("u", options(List.of("not a server"), List.of("tp"), null), "LATEST"));
    }
}

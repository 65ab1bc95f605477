package dev.lamina.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import dev.lamina.scheduler.rules.Rules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EventBridge rules with a schedule, on the module as a node builds it ({@link Harness}). */
class RulesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FUNCTION = "arn:aws:lambda:us-east-1:000000000000:function:tick";
    private static final String RULE_ARN = "arn:aws:events:us-east-1:000000000000:rule/";

    @TempDir
    Path dir;

    private Harness harness;

    @BeforeEach
    void open() throws Exception {
        harness = new Harness(dir);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private Rules rules() {
        return harness.service.rules();
    }

    private static Rules.PutRule rule(String name, String expression) {
        return new Rules.PutRule(name, expression, null, null, null, null, Map.of());
    }

    private static ObjectNode target(String id, String extra) throws Exception {
        return (ObjectNode) JSON.readTree("{\"Id\":\"" + id + "\",\"Arn\":\"" + FUNCTION + "\"" + extra + "}");
    }

    @Test
    void aScheduledRuleSendsEachTargetTheScheduledEventOrItsInput() throws Exception {
        assertEquals(RULE_ARN + "every-5", rules().put(rule("every-5", "rate(5 minutes)")));
        assertEquals(
                List.of(),
                rules().putTargets(
                                "every-5",
                                List.of(
                                        target("plain", ""),
                                        target("fixed", ",\"Input\":\"{\\\"fixed\\\":true}\""),
                                        target("path", ",\"InputPath\":\"$.resources[0]\""))));
        harness.clock.advance(Duration.ofMinutes(5));
        List<String> sent = harness.fire();
        assertEquals(3, sent.size());
        JsonNode event = JSON.readTree(sent.stream()
                .filter(s -> s.contains("Scheduled Event"))
                .findFirst()
                .orElseThrow());
        assertEquals("0", event.get("version").asText());
        assertEquals("Scheduled Event", event.get("detail-type").asText());
        assertEquals("aws.events", event.get("source").asText());
        assertEquals("000000000000", event.get("account").asText());
        assertEquals("us-east-1", event.get("region").asText());
        assertEquals("2026-01-01T10:05:00Z", event.get("time").asText());
        assertEquals(RULE_ARN + "every-5", event.get("resources").get(0).asText());
        assertEquals(JSON.createObjectNode(), event.get("detail"));
        assertEquals(36, event.get("id").asText().length());
        assertEquals(true, sent.contains("{\"fixed\":true}"));
        assertEquals(true, sent.contains("\"" + RULE_ARN + "every-5\""));
        assertEquals(
                3, harness.invoked.stream().map(i -> i.requestId()).distinct().count());
        assertEquals(List.of(), harness.fire());
    }

    @Test
    void aDisabledRuleDoesNotFireAndAPatternRuleNeverDoes() throws Exception {
        rules().put(rule("off", "cron(0/1 * * * ? *)"));
        rules().putTargets("off", List.of(target("t", "")));
        rules().setEnabled("off", false);
        rules().put(new Rules.PutRule("pattern", null, "{\"source\":[\"my.app\"]}", null, null, null, Map.of()));
        rules().putTargets("pattern", List.of(target("t", "")));
        rules().put(rule("on", "cron(0/1 * * * ? *)"));
        rules().putTargets("on", List.of(target("t", "")));
        harness.clock.advance(Duration.ofMinutes(1));
        List<String> sent = harness.fire();
        assertEquals(1, sent.size());
        assertEquals(
                RULE_ARN + "on",
                JSON.readTree(sent.getFirst()).get("resources").get(0).asText());
        rules().setEnabled("off", true);
        harness.clock.advance(Duration.ofMinutes(1));
        assertEquals(2, harness.fire().size());
    }

    @Test
    void badInputIsRefusedAsEventBridgeRefusesIt() throws Exception {
        for (String expression : List.of("rate(1 minutes)", "at(2026-01-01T00:00:00)", "cron(0 12 * * * *)", "x")) {
            AwsException e = assertThrows(AwsException.class, () -> rules().put(rule("bad", expression)));
            assertEquals("ValidationException", e.code());
            assertEquals("Parameter ScheduleExpression is not valid.", e.getMessage());
        }
        assertEquals(
                "InvalidEventPatternException",
                assertThrows(
                                AwsException.class,
                                () -> rules().put(new Rules.PutRule("bad", null, "{", null, null, null, Map.of())))
                        .code());
        assertEquals(
                "ResourceNotFoundException",
                assertThrows(AwsException.class, () -> rules().describe("bad")).code());
        rules().put(rule("good", "rate(1 hour)"));
        List<Rules.Failed> failed = rules().putTargets("good", List.of((ObjectNode)
                JSON.readTree("{\"Id\":\"q\",\"Arn\":\"arn:aws:sqs:us-east-1:000000000000:q\"}")));
        assertEquals(1, failed.size());
        assertEquals(
                "LimitExceededException",
                assertThrows(
                                AwsException.class,
                                () -> rules().putTargets(
                                                "good",
                                                List.of(
                                                        target("1", ""),
                                                        target("2", ""),
                                                        target("3", ""),
                                                        target("4", ""),
                                                        target("5", ""),
                                                        target("6", ""))))
                        .code());
        assertEquals(0, rules().targets("good", null, 100).items().size());
        rules().putTargets("good", List.of(target("1", "")));
        assertEquals(
                "ValidationException",
                assertThrows(AwsException.class, () -> rules().delete("good")).code());
        rules().removeTargets("good", List.of("1"));
        rules().tagging().tag(RULE_ARN + "good", Map.of("team", "ops"));
        assertEquals(Map.of("team", "ops"), rules().tagging().tags(RULE_ARN + "good"));
        rules().delete("good");
        assertEquals(
                "ResourceNotFoundException",
                assertThrows(AwsException.class, () -> rules().tagging().tags(RULE_ARN + "good"))
                        .code());
        rules().delete("good"); // deleting a rule that is gone is no error, as on EventBridge
    }
}

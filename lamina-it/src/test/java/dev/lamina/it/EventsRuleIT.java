package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.eventbridge.model.Tag;
import software.amazon.awssdk.services.eventbridge.model.Target;

/**
 * EventBridge rules with a schedule, made with the SDK for Java v2 and the AWS CLI, fire a real Python
 * function that prints each event it gets ({@code EVENT <event>}). A rule ticks at most once a minute,
 * so the test waits for the next whole minute once, for every rule at the same tick.
 */
class EventsRuleIT {
    static final String FUNCTION = "arn:aws:lambda:us-east-1:000000000000:function:ev-rec";
    static final String RULE = "arn:aws:events:us-east-1:000000000000:rule/";
    static final String EVERY_MINUTE = "cron(0/1 * * * ? *)";
    static TestNode node;
    static EventBridgeClient events;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        events = TestNode.client(EventBridgeClient.builder(), URI.create(node.endpoint()));
        Functions.create(node.lambda(), "ev-rec", "python3.11", "app.handler", Functions.python("""
                import json
                def handler(event, context):
                    print("EVENT " + json.dumps(event))
                """));
    }

    @AfterAll
    static void stop() {
        if (events != null) {
            events.close();
        }
        if (node != null) {
            node.close();
        }
    }

    static List<JsonNode> received() {
        List<JsonNode> out = new ArrayList<>();
        for (String line : AsyncLogs.lines(node, "ev-rec", "EVENT ")) {
            try {
                out.add(AsyncLogs.JSON.readTree(line));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    @Test
    void scheduledRulesFromTheSdkAndTheCliSendTheScheduledEventAndADisabledOneSendsNothing() throws Exception {
        assumeTrue(AwsCli.available(), "the AWS CLI v2 (/usr/bin/aws, Debian package awscli) is not installed");
        AwsCli aws = new AwsCli(
                node.endpoint(), Files.createDirectories(node.dataDir().resolve("cli-events")));
        // the rules are made within one minute, so that they all first tick at its end
        while (Instant.now().getEpochSecond() % 60 > 40) {
            Thread.sleep(500);
        }
        Instant made = Instant.now();
        assertEquals(
                RULE + "ev-sdk",
                events.putRule(b -> b.name("ev-sdk").scheduleExpression(EVERY_MINUTE))
                        .ruleArn());
        assertEquals(
                0,
                events.putTargets(b -> b.rule("ev-sdk")
                                .targets(
                                        Target.builder()
                                                .id("plain")
                                                .arn(FUNCTION)
                                                .build(),
                                        Target.builder()
                                                .id("fixed")
                                                .arn(FUNCTION)
                                                .input("{\"from\":\"ev-sdk-fixed\"}")
                                                .build()))
                        .failedEntryCount());
        events.putRule(b -> b.name("ev-off").scheduleExpression(EVERY_MINUTE).state(RuleState.DISABLED));
        events.putTargets(b -> b.rule("ev-off")
                .targets(Target.builder()
                        .id("t")
                        .arn(FUNCTION)
                        .input("{\"from\":\"ev-off\"}")
                        .build()));

        AwsCli.Result put = aws.run("events", "put-rule", "--name", "ev-cli", "--schedule-expression", EVERY_MINUTE);
        assertEquals(0, put.exitCode(), put.stderr());
        assertTrue(put.stdout().contains(RULE + "ev-cli"), put.stdout());
        AwsCli.Result targets = aws.run(
                "events",
                "put-targets",
                "--rule",
                "ev-cli",
                "--targets",
                "[{\"Id\":\"path\",\"Arn\":\"" + FUNCTION + "\",\"InputPath\":\"$.detail-type\"}]");
        assertEquals(0, targets.exitCode(), targets.stderr());
        assertTrue(targets.stdout().contains("\"FailedEntryCount\": 0"), targets.stdout());
        AwsCli.Result described = aws.run("events", "describe-rule", "--name", "ev-cli");
        assertTrue(described.stdout().contains("\"ScheduleExpression\": \"" + EVERY_MINUTE + "\""), described.stdout());

        assertEquals(
                RuleState.DISABLED, events.describeRule(b -> b.name("ev-off")).state());
        assertEquals(
                List.of("fixed", "plain"),
                events.listTargetsByRule(b -> b.rule("ev-sdk")).targets().stream()
                        .map(Target::id)
                        .toList());

        // each enabled rule's target fires at the next whole minute
        AsyncLogs.awaitTrue(() -> received().size() >= 3, Duration.ofSeconds(80), "the rules did not fire");
        List<JsonNode> got = received();
        JsonNode scheduled = got.stream()
                .filter(e -> e.has("detail-type"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Scheduled Event in " + got));
        assertEquals("0", scheduled.get("version").asText());
        assertEquals("Scheduled Event", scheduled.get("detail-type").asText());
        assertEquals("aws.events", scheduled.get("source").asText());
        assertEquals("000000000000", scheduled.get("account").asText());
        assertEquals("us-east-1", scheduled.get("region").asText());
        assertEquals(RULE + "ev-sdk", scheduled.get("resources").get(0).asText());
        assertEquals(0, scheduled.get("detail").size());
        Instant tick = Instant.parse(scheduled.get("time").asText());
        assertEquals(0, tick.getEpochSecond() % 60, "a cron rule ticks on the minute: " + tick);
        assertTrue(tick.isAfter(made), tick + " is after the rule was made");
        assertTrue(got.stream().anyMatch(e -> e.path("from").asText().equals("ev-sdk-fixed")), got.toString());
        assertTrue(got.stream().anyMatch(e -> e.isTextual() && e.asText().equals("Scheduled Event")), got.toString());
        // ev-off was due at the same tick as the three that fired, in the same pass, and sent nothing
        assertTrue(got.stream().noneMatch(e -> e.path("from").asText().equals("ev-off")), got.toString());
        assertEquals(3, got.size(), got.toString());

        events.removeTargets(b -> b.rule("ev-sdk").ids("plain", "fixed"));
        events.deleteRule(b -> b.name("ev-sdk"));
        assertThrows(ResourceNotFoundException.class, () -> events.describeRule(b -> b.name("ev-sdk")));
    }

    @Test
    void badInputGetsEventBridgesErrorsAndChangesNothing() throws Exception {
        for (String expression :
                List.of("rate(1 minutes)", "rate(5 minute)", "at(2030-01-01T00:00:00)", "cron(* * * * * *)")) {
            EventBridgeException e = assertThrows(
                    EventBridgeException.class,
                    () -> events.putRule(b -> b.name("ev-bad").scheduleExpression(expression)));
            assertEquals(400, e.statusCode());
            assertEquals("ValidationException", e.awsErrorDetails().errorCode());
            assertEquals(
                    "Parameter ScheduleExpression is not valid.",
                    e.awsErrorDetails().errorMessage());
        }
        EventBridgeException pattern = assertThrows(
                EventBridgeException.class,
                () -> events.putRule(b -> b.name("ev-bad").eventPattern("{not json")));
        assertEquals("InvalidEventPatternException", pattern.awsErrorDetails().errorCode());
        assertThrows(ResourceNotFoundException.class, () -> events.describeRule(b -> b.name("ev-bad")));
        assertThrows(
                ResourceNotFoundException.class,
                () -> events.putTargets(b -> b.rule("ev-none")
                        .targets(Target.builder().id("t").arn(FUNCTION).build())));

        events.putRule(b -> b.name("ev-kept").scheduleExpression("rate(1 hour)"));
        events.putTargets(b ->
                b.rule("ev-kept").targets(Target.builder().id("t").arn(FUNCTION).build()));
        EventBridgeException withTargets =
                assertThrows(EventBridgeException.class, () -> events.deleteRule(b -> b.name("ev-kept")));
        assertEquals("ValidationException", withTargets.awsErrorDetails().errorCode());
        assertEquals(
                RULE + "ev-kept", events.describeRule(b -> b.name("ev-kept")).arn());
        var failed = events.putTargets(b -> b.rule("ev-kept")
                .targets(Target.builder()
                        .id("q")
                        .arn("arn:aws:sqs:us-east-1:000000000000:q")
                        .build()));
        assertEquals(1, failed.failedEntryCount());
        assertEquals(
                1, events.listTargetsByRule(b -> b.rule("ev-kept")).targets().size());
        events.tagResource(b -> b.resourceARN(RULE + "ev-kept")
                .tags(Tag.builder().key("team").value("ops").build()));
        assertEquals(
                "team=ops",
                events.listTagsForResource(b -> b.resourceARN(RULE + "ev-kept")).tags().stream()
                        .map(t -> t.key() + "=" + t.value())
                        .findFirst()
                        .orElseThrow());

        assumeTrue(AwsCli.available(), "the AWS CLI v2 (/usr/bin/aws, Debian package awscli) is not installed");
        Path home = Files.createDirectories(node.dataDir().resolve("cli-events-bad"));
        AwsCli.Result bad = new AwsCli(node.endpoint(), home)
                .run("events", "put-rule", "--name", "ev-bad", "--schedule-expression", "rate(0 minutes)");
        assertEquals(254, bad.exitCode(), bad.stdout() + bad.stderr());
        assertTrue(bad.stderr().contains("(ValidationException)"), bad.stderr());
        assertTrue(bad.stderr().contains("Parameter ScheduleExpression is not valid."), bad.stderr());
        assertTrue(events.listRules(b -> b.namePrefix("ev-bad")).rules().isEmpty());
        AwsCli.Result tags = new AwsCli(node.endpoint(), home)
                .run("events", "list-tags-for-resource", "--resource-arn", RULE + "ev-kept");
        assertEquals(0, tags.exitCode(), tags.stderr());
        assertTrue(tags.stdout().contains("\"Value\": \"ops\""), tags.stdout());
    }
}

package dev.lamina.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.core.AwsException;
import dev.lamina.scheduler.schedule.ScheduleDocument;
import dev.lamina.scheduler.schedule.Schedules;
import dev.lamina.spi.lambda.EventInvocation;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schedules through their lifecycle on the module as a node builds it ({@link Harness}). */
class SchedulesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FUNCTION = "arn:aws:lambda:us-east-1:000000000000:function:tick";
    private static final String ROLE = "arn:aws:iam::000000000000:role/scheduler";

    @TempDir
    Path dir;

    private Harness harness;
    private MovableClock clock;
    private List<EventInvocation> invoked;

    @BeforeEach
    void open() throws Exception {
        harness = new Harness(dir);
        clock = harness.clock;
        invoked = harness.invoked;
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private Schedules schedules() {
        return harness.service.schedules();
    }

    private List<String> fire() {
        return harness.fire();
    }

    private static ScheduleDocument.Input input(String json) throws Exception {
        return ScheduleDocument.read(JSON.readTree(json));
    }

    private static ScheduleDocument.Input schedule(String expression, String extra) throws Exception {
        return input("{\"ScheduleExpression\":\"" + expression + "\",\"FlexibleTimeWindow\":{\"Mode\":\"OFF\"},"
                + "\"Target\":{\"Arn\":\"" + FUNCTION + "\",\"RoleArn\":\"" + ROLE + "\","
                + "\"Input\":\"{\\\"at\\\":\\\"<aws.scheduler.scheduled-time>\\\",\\\"id\\\":\\\"<aws.scheduler.execution-id>\\\","
                + "\\\"n\\\":\\\"<aws.scheduler.attempt-number>\\\",\\\"arn\\\":\\\"<aws.scheduler.schedule-arn>\\\"}\"}"
                + extra + "}");
    }

    @Test
    void aRateFiresAtOnceThenEachTickOnceWithItsContextFilledIn() throws Exception {
        String arn = schedules().create("every-minute", schedule("rate(1 minute)", ""));
        assertEquals("arn:aws:scheduler:us-east-1:000000000000:schedule/default/every-minute", arn);
        List<String> first = fire(); // without a StartDate, a rate starts at once, as Scheduler's does
        assertEquals(1, first.size());
        JsonNode event = JSON.readTree(first.getFirst());
        assertEquals("2026-01-01T10:00:00Z", event.get("at").asText());
        assertEquals("1", event.get("n").asText());
        assertEquals(arn, event.get("arn").asText());
        assertEquals(invokedRequestIds().getFirst(), event.get("id").asText());
        assertEquals(List.of(), fire()); // the same tick does not fire twice
        clock.advance(Duration.ofMinutes(1));
        List<String> second = fire();
        assertEquals(1, second.size());
        assertEquals(
                "2026-01-01T10:01:00Z",
                JSON.readTree(second.getFirst()).get("at").asText());
    }

    private List<String> invokedRequestIds() {
        return invoked.stream().map(EventInvocation::requestId).toList();
    }

    @Test
    void aFiredTickDoesNotFireAgainAfterARestartAndAMissedOneFiresLate() throws Exception {
        schedules().create("once", schedule("at(2026-01-01T10:00:30)", ""));
        schedules().create("rate", schedule("rate(1 minute)", ""));
        assertEquals(1, fire().size()); // the rate's first tick, at once
        clock.advance(Duration.ofSeconds(30));
        assertEquals(1, fire().size());
        harness.start(); // the node starts again on the same database
        assertEquals(List.of(), fire());
        clock.advance(Duration.ofMinutes(3)); // down through three ticks of the rate: one fires, late
        List<String> late = fire();
        assertEquals(1, late.size());
        assertEquals(
                "2026-01-01T10:01:00Z", JSON.readTree(late.getFirst()).get("at").asText());
        assertEquals(
                Optional.of(Instant.parse("2026-01-01T10:04:00Z")),
                schedules()
                        .waiting("arn:aws:scheduler:us-east-1:000000000000:schedule/default/rate")
                        .map(w -> w.tick()));
    }

    @Test
    void aTickHandedToTheOutboxIsDeliveredAfterARestartEvenIfTheRelayHadNotRun() throws Exception {
        schedules().create("once", schedule("at(2026-01-01T10:00:30)", ""));
        clock.advance(Duration.ofSeconds(30));
        assertEquals(
                1, harness.service.firing().fireDue()); // fired and committed; the node stops before the relay runs
        harness.start();
        assertEquals(0, harness.service.firing().fireDue()); // the new start finds nothing due...
        assertEquals(1, harness.relay.deliverDue()); // ...and its relay delivers the committed tick
        assertEquals(1, invoked.size());
        assertEquals(0, harness.relay.deliverDue());
    }

    @Test
    void aDisabledScheduleDoesNotFireAndEnablingItDoesNotMakeUpMissedTicks() throws Exception {
        schedules().create("off", schedule("rate(1 minute)", ",\"State\":\"DISABLED\""));
        schedules().create("on", schedule("rate(1 minute)", ""));
        List<String> fired = fire();
        assertEquals(1, fired.size());
        assertTrue(JSON.readTree(fired.getFirst()).get("arn").asText().endsWith("/on"));
        clock.advance(Duration.ofMinutes(1));
        assertEquals(1, fire().size());
        clock.advance(Duration.ofSeconds(5 * 60 + 30)); // 10:06:30
        schedules().update("off", schedule("rate(1 minute)", ",\"State\":\"ENABLED\""));
        assertEquals(1, fire().size()); // only "on", whose missed ticks fold into one; "off" waits for 10:07
        clock.advance(Duration.ofSeconds(30));
        assertEquals(2, fire().size());
    }

    @Test
    void aOneTimeScheduleWithDeleteGoesAfterItFires() throws Exception {
        schedules().create("bye", schedule("at(2026-01-01T10:00:10)", ",\"ActionAfterCompletion\":\"DELETE\""));
        schedules().create("stay", schedule("at(2026-01-01T10:00:10)", ""));
        clock.advance(Duration.ofSeconds(10));
        assertEquals(2, fire().size());
        AwsException gone = assertThrows(AwsException.class, () -> schedules().get(null, "bye"));
        assertEquals("ResourceNotFoundException", gone.code());
        assertEquals("stay", schedules().get(null, "stay").name());
        clock.advance(Duration.ofDays(1));
        assertEquals(List.of(), fire());
    }

    @Test
    void aFiredOneTimeScheduleUpdatedWithTheSameTimeDoesNotFireAgain() throws Exception {
        schedules().create("once", schedule("at(2026-01-01T10:00:10)", ""));
        clock.advance(Duration.ofSeconds(10));
        assertEquals(1, fire().size());
        schedules().update("once", schedule("at(2026-01-01T10:00:10)", ",\"Description\":\"renamed\""));
        assertEquals(List.of(), fire());
        schedules().update("once", schedule("at(2026-01-01T10:05:00)", ""));
        clock.advance(Duration.ofMinutes(5));
        assertEquals(1, fire().size()); // a new time is a new tick
    }

    @Test
    void aTickThatCannotFireIsPostponedAndHoldsUpNoOther() throws Exception {
        schedules().create("broken", schedule("at(2026-01-01T10:00:10)", ""));
        schedules().create("fine", schedule("at(2026-01-01T10:00:10)", ""));
        harness.database().withConnection(c -> {
            try (var st = c.createStatement()) {
                return st.executeUpdate("UPDATE scheduler_schedules SET doc = 'not json' WHERE name = 'broken'");
            }
        });
        clock.advance(Duration.ofSeconds(10));
        List<String> fired = fire();
        assertEquals(1, fired.size());
        assertTrue(JSON.readTree(fired.getFirst()).get("arn").asText().endsWith("/fine"));
        assertEquals(
                Optional.of(Instant.parse("2026-01-01T10:01:10Z")),
                schedules()
                        .waiting("arn:aws:scheduler:us-east-1:000000000000:schedule/default/broken")
                        .map(w -> w.fireAt()));
    }

    @Test
    void badInputIsRefusedAndChangesNothing() throws Exception {
        for (String expression : List.of("rate(0 minutes)", "cron(0 12 * * * *)", "at(2026-02-30T00:00:00)")) {
            AwsException e =
                    assertThrows(AwsException.class, () -> schedules().create("bad", schedule(expression, "")));
            assertEquals("ValidationException", e.code());
            assertEquals("Invalid Schedule Expression " + expression + ".", e.getMessage());
        }
        assertEquals(
                "ValidationException",
                assertThrows(
                                AwsException.class,
                                () -> schedules()
                                        .create(
                                                "bad",
                                                schedule(
                                                        "rate(1 minute)",
                                                        ",\"ScheduleExpressionTimezone\":\"Mars/Olympus\"")))
                        .code());
        assertEquals(
                "ResourceNotFoundException",
                assertThrows(
                                AwsException.class,
                                () -> schedules().create("bad", schedule("rate(1 minute)", ",\"GroupName\":\"nope\"")))
                        .code());
        assertEquals(List.of(), schedules().list(null, null, null, null, 100).items());
        schedules().create("good", schedule("rate(1 minute)", ""));
        assertEquals(
                "ConflictException",
                assertThrows(AwsException.class, () -> schedules().create("good", schedule("rate(5 minutes)", "")))
                        .code());
        assertEquals(
                "ValidationException",
                assertThrows(AwsException.class, () -> schedules().update("good", schedule("rate(-1 minutes)", "")))
                        .code());
        assertEquals("rate(1 minute)", schedules().get(null, "good").expression());
        clock.advance(Duration.ofMinutes(1));
        assertEquals(1, fire().size());
    }

    @Test
    void listingFiltersAndPages() throws Exception {
        String team = schedules().createGroup("team", Map.of("owner", "ops"));
        assertEquals(Map.of("owner", "ops"), schedules().tagging().tags(team));
        schedules().tagging().tag(team, Map.of("cost", "42"));
        schedules().tagging().untag(team, List.of("owner"));
        assertEquals(Map.of("cost", "42"), schedules().tagging().tags(team));
        for (String name : List.of("a1", "a2", "a3", "b1")) {
            schedules().create(name, schedule("rate(1 hour)", ""));
        }
        schedules().create("a4", schedule("rate(1 hour)", ",\"GroupName\":\"team\",\"State\":\"DISABLED\""));
        Schedules.Page<?> first = schedules().list(null, "a", null, null, 2);
        assertEquals(2, first.items().size());
        Schedules.Page<?> second = schedules().list(null, "a", null, first.next(), 2);
        assertEquals(2, second.items().size());
        assertEquals(null, second.next());
        assertEquals(1, schedules().list("team", null, null, null, 10).items().size());
        assertEquals(4, schedules().list(null, null, true, null, 10).items().size());
        schedules().deleteGroup("team");
        assertEquals(
                "ResourceNotFoundException",
                assertThrows(AwsException.class, () -> schedules().tagging().tags(team))
                        .code());
        assertEquals(4, schedules().list(null, null, null, null, 10).items().size());
        assertEquals(
                "ValidationException",
                assertThrows(AwsException.class, () -> schedules().deleteGroup("default"))
                        .code());
    }
}

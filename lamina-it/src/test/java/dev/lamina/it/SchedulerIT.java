package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;
import software.amazon.awssdk.services.scheduler.model.Tag;
import software.amazon.awssdk.services.scheduler.model.ValidationException;

/**
 * EventBridge Scheduler end to end: schedules made with the SDK for Java v2 and the AWS CLI fire a real
 * Python function, which prints each event it gets ({@code TICK <epoch seconds> <event>}) to its log;
 * the test reads the log through the Logs API. Times are the node's real clock, with {@code at()} a few
 * seconds ahead, so nothing waits for minutes.
 */
class SchedulerIT {
    static final String ACCOUNT = "000000000000";
    static final String FUNCTION = "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:";
    static final String ROLE = "arn:aws:iam::" + ACCOUNT + ":role/scheduler";
    static final String RECORDER = """
            import json, time
            def handler(event, context):
                print("TICK %.3f %s" % (time.time(), json.dumps(event)))
            """;
    static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
    static TestNode node;
    static SchedulerClient scheduler;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        connect();
        Functions.create(node.lambda(), "sch-rec", "python3.11", "app.handler", Functions.python(RECORDER));
    }

    static void connect() {
        if (scheduler != null) {
            scheduler.close();
        }
        scheduler = TestNode.client(SchedulerClient.builder(), URI.create(node.endpoint()));
    }

    @AfterAll
    static void stop() {
        if (scheduler != null) {
            scheduler.close();
        }
        if (node != null) {
            node.close();
        }
    }

    /** A tick the function printed: when it ran and the event it got. */
    record Tick(double ranAt, JsonNode event) {}

    static List<Tick> ticks(String function) {
        List<Tick> out = new ArrayList<>();
        for (String line : AsyncLogs.lines(node, function, "TICK ")) {
            int space = line.indexOf(' ');
            try {
                out.add(new Tick(
                        Double.parseDouble(line.substring(0, space)),
                        AsyncLogs.JSON.readTree(line.substring(space + 1))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** The ticks of one schedule (its events carry a "name"). */
    static List<Tick> ticks(String function, String name) {
        return ticks(function).stream()
                .filter(t -> name.equals(t.event().path("name").asText()))
                .toList();
    }

    static Tick awaitTick(String function, String name, Duration timeout) throws InterruptedException {
        return AsyncLogs.await(
                () -> ticks(function, name).stream().findFirst().orElse(null),
                timeout,
                "schedule " + name + " did not fire");
    }

    /** A wall-clock time {@code seconds} from now, whole seconds, as at() takes it, in {@code zone}. */
    static LocalDateTime inSeconds(long seconds, ZoneId zone) {
        return LocalDateTime.ofInstant(Instant.now().plusSeconds(seconds + 1).truncatedTo(ChronoUnit.SECONDS), zone);
    }

    /** {@code at(yyyy-mm-ddThh:mm:ss)}, seconds always written (LocalDateTime's toString drops ":00"). */
    static String atExpression(LocalDateTime time) {
        return "at(" + AT.format(time) + ")";
    }

    static String input(String name) {
        return "{\"name\":\"" + name + "\",\"at\":\"<aws.scheduler.scheduled-time>\","
                + "\"id\":\"<aws.scheduler.execution-id>\",\"n\":\"<aws.scheduler.attempt-number>\","
                + "\"arn\":\"<aws.scheduler.schedule-arn>\"}";
    }

    static CreateScheduleRequest.Builder at(String name, LocalDateTime time, String function) {
        return CreateScheduleRequest.builder()
                .name(name)
                .scheduleExpression(atExpression(time))
                .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                .target(t -> t.arn(FUNCTION + function).roleArn(ROLE).input(input(name)));
    }

    @Test
    void aScheduleFiresItsFunctionWithinASecondWithItsContextWhileADisabledOneDoesNot() throws Exception {
        node.lambda().invoke(b -> b.functionName("sch-rec").payload(SdkBytes.fromUtf8String("{}"))); // warm
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        LocalDateTime disabledAt = inSeconds(2, ZoneOffset.UTC);
        LocalDateTime enabledAt = inSeconds(4, tokyo); // two seconds after, on Tokyo's wall clock
        scheduler.createSchedule(at("sch-off", disabledAt, "sch-rec")
                .state(ScheduleState.DISABLED)
                .build());
        String arn = scheduler
                .createSchedule(at("sch-on", enabledAt, "sch-rec")
                        .scheduleExpressionTimezone("Asia/Tokyo")
                        .actionAfterCompletion(ActionAfterCompletion.DELETE)
                        .build())
                .scheduleArn();
        assertEquals("arn:aws:scheduler:us-east-1:" + ACCOUNT + ":schedule/default/sch-on", arn);
        GetScheduleResponse got = scheduler.getSchedule(b -> b.name("sch-off"));
        assertEquals(ScheduleState.DISABLED, got.state());
        assertEquals(atExpression(disabledAt), got.scheduleExpression());
        assertEquals(FUNCTION + "sch-rec", got.target().arn());
        assertEquals(185, got.target().retryPolicy().maximumRetryAttempts());

        Tick tick = awaitTick("sch-rec", "sch-on", Duration.ofSeconds(30));
        Instant due = enabledAt.atZone(tokyo).toInstant();
        assertEquals(due.toString(), tick.event().get("at").asText());
        assertEquals(arn, tick.event().get("arn").asText());
        assertEquals("1", tick.event().get("n").asText());
        assertEquals(36, tick.event().get("id").asText().length());
        double lag = tick.ranAt() - due.toEpochMilli() / 1000.0;
        assertTrue(lag >= 0 && lag < 1.0, "the function ran " + lag + " s after the schedule's time");
        // the disabled schedule was due two seconds before the enabled one fired, and did not fire
        assertEquals(List.of(), ticks("sch-rec", "sch-off"));
        // ActionAfterCompletion DELETE: the one-time schedule is gone once it fired
        assertThrows(ResourceNotFoundException.class, () -> scheduler.getSchedule(b -> b.name("sch-on")));
        assertEquals(
                ScheduleState.DISABLED,
                scheduler.getSchedule(b -> b.name("sch-off")).state());
    }

    @Test
    void aTickFiresOnceAcrossARestartAndOneMissedWhileDownFiresLate() throws Exception {
        Functions.create(node.lambda(), "sch-restart", "python3.11", "app.handler", Functions.python(RECORDER));
        scheduler.createSchedule(
                at("sch-before", inSeconds(2, ZoneOffset.UTC), "sch-restart").build());
        LocalDateTime missedAt = inSeconds(6, ZoneOffset.UTC);
        scheduler.createSchedule(at("sch-missed", missedAt, "sch-restart").build());
        awaitTick("sch-restart", "sch-before", Duration.ofSeconds(30));
        node.stopNode();
        Instant missed = missedAt.toInstant(ZoneOffset.UTC);
        while (Instant.now().isBefore(missed.plusSeconds(1))) {
            Thread.sleep(200); // the node is down through sch-missed's time
        }
        node.restartNode();
        connect();
        Tick late = awaitTick("sch-restart", "sch-missed", Duration.ofSeconds(60));
        assertEquals(missed.toString(), late.event().get("at").asText());
        // a witness made after the start: by the time it fires, a tick fired again at the start would have run
        scheduler.createSchedule(
                at("sch-witness", inSeconds(2, ZoneOffset.UTC), "sch-restart").build());
        awaitTick("sch-restart", "sch-witness", Duration.ofSeconds(30));
        assertTrue(late.ranAt() > missed.getEpochSecond() + 1, "it fired late, after the restart");
        assertEquals(1, ticks("sch-restart", "sch-before").size(), "the tick fired before the restart fired again");
        assertEquals(1, ticks("sch-restart", "sch-missed").size());
        // a one-time schedule with ActionAfterCompletion NONE stays, ENABLED, after it fired
        assertEquals(
                ScheduleState.ENABLED,
                scheduler.getSchedule(b -> b.name("sch-missed")).state());
    }

    @Test
    void aRateWithoutAStartDateFiresAtOnceThenEveryPeriod() throws Exception {
        Instant made = Instant.now();
        scheduler.createSchedule(CreateScheduleRequest.builder()
                .name("sch-rate")
                .scheduleExpression("rate(1 minute)")
                .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                .target(t -> t.arn(FUNCTION + "sch-rec").roleArn(ROLE).input(input("sch-rate")))
                .build());
        Tick first = awaitTick("sch-rec", "sch-rate", Duration.ofSeconds(30));
        Instant tick = Instant.parse(first.event().get("at").asText());
        assertTrue(
                !tick.isBefore(made.truncatedTo(ChronoUnit.SECONDS)) && tick.isBefore(made.plusSeconds(5)),
                "the first tick " + tick + " is when the schedule was made, " + made);
        scheduler.deleteSchedule(b -> b.name("sch-rate"));
        assertEquals(1, ticks("sch-rec", "sch-rate").size());
    }

    @Test
    void badInputGetsScheduleErrorsAndChangesNothing() {
        for (String expression : List.of("rate(0 minutes)", "cron(0 12 * * * *)", "at(2026-13-01T00:00:00)", "nope")) {
            ValidationException e = assertThrows(
                    ValidationException.class,
                    () -> scheduler.createSchedule(at("sch-bad", inSeconds(60, ZoneOffset.UTC), "sch-rec")
                            .scheduleExpression(expression)
                            .build()));
            assertEquals(400, e.statusCode());
            assertEquals(
                    "Invalid Schedule Expression " + expression + ".",
                    e.awsErrorDetails().errorMessage());
        }
        assertThrows(
                ValidationException.class,
                () -> scheduler.createSchedule(at("sch-bad", inSeconds(60, ZoneOffset.UTC), "sch-rec")
                        .scheduleExpressionTimezone("Mars/Olympus")
                        .build()));
        assertThrows(
                ValidationException.class,
                () -> scheduler.createSchedule(at("sch-bad", inSeconds(60, ZoneOffset.UTC), "sch-rec")
                        .target(t ->
                                t.arn("arn:aws:sqs:us-east-1:" + ACCOUNT + ":q").roleArn(ROLE))
                        .build()));
        assertThrows(
                ValidationException.class,
                () -> scheduler.createSchedule(at("sch-bad", inSeconds(60, ZoneOffset.UTC), "sch-rec")
                        .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.FLEXIBLE))
                        .build()));
        assertThrows(
                ResourceNotFoundException.class,
                () -> scheduler.createSchedule(at("sch-bad", inSeconds(60, ZoneOffset.UTC), "sch-rec")
                        .groupName("no-such-group")
                        .build()));
        assertFalse(scheduler.listSchedules(b -> b.namePrefix("sch-bad")).schedules().stream()
                .anyMatch(s -> s.name().equals("sch-bad")));
        assertThrows(ResourceNotFoundException.class, () -> scheduler.getSchedule(b -> b.name("sch-bad")));

        scheduler.createSchedule(
                at("sch-dup", inSeconds(3600, ZoneOffset.UTC), "sch-rec").build());
        ConflictException conflict = assertThrows(
                ConflictException.class,
                () -> scheduler.createSchedule(at("sch-dup", inSeconds(7200, ZoneOffset.UTC), "sch-rec")
                        .build()));
        assertEquals(409, conflict.statusCode());
        assertThrows(
                ValidationException.class,
                () -> scheduler.updateSchedule(b -> b.name("sch-dup")
                        .scheduleExpression("rate(1 fortnight)")
                        .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                        .target(t -> t.arn(FUNCTION + "sch-rec").roleArn(ROLE))));
        assertTrue(scheduler
                .getSchedule(b -> b.name("sch-dup"))
                .scheduleExpression()
                .startsWith("at("));
        scheduler.deleteSchedule(b -> b.name("sch-dup"));
    }

    @Test
    void groupsListsAndPages() {
        String team = scheduler
                .createScheduleGroup(b -> b.name("sch-team")
                        .tags(Tag.builder().key("owner").value("ops").build()))
                .scheduleGroupArn();
        assertEquals("arn:aws:scheduler:us-east-1:" + ACCOUNT + ":schedule-group/sch-team", team);
        scheduler.tagResource(b ->
                b.resourceArn(team).tags(Tag.builder().key("cost").value("42").build()));
        scheduler.untagResource(b -> b.resourceArn(team).tagKeys("owner"));
        assertEquals(
                List.of("cost=42"),
                scheduler.listTagsForResource(b -> b.resourceArn(team)).tags().stream()
                        .map(t -> t.key() + "=" + t.value())
                        .toList());
        for (String name : List.of("sch-page-1", "sch-page-2", "sch-page-3")) {
            scheduler.createSchedule(CreateScheduleRequest.builder()
                    .name(name)
                    .groupName("sch-team")
                    .scheduleExpression("cron(0 9 ? * MON-FRI *)")
                    .scheduleExpressionTimezone("Europe/Paris")
                    .flexibleTimeWindow(
                            w -> w.mode(FlexibleTimeWindowMode.FLEXIBLE).maximumWindowInMinutes(15))
                    .target(t -> t.arn(FUNCTION + "sch-rec").roleArn(ROLE))
                    .build());
        }
        List<String> names = new ArrayList<>();
        scheduler
                .listSchedulesPaginator(b -> b.groupName("sch-team").maxResults(2))
                .schedules()
                .forEach(s -> names.add(s.name()));
        assertEquals(List.of("sch-page-1", "sch-page-2", "sch-page-3"), names);
        assertTrue(scheduler.listScheduleGroups(b -> b.namePrefix("sch-")).scheduleGroups().stream()
                .anyMatch(g -> g.name().equals("sch-team")));
        assertEquals(
                "default", scheduler.getScheduleGroup(b -> b.name("default")).name());
        scheduler.deleteScheduleGroup(b -> b.name("sch-team"));
        assertThrows(ResourceNotFoundException.class, () -> scheduler.listTagsForResource(b -> b.resourceArn(team)));
        assertThrows(
                ResourceNotFoundException.class,
                () -> scheduler.getSchedule(b -> b.name("sch-page-1").groupName("sch-team")));
        assertThrows(ValidationException.class, () -> scheduler.deleteScheduleGroup(b -> b.name("default")));
    }

    @Test
    void theCliMakesAScheduleThatFires() throws Exception {
        assumeTrue(AwsCli.available(), "the AWS CLI v2 (/usr/bin/aws, Debian package awscli) is not installed");
        Path home = Files.createDirectories(node.dataDir().resolve("cli-scheduler"));
        AwsCli aws = new AwsCli(node.endpoint(), home);
        LocalDateTime at = inSeconds(3, ZoneOffset.UTC);
        AwsCli.Result made = aws.run(
                "scheduler",
                "create-schedule",
                "--name",
                "sch-cli",
                "--schedule-expression",
                atExpression(at),
                "--flexible-time-window",
                "Mode=OFF",
                "--target",
                "{\"Arn\":\"" + FUNCTION + "sch-rec\",\"RoleArn\":\"" + ROLE + "\",\"Input\":"
                        + AsyncLogs.JSON.valueToTree(input("sch-cli")) + "}");
        assertEquals(0, made.exitCode(), made.stderr());
        assertTrue(made.stdout().contains("schedule/default/sch-cli"), made.stdout());
        AwsCli.Result listed = aws.run("scheduler", "list-schedules", "--name-prefix", "sch-cli");
        assertEquals(0, listed.exitCode(), listed.stderr());
        assertTrue(listed.stdout().contains("\"sch-cli\""), listed.stdout());
        Tick tick = awaitTick("sch-rec", "sch-cli", Duration.ofSeconds(30));
        assertEquals(
                at.toInstant(ZoneOffset.UTC).toString(), tick.event().get("at").asText());

        AwsCli.Result bad = aws.run(
                "scheduler",
                "create-schedule",
                "--name",
                "sch-cli-bad",
                "--schedule-expression",
                "cron(0 12 * * * *)",
                "--flexible-time-window",
                "Mode=OFF",
                "--target",
                "Arn=" + FUNCTION + "sch-rec,RoleArn=" + ROLE);
        assertEquals(254, bad.exitCode(), bad.stdout() + bad.stderr());
        assertTrue(bad.stderr().contains("(ValidationException)"), bad.stderr());
        assertTrue(bad.stderr().contains("Invalid Schedule Expression cron(0 12 * * * *)."), bad.stderr());
        AwsCli.Result missing = aws.run("scheduler", "get-schedule", "--name", "sch-cli-bad");
        assertTrue(missing.stderr().contains("(ResourceNotFoundException)"), missing.stderr());
        AwsCli.Result deleted = aws.run("scheduler", "delete-schedule", "--name", "sch-cli");
        assertEquals(0, deleted.exitCode(), deleted.stderr());
    }
}

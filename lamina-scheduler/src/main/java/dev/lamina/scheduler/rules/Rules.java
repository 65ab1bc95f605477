package dev.lamina.scheduler.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import dev.lamina.scheduler.expression.ScheduleExpression;
import dev.lamina.scheduler.expression.ScheduleExpressions;
import dev.lamina.scheduler.fire.Delivery;
import dev.lamina.scheduler.fire.Timetable;
import dev.lamina.scheduler.tags.TagStore;
import dev.lamina.scheduler.tags.Tagging;
import dev.lamina.scheduler.timer.Lifecycle;
import dev.lamina.scheduler.timer.Ticks;
import dev.lamina.scheduler.timer.Timekeeping;
import dev.lamina.scheduler.timer.Timers;
import dev.lamina.scheduler.timer.Timing;
import dev.lamina.storage.Transaction;
import dev.lamina.storage.Transactions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * EventBridge's rules on the default event bus, and the firing of scheduled ones: each tick of an
 * enabled rule with a ScheduleExpression sends every Lambda target the "Scheduled Event" (or the
 * target's Input or InputPath). Each operation is one transaction. Called from request threads and the
 * firing thread.
 */
public final class Rules implements Timetable {
    public static final String DEFAULT_BUS = "default";
    /** How many targets a rule may have, as EventBridge allows. */
    static final int MAX_TARGETS = 5;
    /** EventBridge's retry policy when a target sets none: 185 attempts over 24 hours. */
    private static final int DEFAULT_RETRY_ATTEMPTS = 185;

    private static final int DEFAULT_EVENT_AGE_SECONDS = 86_400;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Transactions db;
    private final RuleStore store;
    private final Timers timers;
    private final Clock clock;
    private final RandomGenerator random;
    private final String region;
    private final String account;
    private final Runnable wake;
    private final Tagging tagging;

    public Rules(Timekeeping keeping, RuleStore store, TagStore tags) {
        this.db = keeping.db();
        this.store = store;
        this.timers = keeping.timers();
        this.clock = keeping.clock();
        this.random = keeping.random();
        this.region = keeping.region();
        this.account = keeping.account();
        this.wake = keeping.wake();
        this.tagging = new Tagging(db, tags, (tx, arn) -> store.byArn(tx, arn).isPresent());
    }

    /** Tags: rules are what EventBridge tags here. */
    public Tagging tagging() {
        return tagging;
    }

    /** What PutRule asks for; {@code tags} are added to the rule's. */
    public record PutRule(
            String name,
            String scheduleExpression,
            String eventPattern,
            String state,
            String description,
            String roleArn,
            Map<String, String> tags) {
        public PutRule {
            tags = Map.copyOf(tags);
        }
    }

    /** A page of a list and the position to continue after, or {@code null} at the end. */
    public record Page<T>(List<T> items, String next) {}

    /** PutRule: makes or replaces a rule; returns its ARN. */
    public String put(PutRule in) {
        if (in.scheduleExpression() == null && in.eventPattern() == null) {
            throw AwsException.validation("Parameter(s) EventPattern or ScheduleExpression must be specified.");
        }
        ScheduleExpression expression = null;
        if (in.scheduleExpression() != null) {
            try {
                expression = ScheduleExpressions.parse(in.scheduleExpression(), ScheduleExpressions.Dialect.EVENTS);
            } catch (IllegalArgumentException e) {
                throw AwsException.validation("Parameter ScheduleExpression is not valid.");
            }
        }
        if (in.eventPattern() != null) {
            checkPattern(in.eventPattern());
        }
        Instant now = clock.instant();
        ScheduleExpression parsed = expression;
        return db.transaction(tx -> {
            Instant created = store.get(tx, in.name()).map(Rule::created).orElse(now);
            Rule rule = new Rule(
                    in.name(),
                    "arn:aws:events:" + region + ":" + account + ":rule/" + in.name(),
                    in.scheduleExpression(),
                    in.eventPattern(),
                    in.state() == null ? "ENABLED" : in.state(),
                    in.description(),
                    in.roleArn(),
                    created);
            store.put(tx, rule);
            tagging.tag(tx, rule.arn(), in.tags());
            plan(tx, rule, parsed, now);
            return rule.arn();
        });
    }

    public Rule describe(String name) {
        return db.transaction(tx -> rule(tx, name));
    }

    public Page<Rule> list(String prefix, String after, int limit) {
        return db.transaction(tx -> {
            List<Rule> found = store.list(tx, prefix, after, limit + 1);
            return found.size() <= limit
                    ? new Page<>(found, null)
                    : new Page<>(
                            List.copyOf(found.subList(0, limit)),
                            found.get(limit - 1).name());
        });
    }

    /** DeleteRule: a rule with targets is refused, as EventBridge refuses it; a missing one is no error. */
    public void delete(String name) {
        db.transaction(tx -> {
            Optional<Rule> rule = store.get(tx, name);
            if (rule.isEmpty()) {
                return null;
            }
            if (!store.targets(tx, name).isEmpty()) {
                throw AwsException.validation("Rule can't be deleted since it has targets.");
            }
            store.delete(tx, name);
            timers.remove(tx, rule.get().arn());
            tagging.forget(tx, rule.get().arn());
            return null;
        });
    }

    /** EnableRule or DisableRule. */
    public void setEnabled(String name, boolean enabled) {
        Instant now = clock.instant();
        db.transaction(tx -> {
            Rule rule = rule(tx, name).withState(enabled ? "ENABLED" : "DISABLED");
            store.put(tx, rule);
            plan(tx, rule, expression(rule), now);
            return null;
        });
    }

    /** A target PutTargets could not take, with EventBridge's error code. */
    public record Failed(String id, String code, String message) {}

    /** PutTargets: adds or replaces targets; returns those it refused. */
    public List<Failed> putTargets(String ruleName, List<ObjectNode> targets) {
        return db.transaction(tx -> {
            rule(tx, ruleName);
            List<Failed> failed = new ArrayList<>();
            List<RuleTarget> taken = new ArrayList<>();
            for (ObjectNode t : targets) {
                String id = t.path("Id").asText();
                String arn = t.path("Arn").asText();
                if (!Delivery.isLambdaFunction(arn)) {
                    failed.add(new Failed(
                            id,
                            "ValidationException",
                            "Lamina delivers rule targets to Lambda functions only: " + arn));
                    continue;
                }
                String inputPath = t.path("InputPath").asText(null);
                if (inputPath != null) {
                    ScheduledEvent.checkPath(inputPath);
                }
                String input = t.path("Input").asText(null);
                if (input != null) {
                    checkJson(input, "Input");
                }
                taken.add(new RuleTarget(id, arn, input, inputPath, t));
            }
            for (RuleTarget t : taken) {
                store.putTarget(tx, ruleName, t);
            }
            if (store.targets(tx, ruleName).size() > MAX_TARGETS) {
                throw new AwsException(
                        400, "LimitExceededException", "The requested resource exceeds the maximum number allowed.");
            }
            return failed;
        });
    }

    public Page<RuleTarget> targets(String ruleName, String after, int limit) {
        return db.transaction(tx -> {
            rule(tx, ruleName);
            List<RuleTarget> all = store.targets(tx, ruleName).stream()
                    .filter(t -> after == null || t.id().compareTo(after) > 0)
                    .toList();
            return all.size() <= limit
                    ? new Page<>(all, null)
                    : new Page<>(
                            List.copyOf(all.subList(0, limit)),
                            all.get(limit - 1).id());
        });
    }

    public void removeTargets(String ruleName, List<String> ids) {
        db.transaction(tx -> {
            rule(tx, ruleName);
            for (String id : ids) {
                store.removeTarget(tx, ruleName, id);
            }
            return null;
        });
    }

    @Override
    public boolean owns(String key) {
        return key.startsWith("arn:aws:events:" + region + ":" + account + ":rule/");
    }

    /** Fires a scheduled rule's tick: one invocation per Lambda target, the same event id for all. */
    @Override
    public List<Delivery> fire(Transaction tx, String key, Lifecycle.Waiting waiting, Instant now) {
        Optional<Rule> found = store.byArn(tx, key);
        if (found.isEmpty() || expression(found.get()) == null) {
            timers.remove(tx, key);
            return List.of();
        }
        Rule rule = found.get();
        Ticks.Fired fired = Ticks.fire(timing(rule, expression(rule)), waiting, now, random);
        timers.set(tx, key, fired.next());
        String eventId = id(key + "@" + fired.tick().toEpochMilli());
        ObjectNode event = ScheduledEvent.of(rule, eventId, fired.tick(), account, region);
        List<Delivery> out = new ArrayList<>();
        for (RuleTarget target : store.targets(tx, rule.name())) {
            JsonNode retry = target.document().path("RetryPolicy");
            out.add(new Delivery(
                    target.arn(),
                    id(key + "/" + target.id() + "@" + fired.tick().toEpochMilli()),
                    ScheduledEvent.payload(target, event),
                    retry.path("MaximumRetryAttempts").asInt(DEFAULT_RETRY_ATTEMPTS),
                    retry.path("MaximumEventAgeInSeconds").asInt(DEFAULT_EVENT_AGE_SECONDS)));
        }
        return out;
    }

    private void plan(Transaction tx, Rule rule, ScheduleExpression expression, Instant now) {
        if (expression == null) {
            timers.remove(tx, rule.arn()); // an event-pattern rule waits for no tick
            return;
        }
        timers.set(tx, rule.arn(), Ticks.plan(timing(rule, expression), rule.enabled(), now, random));
        tx.afterCommit(wake);
    }

    /**
     * A rule's ticks: UTC, no window; a rate's first tick is one period after the rule was made (unlike
     * Scheduler's, which fires at once).
     */
    private static Timing timing(Rule rule, ScheduleExpression expression) {
        Instant anchor = expression instanceof ScheduleExpression.Rate rate
                ? rule.created().plus(rate.period())
                : rule.created();
        return new Timing(expression, ZoneOffset.UTC, anchor, null, null, Duration.ZERO);
    }

    private static ScheduleExpression expression(Rule rule) {
        return rule.scheduleExpression() == null
                ? null
                : ScheduleExpressions.parse(rule.scheduleExpression(), ScheduleExpressions.Dialect.EVENTS);
    }

    private Rule rule(Transaction tx, String name) {
        return store.get(tx, name)
                .orElseThrow(() -> AwsException.notFound("Rule " + name + " does not exist on EventBus default."));
    }

    private static void checkPattern(String pattern) {
        JsonNode node;
        try {
            node = JSON.readTree(pattern);
        } catch (JsonProcessingException e) {
            throw new AwsException(
                    400,
                    "InvalidEventPatternException",
                    "Event pattern is not valid. Reason: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new AwsException(
                    400, "InvalidEventPatternException", "Event pattern is not valid. Reason: it is not a JSON object");
        }
    }

    private static void checkJson(String text, String field) {
        try {
            JSON.readTree(text);
        } catch (IOException e) {
            throw AwsException.validation("Parameter " + field + " is not valid JSON.");
        }
    }

    private static String id(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}

package dev.lamina.scheduler;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.edge.EdgeService;
import dev.lamina.scheduler.api.EventsApi;
import dev.lamina.scheduler.api.SchedulerApi;
import dev.lamina.scheduler.fire.Deliveries;
import dev.lamina.scheduler.fire.Firing;
import dev.lamina.scheduler.fire.Wakeup;
import dev.lamina.scheduler.rules.Rules;
import dev.lamina.scheduler.rules.SqliteRuleStore;
import dev.lamina.scheduler.schedule.Schedules;
import dev.lamina.scheduler.schedule.SqliteScheduleStore;
import dev.lamina.scheduler.tags.SqliteTagStore;
import dev.lamina.scheduler.timer.Timekeeping;
import dev.lamina.scheduler.timer.Timers;
import dev.lamina.spi.lambda.Lambda;
import dev.lamina.storage.Database;
import dev.lamina.storage.outbox.Outbox;
import dev.lamina.storage.outbox.OutboxRelay;
import dev.lamina.storage.queue.SqliteWorkQueue;
import java.sql.SQLException;
import java.util.List;

/**
 * The schedules module as the node sees it: builds EventBridge Scheduler's and EventBridge rules'
 * parts on the node's database and outbox, hands out their APIs, and runs the thread that fires ticks.
 * A tick's invocation reaches Lambda through the outbox relay, under the topic {@link Firing#TOPIC}.
 */
public final class SchedulerService implements AutoCloseable {
    /** The work queue that indexes what waits for a tick, by due time. */
    static final String TICKS_QUEUE = "scheduler_ticks";

    private final Schedules schedules;
    private final Rules rules;
    private final Firing firing;
    private final List<EdgeService> services;

    public SchedulerService(SchedulerConfig config, Database db, Outbox outbox, OutboxRelay relay, Lambda lambda)
            throws SQLException {
        Timers timers = new Timers(new SqliteWorkQueue(db, TICKS_QUEUE), "scheduler");
        Wakeup wakeup = new Wakeup();
        Timekeeping keeping = new Timekeeping(
                db, timers, config.clock(), config.random(), config.region(), config.account(), wakeup::wake);
        SqliteTagStore tags = new SqliteTagStore(db);
        this.schedules = new Schedules(keeping, new SqliteScheduleStore(db), tags);
        this.rules = new Rules(keeping, new SqliteRuleStore(db), tags);
        this.firing = new Firing(keeping, outbox, List.of(schedules, rules), config.poll(), wakeup);
        relay.register(Firing.TOPIC, new Deliveries(lambda, config.clock()));
        ObjectMapper json = new ObjectMapper();
        this.services = List.of(new SchedulerApi(schedules, json).service(), new EventsApi(rules, json).service());
    }

    /** Its schedules, for tests in this package. */
    Schedules schedules() {
        return schedules;
    }

    /** Its rules, for tests in this package. */
    Rules rules() {
        return rules;
    }

    /** Its firing, for tests in this package, which fire by hand with a clock they move. */
    Firing firing() {
        return firing;
    }

    /** The APIs to put on the edge. */
    public List<EdgeService> services() {
        return services;
    }

    /** Starts firing; ticks that fell due while the node was down fire now. */
    public void start() {
        firing.start();
    }

    @Override
    public void close() {
        firing.close();
    }
}

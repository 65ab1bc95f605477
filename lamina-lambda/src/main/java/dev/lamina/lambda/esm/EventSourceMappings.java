package dev.lamina.lambda.esm;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.core.AwsException;
import dev.lamina.core.Ticker;
import dev.lamina.lambda.LambdaErrors;
import dev.lamina.lambda.function.Arns;
import dev.lamina.lambda.function.FunctionConfig;
import dev.lamina.lambda.function.FunctionRegistry;
import dev.lamina.spi.dynamodb.TableStreams;
import dev.lamina.spi.kinesis.DataStreams;
import dev.lamina.spi.lambda.Lambda;
import dev.lamina.spi.sqs.MessageQueues;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Event source mappings (Create/Get/Update/Delete/ListEventSourceMappings) and the pollers that run
 * them: each change is stored in its transitional state ({@link MappingState}), the mapping's poller
 * is started, restarted or stopped to match, and the settled state stored. At start, the stored
 * mappings' pollers resume. Sources: SQS queues, reached through the queue service's {@link
 * MessageQueues}, streams ({@link StreamSources}: Kinesis data streams and DynamoDB table
 * streams), whose shards are read from durable checkpoints ({@link CheckpointStore}), and topics of
 * self-managed Apache Kafka clusters ({@link KafkaPoller}), read as a consumer group.
 */
public final class EventSourceMappings implements AutoCloseable {
    private final MappingStore store;
    private final FunctionRegistry functions;
    private final Arns arns;
    private final Lambda lambda;
    private final ObjectMapper json;
    private final Clock clock;
    private final Ticker ticker;
    private final RandomGenerator random;
    private final CheckpointStore checkpoints;
    private final Map<String, Poller> pollers = new ConcurrentHashMap<>();
    private final Map<String, String> results = new ConcurrentHashMap<>();
    private volatile MessageQueues queues;
    private final StreamSources streams;

    public EventSourceMappings(
            MappingStore store,
            CheckpointStore checkpoints,
            FunctionRegistry functions,
            Lambda lambda,
            ObjectMapper json,
            Clock clock,
            Ticker ticker,
            RandomGenerator random) {
        this.store = store;
        this.checkpoints = checkpoints;
        this.functions = functions;
        this.arns = functions.arns();
        this.lambda = lambda;
        this.json = json;
        this.clock = clock;
        this.ticker = ticker;
        this.random = random;
        this.streams = new StreamSources(json);
    }

    /** The node's queue service; until it is attached, SQS mappings cannot be made. */
    public void attach(MessageQueues queues) {
        this.queues = queues;
    }

    /** The node's Kinesis data streams; until they are attached, Kinesis mappings cannot be made. */
    public void attach(DataStreams streams) {
        this.streams.attach(streams);
    }

    /** The node's DynamoDB table streams; until they are attached, DynamoDB mappings cannot be made. */
    public void attach(TableStreams streams) {
        this.streams.attach(streams);
    }

    /** Settles what a stopped node left in transition and resumes the pollers of enabled mappings. */
    public synchronized void start() {
        for (EventSourceMapping mapping : store.all()) {
            if (mapping.state() instanceof MappingState.Deleting) {
                checkpoints.delete(mapping.uuid());
                store.delete(mapping.uuid());
            } else {
                run(mapping);
            }
        }
    }

    /** What CreateEventSourceMapping asks for; {@code null} for what was not given. */
    public record Request(
            String eventSourceArn,
            String functionName,
            Boolean enabled,
            Integer batchSize,
            Integer batchingWindowSeconds,
            List<String> functionResponseTypes,
            List<String> filters,
            Integer maximumConcurrency,
            StreamRules.Options stream,
            KafkaRules.Options kafka) {
        /** Whether it names a self-managed Kafka cluster ({@code SelfManagedEventSource}). */
        boolean isKafka() {
            return kafka != null && kafka.endpoints() != null;
        }
    }

    public synchronized EventSourceMapping create(Request request) {
        if (request.eventSourceArn() == null && !request.isKafka()) {
            throw LambdaErrors.invalidParameter("Unrecognized event source.");
        }
        if (request.eventSourceArn() != null && request.isKafka()) {
            throw LambdaErrors.invalidParameter(
                    "EventSourceArn and SelfManagedEventSource cannot both be provided for an event source mapping.");
        }
        Arns.FunctionRef ref = arns.parse(request.functionName(), null);
        FunctionConfig target = target(ref.name(), ref.qualifier());
        if (request.isKafka()) {
            return createKafka(request, ref);
        }
        KafkaRules.refuseForOthers(request.kafka());
        if (StreamSources.isStream(request.eventSourceArn())) {
            return createStream(request, ref);
        }
        StreamRules.refuseForQueue(request.eventSourceArn(), request.stream());
        MessageQueues.Queue queue = queue(request.eventSourceArn());
        EventSourceMapping other = existing(queue.arn(), ref);
        if (other != null) {
            throw LambdaErrors.conflict("An event source mapping with SQS arn (\" " + queue.arn()
                    + " \") and function (\" " + request.functionName()
                    + " \") already exists. Please update or delete"
                    + " the existing mapping with UUID " + other.uuid());
        }
        EventSourceMapping mapping = mapping(request, newUuid(), queue.arn(), ref, 10, "USER_INITIATED", null, null);
        MappingRules.check(mapping, queue, target.settings().timeoutSeconds(), json);
        store.put(mapping);
        run(mapping);
        return mapping;
    }

    public EventSourceMapping get(String uuid) {
        EventSourceMapping mapping = store.get(checked(uuid)).orElseThrow(EventSourceMappings::notFound);
        String result = results.get(uuid);
        return result == null ? mapping : mapping.processed(result);
    }

    public List<EventSourceMapping> list(String eventSourceArn, String functionName) {
        List<EventSourceMapping> out = new ArrayList<>();
        Arns.FunctionRef ref = functionName == null ? null : arns.parse(functionName, null);
        for (EventSourceMapping m : store.all()) {
            if ((eventSourceArn == null || eventSourceArn.equals(m.eventSourceArn()))
                    && (ref == null || m.function().equals(ref.name()))) {
                String result = results.get(m.uuid());
                out.add(result == null ? m : m.processed(result));
            }
        }
        return out;
    }

    /** What UpdateEventSourceMapping changes; {@code null} for what it leaves. */
    public record Update(
            String functionName,
            Boolean enabled,
            Integer batchSize,
            Integer batchingWindowSeconds,
            List<String> functionResponseTypes,
            List<String> filters,
            Integer maximumConcurrency,
            boolean clearsMaximumConcurrency,
            StreamRules.Options stream) {}

    public synchronized EventSourceMapping update(String uuid, Update update) {
        EventSourceMapping current = get(uuid);
        String function = current.function();
        String qualifier = current.qualifier();
        if (update.functionName() != null) {
            Arns.FunctionRef ref = arns.parse(update.functionName(), null);
            function = ref.name();
            qualifier = ref.qualifier();
        }
        FunctionConfig target = target(function, qualifier);
        if (current.isKafka()) {
            if (update.stream().startingPosition() != null) {
                throw LambdaErrors.invalidParameter("StartingPosition cannot be updated.");
            }
            KafkaRules.refuseStreamOptions(update.stream());
        } else if (!current.isStream()) {
            StreamRules.refuseForQueue(current.eventSourceArn(), update.stream());
        }
        EventSourceMapping next = new EventSourceMapping(
                current.uuid(),
                current.eventSourceArn(),
                function,
                qualifier,
                update.batchSize() != null ? update.batchSize() : current.batchSize(),
                update.batchingWindowSeconds() != null
                        ? update.batchingWindowSeconds()
                        : current.batchingWindowSeconds(),
                update.functionResponseTypes() != null
                        ? update.functionResponseTypes()
                        : current.functionResponseTypes(),
                update.filters() != null ? update.filters() : current.filters(),
                update.clearsMaximumConcurrency()
                        ? null
                        : update.maximumConcurrency() != null
                                ? update.maximumConcurrency()
                                : current.maximumConcurrency(),
                current.state().update(update.enabled()),
                current.stateTransitionReason(),
                clock.instant(),
                current.lastProcessingResult(),
                current.isStream() ? StreamRules.update(current.stream(), update.stream()) : null,
                current.kafka());
        if (next.isKafka()) {
            StreamRules.check(next, json);
        } else if (next.isStream()) {
            StreamRules.check(next, json);
            streams.find(current.eventSourceArn());
        } else {
            MappingRules.check(
                    next, queue(current.eventSourceArn()), target.settings().timeoutSeconds(), json);
        }
        store.put(next);
        run(next);
        return next;
    }

    public synchronized EventSourceMapping delete(String uuid) {
        EventSourceMapping current = get(uuid);
        EventSourceMapping deleting =
                current.in(current.state().delete(), current.stateTransitionReason(), clock.instant());
        store.put(deleting);
        Poller poller = pollers.remove(uuid);
        if (poller != null) {
            poller.stop();
        }
        checkpoints.delete(uuid);
        store.delete(uuid);
        results.remove(uuid);
        return deleting;
    }

    /** Starts, restarts or stops the mapping's poller to match its state, then stores it settled. */
    private void run(EventSourceMapping mapping) {
        Poller old = pollers.remove(mapping.uuid());
        if (old != null) {
            old.stop();
        }
        Poller poller = mapping.state().polls() ? poller(mapping) : null;
        if (poller != null) {
            pollers.put(mapping.uuid(), poller);
            poller.start();
        }
        MappingState settled = mapping.state().settle();
        if (!settled.equals(mapping.state())) {
            store.put(mapping.in(settled, mapping.stateTransitionReason(), mapping.lastModified()));
        }
    }

    /** The poller of the mapping's source, or {@code null} while the source's service is not attached. */
    private Poller poller(EventSourceMapping mapping) {
        List<FilterPattern> filters = new ArrayList<>();
        for (String f : mapping.filters()) {
            filters.add(FilterPattern.parse(json, f));
        }
        Consumer<String> onResult = r -> results.put(mapping.uuid(), r);
        if (mapping.isKafka()) {
            return new KafkaPoller(mapping, filters, lambda, json, ticker, onResult);
        }
        MessageQueues attachedQueues = queues;
        if (!mapping.isStream()) {
            return attachedQueues == null
                    ? null
                    : new SqsPoller(mapping, filters, attachedQueues, lambda, json, arns.region(), ticker, onResult);
        }
        ShardSource source = shards(mapping);
        return source == null
                ? null
                : new StreamPoller(
                        mapping, filters, source, checkpoints, lambda, json, attachedQueues, clock, onResult);
    }

    /** The shards of a stream mapping's source, or {@code null} while its service is not attached. */
    private ShardSource shards(EventSourceMapping mapping) {
        return streams.source(
                mapping, arns.region(), role(mapping), arns.functionArn(mapping.function(), mapping.qualifier()));
    }

    /** The role the function runs as, which stream records name as {@code invokeIdentityArn}. */
    private String role(EventSourceMapping mapping) {
        try {
            return functions
                    .resolve(mapping.function(), mapping.qualifier())
                    .settings()
                    .role();
        } catch (AwsException e) {
            return null; // the function is gone: its invocations fail, and are retried, as on AWS
        }
    }

    /** The function (version) a mapping invokes; Lambda answers a missing one with a 400. */
    private FunctionConfig target(String name, String qualifier) {
        try {
            return functions.resolve(name, qualifier);
        } catch (AwsException e) {
            if (e.status() == 404) {
                throw LambdaErrors.invalidParameter("Function does not exist");
            }
            throw e;
        }
    }

    private MessageQueues.Queue queue(String arn) {
        MessageQueues attached = queues;
        if (!arn.startsWith("arn:aws:sqs:") || attached == null) {
            throw LambdaErrors.invalidParameter("Unrecognized event source.");
        }
        return attached.queue(arn)
                .orElseThrow(() -> LambdaErrors.invalidParameter("Error occurred while ReceiveMessage. SQS Error Code:"
                        + " AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does not"
                        + " exist."));
    }

    private EventSourceMapping createStream(Request request, Arns.FunctionRef ref) {
        String arn = streams.find(request.eventSourceArn());
        EventSourceMapping other = existing(arn, ref);
        if (other != null) {
            throw LambdaErrors.conflict("The event source arn (\" " + arn + " \") and function (\" "
                    + request.functionName() + " \") provided mapping already exists. Please update or delete"
                    + " the existing mapping with UUID " + other.uuid());
        }
        StreamSettings settings = StreamRules.create(request.stream());
        if (StreamSources.isTableStream(arn)) {
            StreamRules.checkTableStream(arn, settings);
        }
        EventSourceMapping mapping = mapping(request, newUuid(), arn, ref, 100, "User action", settings, null);
        StreamRules.check(mapping, json);
        checkpoints.putAll(mapping.uuid(), starts(mapping));
        store.put(mapping);
        run(mapping);
        return mapping;
    }

    /**
     * Where a new mapping starts in each shard the stream has now: TRIM_HORIZON at each shard's start
     * (no checkpoint needed), LATEST after its last record, AT_TIMESTAMP before the first record that
     * arrived then. Shards made later are read from their start, as on AWS.
     */
    private Map<String, String> starts(EventSourceMapping mapping) {
        StreamSettings settings = mapping.stream();
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (settings.startingPosition().equals(StreamSettings.TRIM_HORIZON)) {
            return out;
        }
        ShardSource source = shards(mapping);
        for (ShardSource.ShardInfo shard : source.shards()) {
            out.put(
                    shard.shardId(),
                    settings.startingPosition().equals(StreamSettings.LATEST)
                            ? source.latest(shard.shardId())
                            : source.before(shard.shardId(), settings.startingPositionTimestamp()));
        }
        return out;
    }

    /** The mapping of this source to this function (and qualifier), or {@code null}. */
    private EventSourceMapping existing(String arn, Arns.FunctionRef ref) {
        for (EventSourceMapping other : store.all()) {
            if (arn.equals(other.eventSourceArn())
                    && other.function().equals(ref.name())
                    && java.util.Objects.equals(other.qualifier(), ref.qualifier())) {
                return other;
            }
        }
        return null;
    }

    /**
     * A self-managed Kafka cluster's mapping: no event source ARN, a topic read as a consumer group
     * whose committed offsets are its checkpoints (kept by the cluster, not here).
     */
    private EventSourceMapping createKafka(Request request, Arns.FunctionRef ref) {
        KafkaRules.refuseStreamOptions(request.stream());
        String uuid = newUuid();
        KafkaSettings kafka =
                KafkaRules.create(uuid, request.kafka(), request.stream().startingPosition());
        for (EventSourceMapping other : store.all()) {
            if (other.isKafka() && other.kafka().consumerGroupId().equals(kafka.consumerGroupId())) {
                throw LambdaErrors.conflict("An event source mapping with the consumer group id "
                        + kafka.consumerGroupId() + " already exists. Please update or delete the existing mapping"
                        + " with UUID " + other.uuid());
            }
        }
        EventSourceMapping mapping = mapping(request, uuid, null, ref, 100, "USER_INITIATED", null, kafka);
        StreamRules.check(mapping, json);
        store.put(mapping);
        run(mapping);
        return mapping;
    }

    /** A new mapping as the request asks, with the source kind's default batch size and reason. */
    private EventSourceMapping mapping(
            Request request,
            String uuid,
            String arn,
            Arns.FunctionRef ref,
            int batchSize,
            String reason,
            StreamSettings stream,
            KafkaSettings kafka) {
        return new EventSourceMapping(
                uuid,
                arn,
                ref.name(),
                ref.qualifier(),
                request.batchSize() != null ? request.batchSize() : batchSize,
                request.batchingWindowSeconds() != null ? request.batchingWindowSeconds() : 0,
                request.functionResponseTypes() != null ? request.functionResponseTypes() : List.of(),
                request.filters() != null ? request.filters() : List.of(),
                request.maximumConcurrency(),
                MappingState.create(request.enabled() == null || request.enabled()),
                reason,
                clock.instant(),
                "No records processed",
                stream,
                kafka);
    }

    private String newUuid() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        b[6] = (byte) ((b[6] & 0x0f) | 0x40);
        b[8] = (byte) ((b[8] & 0x3f) | 0x80);
        String h = HexFormat.of().formatHex(b);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20)
                + "-" + h.substring(20);
    }

    private static String checked(String uuid) {
        if (uuid == null
                || !uuid.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
            throw notFound();
        }
        return uuid;
    }

    private static AwsException notFound() {
        return AwsException.notFound("The resource you requested does not exist.");
    }

    @Override
    public void close() {
        pollers.values().forEach(Poller::stop);
        pollers.clear();
    }
}

package dev.lamina.sqs;

import dev.lamina.edge.EdgeService;
import dev.lamina.edge.PublicUrls;
import dev.lamina.edge.Router;
import dev.lamina.edge.protocol.AwsJson;
import dev.lamina.edge.protocol.Query;
import dev.lamina.spi.sqs.MessageQueues;
import dev.lamina.sqs.api.QueryApi;
import dev.lamina.sqs.api.SqsAccess;
import dev.lamina.sqs.api.SqsApi;
import dev.lamina.sqs.message.MessageStores;
import dev.lamina.sqs.message.Messages;
import dev.lamina.sqs.message.QueueConsumer;
import dev.lamina.sqs.message.SqliteDeduplication;
import dev.lamina.sqs.queue.SqliteQueueStore;
import dev.lamina.sqs.queue.SqsErrors;
import dev.lamina.storage.Database;
import dev.lamina.storage.queue.SqliteWorkQueue;
import java.time.InstantSource;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The SQS module as the node sees it: builds the queues and messages on the node's database and
 * hands out SQS's two faces on the edge, and the consumer a future event source mapping polls through.
 *
 * <p>Both faces sign for {@code sqs}: the JSON protocol (JSON 1.0, {@code X-Amz-Target:
 * AmazonSQS.<Operation>}, what current SDKs and CLIs send) and the query protocol (a form with
 * {@code Action}, what Debian's CLI 2.9 and older SDKs send). The edge tells them apart by the target
 * header.
 */
public final class SqsService implements AutoCloseable {
    /** What {@code X-Amz-Target} starts with in SQS's JSON protocol. */
    public static final String TARGET_PREFIX = "AmazonSQS";

    /** The namespace of the query protocol's answers. */
    public static final String NAMESPACE = "http://queue.amazonaws.com/doc/2012-11-05/";

    private final Messages messages;
    private final MessageQueues messageQueues;
    private final SqsApi api;
    private final QueryApi query;
    private final SqsAccess access;

    /**
     * @param random for message ids, receipts and request ids (a {@link java.security.SecureRandom}: a
     *     receipt must not be guessable)
     */
    public SqsService(
            Database db, InstantSource clock, RandomGenerator random, String region, String account, PublicUrls urls) {
        SqliteQueueStore store = new SqliteQueueStore(db);
        this.messages = new Messages(
                db,
                new MessageStores(new SqliteWorkQueue(db, Messages.WORK_QUEUE), store, new SqliteDeduplication(db)),
                clock,
                random,
                account);
        Queues queues = new Queues(db, store, messages, clock, random, region, account);
        this.messageQueues = new SqsMessageQueues(queues, messages, region, account);
        this.api = new SqsApi(queues, messages, new MoveTasks(db, store, messages, queues, clock, random), urls);
        this.query = new QueryApi(api, random);
        this.access = new SqsAccess(region, account);
    }

    /** SQS's JSON and query faces. */
    public List<EdgeService> services() {
        return List.of(
                new EdgeService.TargetApi(
                        "sqs", "sqs", AwsJson.queryCompatible(SqsErrors.QUERY_CODES), TARGET_PREFIX, api, access),
                new EdgeService.RestApi(
                        "sqs-query",
                        "sqs",
                        new Query(NAMESPACE, SqsErrors.QUERY_CODES),
                        // a fallback claims no path: the edge finds this face by its signing name only
                        new Router().fallback((request, params) -> query.handle(request)),
                        false,
                        access));
    }

    /** Receive, delete and change visibility, for consumers inside the node (event source mappings). */
    public QueueConsumer consumer() {
        return messages;
    }

    /** SQS as other services reach it: Lambda's event source mappings, destinations, notifications. */
    public MessageQueues messageQueues() {
        return messageQueues;
    }

    /** Wakes the receives still waiting, which answer with what they have. */
    @Override
    public void close() {
        messages.close();
    }
}

package dev.lamina.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.core.AwsException;
import dev.lamina.sqs.message.Batch;
import dev.lamina.sqs.message.MessageStores;
import dev.lamina.sqs.message.Messages;
import dev.lamina.sqs.message.ReceiveRequest;
import dev.lamina.sqs.message.Received;
import dev.lamina.sqs.message.SendRequest;
import dev.lamina.sqs.message.SqliteDeduplication;
import dev.lamina.sqs.queue.SqliteQueueStore;
import dev.lamina.storage.Database;
import dev.lamina.storage.queue.SqliteWorkQueue;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Queues and messages on a real SQLite file, time moved by hand: no sockets, no sleeps. */
class SqsDomainTest {
    @TempDir
    Path dir;

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final InstantSource clock = () -> now;
    private Database db;
    private Queues queues;
    private Messages messages;

    @BeforeEach
    void open() throws Exception {
        db = new Database(dir.resolve("sqs.db"));
        build();
    }

    /** The module's parts on the database, as a node builds them at each start. */
    private void build() {
        SplittableRandom random = new SplittableRandom(7);
        SqliteQueueStore store = new SqliteQueueStore(db);
        messages = new Messages(
                db,
                new MessageStores(new SqliteWorkQueue(db, Messages.WORK_QUEUE), store, new SqliteDeduplication(db)),
                clock,
                random,
                "000000000000");
        queues = new Queues(db, store, messages, clock, random, "us-east-1", "000000000000");
    }

    private void advance(Duration by) {
        now = now.plus(by);
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    private void send(String queue, String body) {
        messages.send(queue, new SendRequest(body, Map.of(), Map.of(), null));
    }

    private List<Received> receive(String queue, int max, Integer visibility) throws InterruptedException {
        return messages.receive(queue, new ReceiveRequest(max, visibility, 0));
    }

    private Map<String, String> counts(String queue) {
        return queues.attributes(
                queue,
                List.of(
                        "ApproximateNumberOfMessages",
                        "ApproximateNumberOfMessagesNotVisible",
                        "ApproximateNumberOfMessagesDelayed"));
    }

    private static Map<String, String> counts(int visible, int notVisible, int delayed) {
        return Map.of(
                "ApproximateNumberOfMessages", Integer.toString(visible),
                "ApproximateNumberOfMessagesNotVisible", Integer.toString(notVisible),
                "ApproximateNumberOfMessagesDelayed", Integer.toString(delayed));
    }

    @Test
    void aQueueIsMadeOnceAndItsAttributesMustMatchToBeMadeAgain() {
        queues.create("q", Map.of("VisibilityTimeout", "60"), Map.of("team", "a"));
        queues.create("q", Map.of("VisibilityTimeout", "60"), Map.of());
        assertEquals(
                "QueueNameExists",
                assertThrows(AwsException.class, () -> queues.create("q", Map.of(), Map.of()))
                        .code());
        assertEquals("60", queues.attributes("q", List.of("All")).get("VisibilityTimeout"));
        assertEquals(Map.of("team", "a"), queues.get("q").tags());
        assertEquals(
                "InvalidParameterValue",
                assertThrows(AwsException.class, () -> queues.create("bad name", Map.of(), Map.of()))
                        .code());
        assertEquals(
                "InvalidAttributeName",
                assertThrows(AwsException.class, () -> queues.attributes("q", List.of("Nope")))
                        .code());
    }

    @Test
    void listingPagesThroughNamesWithAPrefix() {
        for (String name : List.of("a1", "a2", "a3", "b1")) {
            queues.create(name, Map.of(), Map.of());
        }
        Queues.Page first = queues.list("a", 2, null);
        assertEquals(List.of("a1", "a2"), first.names());
        Queues.Page rest = queues.list("a", 2, first.nextToken());
        assertEquals(List.of("a3"), rest.names());
        assertNull(rest.nextToken());
        assertEquals(
                List.of("a1", "a2", "a3", "b1"), queues.list(null, null, null).names());
        assertNull(queues.list(null, null, null).nextToken(), "without MaxResults, no token");
    }

    @Test
    void aReceivedMessageIsHiddenUntilItsTimeoutThenReceivedAgainWithANewReceipt() throws Exception {
        queues.create("q", Map.of("VisibilityTimeout", "30"), Map.of());
        assertEquals(30, messages.visibilityTimeoutSeconds("q"));
        send("q", "one");
        Received first = receive("q", 1, null).getFirst();
        assertEquals(1, first.receiveCount());
        assertEquals(counts(0, 1, 0), counts("q"));
        assertTrue(receive("q", 1, null).isEmpty());

        advance(Duration.ofSeconds(30));
        assertEquals(counts(1, 0, 0), counts("q"));
        Received second = receive("q", 1, null).getFirst();
        assertEquals(2, second.receiveCount());
        assertEquals(first.firstReceivedAt(), second.firstReceivedAt());
        assertNotEquals(first.receiptHandle(), second.receiptHandle());

        messages.delete("q", first.receiptHandle());
        assertEquals(counts(0, 1, 0), counts("q"), "an old receipt deletes nothing");
        assertThrows(AwsException.class, () -> messages.changeVisibility("q", first.receiptHandle(), 0));
        messages.changeVisibility("q", second.receiptHandle(), 0);
        assertEquals(counts(1, 0, 0), counts("q"));
        messages.delete("q", second.receiptHandle());
        assertEquals(counts(0, 0, 0), counts("q"), "its latest receipt deletes it, visible again or not");
    }

    @Test
    void aReceiveWithNoVisibilityTimeoutHandsOutEachMessageOnce() throws Exception {
        queues.create("q", Map.of(), Map.of());
        send("q", "only");
        assertEquals(List.of("only"), bodies(receive("q", 10, 0)));
        assertEquals(List.of("only"), bodies(receive("q", 10, 0)), "visible again at once");
    }

    @Test
    void inFlightMessagesComeBackAfterARestartOnlyOnceTheirTimeoutPassed() throws Exception {
        queues.create("q", Map.of(), Map.of());
        send("q", "kept");
        receive("q", 1, 60);
        build(); // a new start on the same database
        assertTrue(receive("q", 1, null).isEmpty(), "still in flight");
        advance(Duration.ofSeconds(60));
        assertEquals("kept", receive("q", 1, null).getFirst().message().body());
    }

    @Test
    void delayedMessagesAreCountedAsDelayedUntilTheirDelayEnds() throws Exception {
        queues.create("q", Map.of("DelaySeconds", "5"), Map.of());
        send("q", "queue's delay");
        messages.send("q", new SendRequest("no delay", Map.of(), Map.of(), 0));
        assertEquals(counts(1, 0, 1), counts("q"));
        assertEquals("no delay", receive("q", 10, null).getFirst().message().body());
        advance(Duration.ofSeconds(5));
        assertEquals(
                "queue's delay", receive("q", 10, null).getFirst().message().body());
    }

    @Test
    void theReceivePastMaxReceiveCountMovesTheMessageToTheDeadLetterQueue() throws Exception {
        queues.create("dlq", Map.of(), Map.of());
        queues.create(
                "q",
                Map.of(
                        "RedrivePolicy",
                        "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:dlq\",\"maxReceiveCount\":1}"),
                Map.of());
        send("q", "poison");
        receive("q", 1, 0);
        assertTrue(receive("q", 1, 0).isEmpty(), "the second receive moved it");
        Received dead = receive("dlq", 1, null).getFirst();
        assertEquals("poison", dead.message().body());
        assertEquals(counts(0, 0, 0), counts("q"));
    }

    private static String refused(Runnable call) {
        return assertThrows(AwsException.class, call::run).code();
    }

    @Test
    void aDeadLetterQueueChoosesWhichQueuesMaySendItTheirDeadLetters() {
        queues.create(
                "dlq",
                Map.of(
                        "RedriveAllowPolicy",
                        "{\"redrivePermission\":\"byQueue\",\"sourceQueueArns\":[\"arn:aws:sqs:us-east-1:000000000000:ok\"]}"),
                Map.of());
        String policy = "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:dlq\",\"maxReceiveCount\":3}";
        queues.create("ok", Map.of("RedrivePolicy", policy), Map.of());
        assertEquals(
                "InvalidParameterValue",
                refused(() -> queues.create("other", Map.of("RedrivePolicy", policy), Map.of())));
        assertEquals(
                "InvalidAttributeValue",
                refused(() -> queues.setAttributes(
                        "dlq", Map.of("RedriveAllowPolicy", "{\"redrivePermission\":\"byQueue\"}"))));
        queues.setAttributes("dlq", Map.of("RedriveAllowPolicy", "{\"redrivePermission\":\"denyAll\"}"));
        assertEquals(
                "InvalidParameterValue",
                refused(() -> queues.create("other", Map.of("RedrivePolicy", policy), Map.of())));
    }

    @Test
    void permissionsAreStatementsOfTheQueuesPolicy() throws Exception {
        queues.create("q", Map.of(), Map.of());
        queues.addPermission("q", "send", List.of("111122223333"), List.of("SendMessage", "ReceiveMessage"));
        assertEquals(
                "InvalidParameterValue",
                refused(() -> queues.addPermission("q", "send", List.of("1"), List.of("SendMessage"))));
        assertEquals(
                "InvalidParameterValue", refused(() -> queues.addPermission("q", "x", List.of("1"), List.of("Fly"))));
        var policy = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(queues.attributes("q", List.of("Policy")).get("Policy"));
        var statement = policy.get("Statement").get(0);
        assertEquals("send", statement.get("Sid").asText());
        assertEquals(
                "arn:aws:iam::111122223333:root",
                statement.get("Principal").get("AWS").get(0).asText());
        assertEquals("SQS:ReceiveMessage", statement.get("Action").get(1).asText());
        assertEquals(
                "arn:aws:sqs:us-east-1:000000000000:q",
                statement.get("Resource").asText());
        queues.removePermission("q", "send");
        assertEquals(Map.of(), queues.attributes("q", List.of("Policy")), "no statement left: no policy");
        assertEquals("InvalidParameterValue", refused(() -> queues.removePermission("q", "send")));
    }

    @Test
    void messagesPastTheRetentionPeriodAreDropped() throws Exception {
        queues.create("q", Map.of("MessageRetentionPeriod", "60"), Map.of());
        send("q", "old");
        advance(Duration.ofSeconds(61));
        assertTrue(receive("q", 1, null).isEmpty());
        assertEquals(counts(0, 0, 0), counts("q"));
    }

    @Test
    void purgeAndDeleteTakeEveryMessageAndAQueueMadeAgainStartsEmpty() throws Exception {
        queues.create("q", Map.of(), Map.of());
        send("q", "a");
        send("q", "b");
        receive("q", 1, null);
        queues.purge("q");
        assertEquals(counts(0, 0, 0), counts("q"));
        send("q", "c");
        Received inFlight = receive("q", 1, null).getFirst();
        queues.delete("q");
        assertEquals(
                "QueueDoesNotExist",
                assertThrows(AwsException.class, () -> counts("q")).code());
        queues.create("q", Map.of(), Map.of());
        assertEquals(counts(0, 0, 0), counts("q"));
        assertEquals(
                "ReceiptHandleIsInvalid",
                assertThrows(AwsException.class, () -> messages.delete("q", inFlight.receiptHandle()))
                        .code());
    }

    private String sendFifo(String queue, String group, String dedup, String body) {
        return messages.send(queue, new SendRequest(body, Map.of(), Map.of(), null, group, dedup))
                .messageId();
    }

    private List<String> bodies(List<Received> received) {
        return received.stream().map(r -> r.message().body()).toList();
    }

    @Test
    void aFifoQueueHandsOutEachMessageGroupInOrderOneBatchAtATime() throws Exception {
        queues.create("f.fifo", Map.of("FifoQueue", "true"), Map.of());
        sendFifo("f.fifo", "a", "1", "a1");
        sendFifo("f.fifo", "b", "2", "b1");
        sendFifo("f.fifo", "a", "3", "a2");
        sendFifo("f.fifo", "a", "4", "a3");
        List<Received> first = receive("f.fifo", 2, null);
        assertEquals(List.of("a1", "a2"), bodies(first));
        assertEquals(List.of("b1"), bodies(receive("f.fifo", 10, null)), "group a has a batch in flight");
        assertTrue(receive("f.fifo", 10, null).isEmpty());
        messages.delete("f.fifo", first.get(0).receiptHandle());
        assertTrue(receive("f.fifo", 10, null).isEmpty(), "a2 is still in flight and holds back a3");
        messages.changeVisibility("f.fifo", first.get(1).receiptHandle(), 0);
        List<Received> again = receive("f.fifo", 10, null);
        assertEquals(List.of("a2", "a3"), bodies(again), "a2 first again, then a3");
        assertEquals("a", again.getFirst().message().groupId());
        assertTrue(
                again.get(0)
                                .message()
                                .sequenceNumber()
                                .compareTo(again.get(1).message().sequenceNumber())
                        < 0,
                "sequence numbers grow");
    }

    @Test
    void aFifoQueueTakesADeduplicationIdOnceInFiveMinutes() throws Exception {
        queues.create("d.fifo", Map.of("FifoQueue", "true", "ContentBasedDeduplication", "true"), Map.of());
        String id = sendFifo("d.fifo", "g", "same", "one");
        assertEquals(id, sendFifo("d.fifo", "g", "same", "two"), "answered as the first send");
        String byContent = sendFifo("d.fifo", "g", null, "body");
        assertEquals(byContent, sendFifo("d.fifo", "h", null, "body"), "the queue is the scope");
        assertEquals(counts(2, 0, 0), counts("d.fifo"));
        advance(Duration.ofMinutes(5));
        assertNotEquals(id, sendFifo("d.fifo", "g", "same", "three"));
        assertEquals(
                "MissingParameter",
                assertThrows(AwsException.class, () -> sendFifo("d.fifo", null, "x", "b"))
                        .code());
        queues.create("n.fifo", Map.of("FifoQueue", "true"), Map.of());
        assertEquals(
                "InvalidParameterValue",
                assertThrows(AwsException.class, () -> sendFifo("n.fifo", "g", null, "b"))
                        .code());
        assertEquals(
                "InvalidParameterValue",
                assertThrows(AwsException.class, () -> queues.create("x.fifo", Map.of(), Map.of()))
                        .code());
        assertEquals(
                "InvalidParameterValue",
                assertThrows(AwsException.class, () -> queues.create("x", Map.of("FifoQueue", "true"), Map.of()))
                        .code());
    }

    @Test
    void aFifoQueuesDeadLettersGoToAFifoDeadLetterQueueInTheirGroup() throws Exception {
        queues.create("dead.fifo", Map.of("FifoQueue", "true"), Map.of());
        queues.create("plain-dlq", Map.of(), Map.of());
        String policy = "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:%s\",\"maxReceiveCount\":1}";
        assertEquals(
                "InvalidParameterValue",
                refused(() -> queues.create(
                        "src.fifo",
                        Map.of("FifoQueue", "true", "RedrivePolicy", policy.formatted("plain-dlq")),
                        Map.of())));
        queues.create(
                "src.fifo", Map.of("FifoQueue", "true", "RedrivePolicy", policy.formatted("dead.fifo")), Map.of());
        sendFifo("src.fifo", "g", "1", "first");
        sendFifo("src.fifo", "g", "2", "second");
        Received once = receive("src.fifo", 1, null).getFirst();
        messages.changeVisibility("src.fifo", once.receiptHandle(), 0);
        assertEquals(List.of("second"), bodies(receive("src.fifo", 1, null)), "first moved, second is next");
        Received dead = receive("dead.fifo", 1, null).getFirst();
        assertEquals("first", dead.message().body());
        assertEquals("g", dead.message().groupId());
    }

    @Test
    void aBatchSendsTheGoodEntriesAndReportsTheBadOnes() {
        queues.create("q", Map.of(), Map.of());
        Batch<?> sent = messages.sendBatch(
                "q",
                List.of(
                        new Batch.Entry<>("ok", new SendRequest("fine", Map.of(), Map.of(), null)),
                        new Batch.Entry<>("bad", new SendRequest("", Map.of(), Map.of(), null))));
        assertEquals(1, sent.successful().size());
        assertEquals(
                new Batch.Failure(
                        "bad", true, "MissingParameter", "The request must contain the parameter MessageBody."),
                sent.failed().getFirst());
        assertEquals(counts(1, 0, 0), counts("q"));
    }
}

package dev.lamina.sqs;

import dev.lamina.core.AwsException;
import dev.lamina.sqs.message.Messages;
import dev.lamina.sqs.queue.Queue;
import dev.lamina.sqs.queue.QueueAttributes;
import dev.lamina.sqs.queue.QueuePolicy;
import dev.lamina.sqs.queue.QueueStore;
import dev.lamina.sqs.queue.RedriveAllowPolicy;
import dev.lamina.sqs.queue.RedrivePolicy;
import dev.lamina.sqs.queue.SqsErrors;
import dev.lamina.storage.Transaction;
import dev.lamina.storage.Transactions;
import dev.lamina.storage.queue.QueueCounts;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Queues themselves: made, found, listed, changed, tagged, purged and deleted, each in one
 * transaction. Names are what callers give; the protocol layer turns queue URLs into names.
 * Thread-safe.
 */
public final class Queues {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");
    private static final int MAX_TAGS = 50;

    private final Transactions db;
    private final QueueStore store;
    private final Messages messages;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final String region;
    private final String account;

    public Queues(
            Transactions db,
            QueueStore store,
            Messages messages,
            InstantSource clock,
            RandomGenerator random,
            String region,
            String account) {
        this.db = db;
        this.store = store;
        this.messages = messages;
        this.clock = clock;
        this.random = random;
        this.region = region;
        this.account = account;
    }

    /** A page of queue names, and the token of the next page, {@code null} on the last. */
    public record Page(List<String> names, String nextToken) {}

    /**
     * CreateQueue: makes the queue, or finds it when one of that name has the same attributes (the
     * defaults for those not given). Throws {@code QueueNameExists} when its attributes differ.
     */
    public Queue create(String name, Map<String, String> attributes, Map<String, String> tags) {
        if (name == null || name.isEmpty()) {
            throw SqsErrors.missingParameter("QueueName");
        }
        boolean fifo = name.endsWith(".fifo");
        if (!NAME.matcher(fifo ? name.substring(0, name.length() - 5) : name).matches() || name.length() > 80) {
            throw SqsErrors.invalidParameter(
                    "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
        }
        if (fifo != "true".equals(attributes.get("FifoQueue"))) {
            throw SqsErrors.invalidParameter("The name of a FIFO queue can only include alphanumeric characters,"
                    + " hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length; and it is"
                    + " created with the attribute FifoQueue=true.");
        }
        checkTags(tags);
        Map<String, String> wanted =
                QueueAttributes.apply(QueueAttributes.defaults(fifo), QueueAttributes.check(attributes, fifo));
        return db.transaction(tx -> {
            checkRedrive(tx, name, wanted);
            Queue existing = store.find(tx, name).orElse(null);
            if (existing != null) {
                for (Map.Entry<String, String> e : wanted.entrySet()) {
                    if (!e.getValue().equals(existing.attributes().get(e.getKey()))) {
                        throw new AwsException(
                                400,
                                "QueueNameExists",
                                "A queue already exists with the same name and a different value for attribute "
                                        + e.getKey());
                    }
                }
                return existing;
            }
            Instant now = clock.instant();
            Queue queue = new Queue(name, newGroup(), wanted, tags, now, now);
            store.create(tx, queue);
            return queue;
        });
    }

    /** The queue of that name; throws {@code QueueDoesNotExist}. */
    public Queue get(String name) {
        return db.transaction(tx -> find(tx, name));
    }

    /** DeleteQueue: the queue and all its messages go at once. */
    public void delete(String name) {
        Queue queue = db.transaction(tx -> {
            Queue found = find(tx, name);
            messages.delete(tx, found);
            store.delete(tx, name);
            return found;
        });
        messages.forget(queue);
    }

    /** PurgeQueue: every message goes, in flight or not. */
    public void purge(String name) {
        db.transaction(tx -> {
            messages.purge(tx, find(tx, name));
            return null;
        });
    }

    /**
     * ListQueues: names starting with {@code prefix}, by name; up to {@code max} (1 to 1,000) and a
     * token for the rest when {@code max} is given, else up to 1,000 and no token.
     */
    public Page list(String prefix, Integer max, String nextToken) {
        if (max != null && (max < 1 || max > 1000)) {
            throw SqsErrors.invalidParameter(
                    "Value " + max + " for parameter MaxResults is invalid. Reason: Must be between 1 and 1000.");
        }
        String after = nextToken == null || nextToken.isEmpty() ? null : token(nextToken);
        int limit = max == null ? 1000 : max;
        List<Queue> found = db.transaction(tx -> store.list(tx, prefix == null ? "" : prefix, after, limit + 1));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < Math.min(limit, found.size()); i++) {
            names.add(found.get(i).name());
        }
        boolean more = max != null && found.size() > limit;
        String next =
                more ? Base64.getUrlEncoder().encodeToString(names.getLast().getBytes(StandardCharsets.UTF_8)) : null;
        return new Page(names, next);
    }

    /**
     * GetQueueAttributes: the named attributes ({@code All} for every one), the read-only ones counted
     * now. Throws {@code InvalidAttributeName} for a name SQS does not have.
     */
    public Map<String, String> attributes(String name, List<String> names) {
        for (String n : names) {
            if (!n.equals("All") && !QueueAttributes.known(n)) {
                throw SqsErrors.invalidAttributeName(n);
            }
        }
        boolean all = names.contains("All");
        return db.transaction(tx -> {
            Queue queue = find(tx, name);
            QueueCounts counts = messages.counts(tx, queue);
            Map<String, String> every = new TreeMap<>(queue.attributes());
            every.put("QueueArn", arn(queue.name()));
            every.put("ApproximateNumberOfMessages", Integer.toString(counts.ready()));
            every.put("ApproximateNumberOfMessagesNotVisible", Integer.toString(counts.claimed()));
            every.put("ApproximateNumberOfMessagesDelayed", Integer.toString(counts.delayed()));
            every.put("CreatedTimestamp", Long.toString(queue.created().getEpochSecond()));
            every.put("LastModifiedTimestamp", Long.toString(queue.modified().getEpochSecond()));
            Map<String, String> out = new LinkedHashMap<>();
            every.forEach((k, v) -> {
                if (all || names.contains(k)) {
                    out.put(k, v);
                }
            });
            return out;
        });
    }

    /** SetQueueAttributes: checks every change, then makes them all or none. */
    public void setAttributes(String name, Map<String, String> attributes) {
        db.transaction(tx -> {
            Queue queue = find(tx, name);
            Map<String, String> changes = QueueAttributes.check(attributes, queue.fifo());
            Map<String, String> next = QueueAttributes.apply(queue.attributes(), changes);
            checkRedrive(tx, name, next);
            store.update(tx, queue.with(next, queue.tags(), clock.instant()));
            return null;
        });
    }

    /** AddPermission: a statement in the queue's policy for {@code label}. */
    public void addPermission(String name, String label, List<String> accounts, List<String> actions) {
        changePolicy(name, (policy, arn) -> QueuePolicy.add(policy, arn, label, accounts, actions));
    }

    /** RemovePermission: the statement {@code label} leaves the queue's policy. */
    public void removePermission(String name, String label) {
        changePolicy(name, (policy, arn) -> QueuePolicy.remove(policy, arn, label));
    }

    private void changePolicy(String name, BinaryOperator<String> change) {
        db.transaction(tx -> {
            Queue queue = find(tx, name);
            String next = change.apply(queue.attributes().get("Policy"), arn(name));
            Map<String, String> attributes = QueueAttributes.apply(queue.attributes(), Map.of("Policy", next));
            store.update(tx, queue.with(attributes, queue.tags(), clock.instant()));
            return null;
        });
    }

    /** TagQueue: adds or replaces tags. */
    public void tag(String name, Map<String, String> tags) {
        checkTags(tags);
        db.transaction(tx -> {
            Queue queue = find(tx, name);
            Map<String, String> next = new TreeMap<>(queue.tags());
            next.putAll(tags);
            checkTags(next);
            store.update(tx, queue.with(queue.attributes(), next, queue.modified()));
            return null;
        });
    }

    /** UntagQueue: removes the tags of those keys (a key it lacks is no error). */
    public void untag(String name, List<String> keys) {
        db.transaction(tx -> {
            Queue queue = find(tx, name);
            Map<String, String> next = new TreeMap<>(queue.tags());
            keys.forEach(next::remove);
            store.update(tx, queue.with(queue.attributes(), next, queue.modified()));
            return null;
        });
    }

    /** The queue's ARN, {@code arn:aws:sqs:<region>:<account>:<name>}. */
    public String arn(String name) {
        return "arn:aws:sqs:" + region + ":" + account + ":" + name;
    }

    public String account() {
        return account;
    }

    /** The name an ARN of this node's queues names, or {@code ""} when it names none. */
    public String nameOfArn(String arn) {
        String prefix = arn("");
        return arn != null && arn.startsWith(prefix) ? arn.substring(prefix.length()) : "";
    }

    /** ListDeadLetterSourceQueues: the queues whose redrive policy names this one, by name. */
    public List<String> deadLetterSources(String name) {
        return db.transaction(tx -> {
            String target = arn(find(tx, name).name());
            List<String> out = new ArrayList<>();
            for (Queue q : store.list(tx, "", null, Integer.MAX_VALUE)) {
                if (q.redrive()
                        .map(RedrivePolicy::deadLetterTargetArn)
                        .filter(target::equals)
                        .isPresent()) {
                    out.add(q.name());
                }
            }
            return out;
        });
    }

    /** Checks that the dead-letter queue {@code attributes} name exists, is of the same kind, and allows {@code source}. */
    private void checkRedrive(Transaction tx, String source, Map<String, String> attributes) {
        String policy = attributes.get("RedrivePolicy");
        if (policy == null) {
            return;
        }
        String target = nameOfArn(RedrivePolicy.parse(policy).deadLetterTargetArn());
        Queue deadLetters = target.isEmpty() ? null : store.find(tx, target).orElse(null);
        if (deadLetters == null) {
            throw SqsErrors.invalidParameter("Value " + policy
                    + " for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist.");
        }
        if (deadLetters.fifo() != "true".equals(attributes.get("FifoQueue"))) {
            throw SqsErrors.invalidParameter("Value " + policy + " for parameter RedrivePolicy is invalid. Reason:"
                    + " Dead-letter queue must be same type of queue as the source.");
        }
        String allow = deadLetters.attributes().get("RedriveAllowPolicy");
        if (allow != null && !RedriveAllowPolicy.parse(allow).allows(arn(source))) {
            throw SqsErrors.invalidParameter("Value " + policy + " for parameter RedrivePolicy is invalid. Reason:"
                    + " the dead-letter queue's RedriveAllowPolicy does not allow " + arn(source) + ".");
        }
    }

    private static void checkTags(Map<String, String> tags) {
        if (tags.size() > MAX_TAGS) {
            throw SqsErrors.invalidParameter("Too many tags added for queue: a queue has at most " + MAX_TAGS + ".");
        }
        tags.forEach((key, value) -> {
            if (key.isEmpty() || key.length() > 128 || value == null || value.length() > 256) {
                throw SqsErrors.invalidParameter(
                        "Tag keys are 1 to 128 characters long and values at most 256: " + key);
            }
        });
    }

    private Queue find(Transaction tx, String name) {
        return store.find(tx, name).orElseThrow(SqsErrors::queueDoesNotExist);
    }

    private static String token(String nextToken) {
        try {
            return new String(Base64.getUrlDecoder().decode(nextToken), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw SqsErrors.invalidParameter("Invalid NextToken value.");
        }
    }

    private String newGroup() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}

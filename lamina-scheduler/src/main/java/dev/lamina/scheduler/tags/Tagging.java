package dev.lamina.scheduler.tags;

import dev.lamina.core.AwsException;
import dev.lamina.storage.Transaction;
import dev.lamina.storage.Transactions;
import java.util.Collection;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.BiPredicate;

/**
 * TagResource, UntagResource and ListTagsForResource for one API's taggable resources (Scheduler's
 * schedule groups, EventBridge's rules): a resource that does not exist gets a
 * {@code ResourceNotFoundException}, as on AWS. Each call is one transaction.
 */
public final class Tagging {
    /** Up to 50 tags per resource, as AWS allows. */
    static final int MAX_TAGS = 50;

    private final Transactions db;
    private final TagStore store;
    private final BiPredicate<Transaction, String> exists;

    /** @param exists whether an ARN names a taggable resource of the API, in the caller's transaction */
    public Tagging(Transactions db, TagStore store, BiPredicate<Transaction, String> exists) {
        this.db = db;
        this.store = store;
        this.exists = exists;
    }

    public void tag(String arn, Map<String, String> tags) {
        check(tags);
        db.transaction(tx -> {
            require(tx, arn);
            tag(tx, arn, tags);
            return null;
        });
    }

    /** Tags a resource made in {@code tx} (CreateScheduleGroup's and PutRule's Tags). */
    public void tag(Transaction tx, String arn, Map<String, String> tags) {
        check(tags);
        store.put(tx, arn, tags);
        if (store.list(tx, arn).size() > MAX_TAGS) {
            throw AwsException.validation("A resource has at most " + MAX_TAGS + " tags.");
        }
    }

    public void untag(String arn, Collection<String> keys) {
        db.transaction(tx -> {
            require(tx, arn);
            store.remove(tx, arn, keys);
            return null;
        });
    }

    public SortedMap<String, String> tags(String arn) {
        return db.transaction(tx -> {
            require(tx, arn);
            return store.list(tx, arn);
        });
    }

    /** Forgets the tags of a resource deleted in {@code tx}. */
    public void forget(Transaction tx, String arn) {
        store.removeAll(tx, arn);
    }

    private void require(Transaction tx, String arn) {
        if (!exists.test(tx, arn)) {
            throw AwsException.notFound("Resource " + arn + " does not exist.");
        }
    }

    private static void check(Map<String, String> tags) {
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (tag.getKey().isEmpty()
                    || tag.getKey().length() > 128
                    || tag.getValue().length() > 256) {
                throw AwsException.validation("A tag's key has 1 to 128 characters and its value at most 256.");
            }
        }
    }
}

package dev.lamina.s3.notify;

import dev.lamina.core.AwsException;
import dev.lamina.spi.lambda.FunctionRef;
import dev.lamina.spi.lambda.Lambda;
import dev.lamina.spi.sqs.MessageQueues;
import dev.lamina.storage.Transactions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Put and GetBucketNotificationConfiguration as S3 does them: a configuration is taken whole, or
 * refused whole, as S3 refuses one whose function does not let {@code s3.amazonaws.com} invoke it (for
 * this bucket) or whose queue does not exist.
 */
public final class Notifications {
    private final Transactions db;
    private final BucketNotifications store;
    private final Lambda lambda;
    private final MessageQueues queues;
    private final Consumer<String> requireBucket;

    /** @param requireBucket throws S3's {@code NoSuchBucket} for a bucket that does not exist */
    public Notifications(
            Transactions db,
            BucketNotifications store,
            Lambda lambda,
            MessageQueues queues,
            Consumer<String> requireBucket) {
        this.db = db;
        this.store = store;
        this.lambda = lambda;
        this.queues = queues;
        this.requireBucket = requireBucket;
    }

    public NotificationConfig get(String bucket) {
        requireBucket.accept(bucket);
        return db.transaction(tx -> store.get(tx, bucket));
    }

    public void put(String bucket, NotificationConfig config) {
        requireBucket.accept(bucket);
        List<String> invalid = new ArrayList<>();
        for (NotificationConfig.Target t : config.targets()) {
            if (!reachable(t, bucket)) {
                invalid.add(t.arn());
            }
        }
        if (!invalid.isEmpty()) {
            throw new AwsException(
                    400, "InvalidArgument", "Unable to validate the following destination configurations");
        }
        db.transaction(tx -> {
            store.set(tx, bucket, config);
            return null;
        });
    }

    private boolean reachable(NotificationConfig.Target t, String bucket) {
        if (t.kind() == NotificationConfig.Kind.QUEUE) {
            return queues != null && queues.queue(t.arn()).isPresent();
        }
        Optional<FunctionRef> function = lambda.lookup(t.arn(), null);
        return function.isPresent()
                && lambda.allowsInvoke(function.get(), "s3.amazonaws.com", "arn:aws:s3:::" + bucket);
    }
}

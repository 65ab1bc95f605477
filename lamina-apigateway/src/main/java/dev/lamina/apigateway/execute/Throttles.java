package dev.lamina.apigateway.execute;

import dev.lamina.apigateway.http.HttpApi;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The token buckets of the node's stages, one per API, stage and route key that has throttling
 * settings. Node-local, as API Gateway's limits are not exact across its fleet either. A bucket starts
 * full when its route is first requested, and again when its limits change. Thread-safe: each take
 * is atomic on its bucket. The buckets of a deleted stage or API go with it ({@link #removed}).
 */
final class Throttles {
    private record Key(String apiId, String stage, String routeKey) {}

    private final InstantSource clock;
    private final Map<Key, TokenBucket> buckets = new ConcurrentHashMap<>();

    Throttles(InstantSource clock) {
        this.clock = clock;
    }

    /**
     * The limits of {@code routeKey} on {@code stage}: its route settings' values, else the stage's
     * default route settings', else the account's; {@code null} when neither sets any.
     */
    static TokenBucket.Limits limits(HttpApi.Stage stage, String routeKey) {
        HttpApi.RouteSettings route = stage.routeSettings().get(routeKey);
        HttpApi.RouteSettings fallback = stage.defaultRouteSettings();
        Integer burst = route != null && route.throttlingBurstLimit() != null
                ? route.throttlingBurstLimit()
                : fallback.throttlingBurstLimit();
        Double rate = route != null && route.throttlingRateLimit() != null
                ? route.throttlingRateLimit()
                : fallback.throttlingRateLimit();
        if (burst == null && rate == null) {
            return null;
        }
        return new TokenBucket.Limits(
                burst != null ? burst : TokenBucket.ACCOUNT_BURST, rate != null ? rate : TokenBucket.ACCOUNT_RATE);
    }

    /** Whether a request for {@code routeKey} on {@code stage} of {@code apiId} may go on now. */
    boolean admit(String apiId, HttpApi.Stage stage, String routeKey) {
        TokenBucket.Limits limits = limits(stage, routeKey);
        if (limits == null) {
            return true;
        }
        long now = clock.millis();
        boolean[] admitted = new boolean[1];
        buckets.compute(new Key(apiId, stage.name(), routeKey), (key, bucket) -> {
            TokenBucket current =
                    bucket == null || !bucket.limits().equals(limits) ? TokenBucket.full(limits, now) : bucket;
            TokenBucket.Taken taken = current.take(now);
            admitted[0] = taken.admitted();
            return taken.next();
        });
        return admitted[0];
    }

    /** Drops the buckets of {@code stage} of {@code apiId}, or of all its stages when {@code stage} is {@code null}. */
    void removed(String apiId, String stage) {
        buckets.keySet()
                .removeIf(key -> key.apiId().equals(apiId)
                        && (stage == null || key.stage().equals(stage)));
    }
}

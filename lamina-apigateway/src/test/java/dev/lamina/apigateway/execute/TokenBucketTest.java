package dev.lamina.apigateway.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.apigateway.http.HttpApi;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final TokenBucket.Limits TWO_A_SECOND_BURST_TWO = new TokenBucket.Limits(2, 1);

    /** Takes at each of {@code times}, returning what each got, in order. */
    private static String takes(TokenBucket bucket, long... times) {
        StringBuilder out = new StringBuilder();
        for (long time : times) {
            TokenBucket.Taken taken = bucket.take(time);
            out.append(taken.admitted() ? '+' : '-');
            bucket = taken.next();
        }
        return out.toString();
    }

    @Test
    void aFullBucketLetsTheBurstThroughThenRefillsAtTheRate() {
        TokenBucket bucket = TokenBucket.full(TWO_A_SECOND_BURST_TWO, 0);
        assertEquals("++-", takes(bucket, 0, 10, 20));
        assertEquals("++--+", takes(bucket, 0, 10, 20, 900, 1_020));
    }

    @Test
    void tokensNeverExceedTheBurst() {
        TokenBucket bucket = TokenBucket.full(TWO_A_SECOND_BURST_TWO, 0);
        assertEquals("++-", takes(bucket, 100_000, 100_000, 100_000));
    }

    @Test
    void aFractionalRateRefillsSlowly() {
        TokenBucket bucket = TokenBucket.full(new TokenBucket.Limits(1, 0.5), 0);
        assertEquals("+-+", takes(bucket, 0, 1_999, 4_000));
    }

    @Test
    void burstZeroRefusesEverything() {
        assertEquals("---", takes(TokenBucket.full(new TokenBucket.Limits(0, 100), 0), 0, 1_000, 60_000));
    }

    @Test
    void aClockGoingBackRefillsNothing() {
        TokenBucket bucket = TokenBucket.full(new TokenBucket.Limits(1, 1), 5_000);
        assertEquals("+--+", takes(bucket, 5_000, 1_000, 5_500, 6_000));
    }

    @Test
    void aRouteSettingReplacesTheDefaultFieldByFieldAndTheAccountFillsTheRest() {
        HttpApi.Stage stage = new HttpApi.Stage(
                "prod",
                false,
                0,
                Map.of(),
                null,
                null,
                new HttpApi.RouteSettings(10, null, false),
                Map.of("GET /a", new HttpApi.RouteSettings(null, 2.5, false)),
                0);
        assertEquals(new TokenBucket.Limits(10, 2.5), Throttles.limits(stage, "GET /a"));
        assertEquals(new TokenBucket.Limits(10, TokenBucket.ACCOUNT_RATE), Throttles.limits(stage, "GET /b"));
        assertNull(Throttles.limits(new HttpApi.Stage("p", true, 0, Map.of()), "GET /a"));
    }

    @Test
    void throttlesKeepABucketPerRouteAndStartAfreshWhenTheLimitsChange() {
        AtomicLong now = new AtomicLong();
        Throttles throttles = new Throttles(() -> Instant.ofEpochMilli(now.get()));
        HttpApi.Stage one = stage(new HttpApi.RouteSettings(1, 0.001, false));
        assertTrue(throttles.admit("api", one, "GET /a"));
        assertFalse(throttles.admit("api", one, "GET /a"));
        assertTrue(throttles.admit("api", one, "GET /b"), "another route has its own bucket");
        assertTrue(throttles.admit("other", one, "GET /a"), "another API has its own bucket");
        HttpApi.Stage two = stage(new HttpApi.RouteSettings(2, 0.001, false));
        assertTrue(throttles.admit("api", two, "GET /a"));
        assertTrue(throttles.admit("api", two, "GET /a"));
        assertFalse(throttles.admit("api", two, "GET /a"));
        now.set(1_000_000);
        assertTrue(throttles.admit("api", two, "GET /a"), "refilled with time");
        assertTrue(throttles.admit("api", new HttpApi.Stage("p", true, 0, Map.of()), "GET /a"));
    }

    @Test
    void theBucketsOfARemovedStageOrApiGoWithIt() {
        Throttles throttles = new Throttles(() -> Instant.EPOCH);
        HttpApi.Stage prod = stage(new HttpApi.RouteSettings(1, 0.001, false));
        for (String api : List.of("api", "other")) {
            assertTrue(throttles.admit(api, prod, "GET /a"));
            assertFalse(throttles.admit(api, prod, "GET /a"));
        }
        throttles.removed("api", "beta");
        assertFalse(throttles.admit("api", prod, "GET /a"), "another stage's removal keeps this bucket");
        throttles.removed("api", "prod");
        assertTrue(throttles.admit("api", prod, "GET /a"), "a stage made again starts with a full bucket");
        assertFalse(throttles.admit("other", prod, "GET /a"), "another API's bucket stays");
        throttles.removed("other", null);
        assertTrue(throttles.admit("other", prod, "GET /a"), "a deleted API's buckets are gone");
    }

    private static HttpApi.Stage stage(HttpApi.RouteSettings defaults) {
        return new HttpApi.Stage("prod", false, 0, Map.of(), null, null, defaults, Map.of(), 0);
    }
}

package dev.lamina.lambda.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** How an alias with routing weights splits invocations between its two versions, drawn from a seeded generator. */
class AliasRoutingTest {
    private static final int PICKS = 10_000;

    private static AliasConfig alias(String additional, double weight) {
        return new AliasConfig("f", "live", "1", null, additional, weight, "r");
    }

    /** How many of {@link #PICKS} invocations run the additional version "2". */
    private static int toAdditional(AliasConfig alias, RandomGenerator random) {
        int count = 0;
        for (int i = 0; i < PICKS; i++) {
            if (alias.pick(random).equals("2")) {
                count++;
            }
        }
        return count;
    }

    @Test
    void aWeightOfOneTenthSendsOneInvocationInTenToTheAdditionalVersion() {
        int count = toAdditional(alias("2", 0.1), new SplittableRandom(42));
        // binomial(10,000, 0.1): mean 1,000, standard deviation 30; this seed lands at 961, within two of them
        assertTrue(count >= 940 && count <= 1060, "picked the additional version " + count + " times");
        assertEquals(count, toAdditional(alias("2", 0.1), new SplittableRandom(42)), "the same seed, the same split");
    }

    @Test
    void weightZeroNeverAndWeightOneAlwaysRunTheAdditionalVersion() {
        assertEquals(0, toAdditional(alias("2", 0), new SplittableRandom(1)));
        assertEquals(PICKS, toAdditional(alias("2", 1), new SplittableRandom(1)));
    }

    @Test
    void theDrawFallsBelowTheWeightOrNot() {
        AliasConfig quarter = alias("2", 0.25);
        assertEquals("2", quarter.pick(0.0));
        assertEquals("2", quarter.pick(Math.nextDown(0.25)));
        assertEquals("1", quarter.pick(0.25));
        assertEquals("2", alias("2", 1).pick(0.0));
        assertEquals("2", alias("2", 1).pick(Math.nextDown(1.0)));
        assertEquals("1", alias("2", 0).pick(0.0));
    }

    @Test
    void anAliasWithoutAdditionalVersionDrawsNothing() {
        RandomGenerator none = () -> {
            throw new AssertionError("drew for an alias with one version");
        };
        assertEquals("1", alias(null, 0).pick(none));
    }
}

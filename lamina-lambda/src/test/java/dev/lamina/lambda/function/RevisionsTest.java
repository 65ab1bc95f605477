package dev.lamina.lambda.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RevisionsTest {
    @Test
    void revisionIdsAreVersionFourUuidsDrawnFromTheInjectedGenerator() {
        Revisions revisions = new Revisions(FunctionDomain.CLOCK, new SplittableRandom(3));
        String first = revisions.newId();
        UUID parsed = UUID.fromString(first);
        assertEquals(4, parsed.version());
        assertEquals(2, parsed.variant());
        assertEquals(parsed.toString(), first, "lower-case, 36 characters, as UUID writes them");
        assertNotEquals(first, revisions.newId());
        assertEquals(
                first,
                new Revisions(FunctionDomain.CLOCK, new SplittableRandom(3)).newId(),
                "the same seed, the same ids");
    }

    @Test
    void lastModifiedIsTheClocksNowAsLambdaWritesIt() {
        Revisions revisions = new Revisions(FunctionDomain.CLOCK, new SplittableRandom(3));
        assertEquals("2026-01-02T03:04:05.678+0000", revisions.lastModified());
    }
}

package dev.lamina.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.core.AwsException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultipartTest {
    private static Multipart.Part part(int number, long size) {
        return new Multipart.Part(number, "0".repeat(64), size, "e" + number, Instant.EPOCH);
    }

    private static final List<Multipart.Part> UPLOADED =
            List.of(part(1, Multipart.MIN_PART), part(2, 10), part(3, Multipart.MIN_PART), part(4, 1));

    @Test
    void choosesTheNamedPartsInOrderAndOnlyTheLastMayBeSmall() {
        assertEquals(
                List.of(1, 3, 4),
                Multipart.choose(
                                UPLOADED,
                                List.of(
                                        new Multipart.Named(1, "\"e1\""),
                                        new Multipart.Named(3, "e3"),
                                        new Multipart.Named(4, "\"e4\"")))
                        .stream()
                        .map(Multipart.Part::number)
                        .toList());
    }

    @Test
    void refusesAsS3Does() {
        assertEquals("EntityTooSmall", refusal(new Multipart.Named(2, "e2"), new Multipart.Named(3, "e3")));
        assertEquals("InvalidPartOrder", refusal(new Multipart.Named(3, "e3"), new Multipart.Named(1, "e1")));
        assertEquals("InvalidPartOrder", refusal(new Multipart.Named(1, "e1"), new Multipart.Named(1, "e1")));
        assertEquals("InvalidPart", refusal(new Multipart.Named(1, "e2")));
        assertEquals("InvalidPart", refusal(new Multipart.Named(5, "e5")));
    }

    private static String refusal(Multipart.Named... named) {
        return assertThrows(AwsException.class, () -> Multipart.choose(UPLOADED, List.of(named)))
                .code();
    }
}

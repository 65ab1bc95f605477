package dev.lamina.cloudformation.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.core.AwsException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceProviderTest {
    final List<String> steps = new ArrayList<>();

    @Test
    void aFinishThatSucceedsLeavesTheResource() throws Exception {
        ResourceProvider.finishOrRemove(() -> steps.add("finish"), () -> steps.add("remove"));
        assertEquals(List.of("finish"), steps);
    }

    @Test
    void aFinishThatFailsRemovesTheResourceAndFailsWithItsOwnError() {
        AwsException refused = new AwsException(400, "InvalidParameterValueException", "bad concurrency");
        AwsException thrown = assertThrows(
                AwsException.class,
                () -> ResourceProvider.finishOrRemove(
                        () -> {
                            steps.add("finish");
                            throw refused;
                        },
                        () -> steps.add("remove")));
        assertSame(refused, thrown);
        assertEquals(List.of("finish", "remove"), steps);
    }

    @Test
    void aRemovalThatFailsTooIsKeptBesideTheFinishsError() {
        AwsException refused = new AwsException(400, "InvalidParameterValueException", "bad concurrency");
        AwsException down = new AwsException(503, "ServiceUnavailableException", "down");
        AwsException thrown = assertThrows(
                AwsException.class,
                () -> ResourceProvider.finishOrRemove(
                        () -> {
                            throw refused;
                        },
                        () -> {
                            throw down;
                        }));
        assertSame(refused, thrown);
        assertEquals(List.of(down), List.of(thrown.getSuppressed()));
    }
}

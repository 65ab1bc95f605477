package dev.lamina.apigateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.core.AwsException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageTest {
    private static final List<String> FIVE = List.of("a", "b", "c", "d", "e");

    @Test
    void withoutMaxResultsEverythingComesInOnePage() {
        Page<String> page = Page.of(FIVE, null, null);
        assertEquals(FIVE, page.items());
        assertNull(page.nextToken());
    }

    @Test
    void tokensWalkThePagesToTheLastWhichHasNone() {
        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String token = null;
        do {
            Page<String> page = Page.of(FIVE, "2", token);
            seen.addAll(page.items());
            sizes.add(page.items().size());
            token = page.nextToken();
        } while (token != null);
        assertEquals(FIVE, seen);
        assertEquals(List.of(2, 2, 1), sizes);
        assertNull(Page.of(FIVE, "5", null).nextToken(), "an exact fit has no next page");
        assertEquals(List.of(), Page.of(List.of(), "3", null).items());
    }

    @Test
    void aBadMaxResultsOrTokenIsABadRequest() {
        for (String max : List.of("0", "-1", "ten")) {
            AwsException refused = assertThrows(AwsException.class, () -> Page.of(FIVE, max, null));
            assertEquals("BadRequestException", refused.code());
        }
        for (String token : List.of("nonsense!", "Zm9vOjE", "ZnJvbTotMQ")) { // "foo:1", "from:-1"
            AwsException refused = assertThrows(AwsException.class, () -> Page.of(FIVE, "2", token));
            assertEquals("BadRequestException", refused.code());
        }
    }
}

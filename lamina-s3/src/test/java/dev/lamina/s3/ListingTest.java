package dev.lamina.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListingTest {
    private static final List<String> KEYS = List.of("a/1", "a/2", "b", "c/1", "c/d/2");

    /** The keys with the prefix after the cursor, in order, as the catalog gives them. */
    private static Listing.Source source(String prefix) {
        return (after, limit) -> KEYS.stream()
                .filter(k -> k.compareTo(after) > 0 && k.startsWith(prefix))
                .limit(limit)
                .map(k -> new StoredObject("b", k, "0".repeat(64), 1, "e", Instant.EPOCH, Map.of()))
                .toList();
    }

    private static List<String> keys(Listing.Page page) {
        return page.contents().stream().map(StoredObject::key).toList();
    }

    @Test
    void withoutADelimiterListsEveryKeyInPages() {
        Listing.Page first = Listing.page(source(""), "", null, "", 3);
        assertEquals(List.of("a/1", "a/2", "b"), keys(first));
        assertTrue(first.truncated());
        Listing.Page second = Listing.page(source(""), "", null, first.cursor(), 3);
        assertEquals(List.of("c/1", "c/d/2"), keys(second));
        assertFalse(second.truncated());
    }

    @Test
    void aDelimiterRollsKeysUpIntoCommonPrefixesEachCountingOnce() {
        Listing.Page first = Listing.page(source(""), "", "/", "", 2);
        assertEquals(List.of("a/"), first.commonPrefixes());
        assertEquals(List.of("b"), keys(first));
        assertTrue(first.truncated());
        assertEquals("b", first.last());
        Listing.Page second = Listing.page(source(""), "", "/", first.cursor(), 2);
        assertEquals(List.of("c/"), second.commonPrefixes());
        assertFalse(second.truncated());
    }

    @Test
    void aPrefixAndADelimiterListOneLevel() {
        Listing.Page page = Listing.page(source("c/"), "c/", "/", "", 1000);
        assertEquals(List.of("c/1"), keys(page));
        assertEquals(List.of("c/d/"), page.commonPrefixes());
    }

    @Test
    void aMarkerInsideACommonPrefixDoesNotListItAgain() {
        Listing.Page page = Listing.page(source(""), "", "/", "a/", 1000);
        assertEquals(List.of("b"), keys(page));
        assertEquals(List.of("c/"), page.commonPrefixes());
    }
}

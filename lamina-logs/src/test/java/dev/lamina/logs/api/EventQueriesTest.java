package dev.lamina.logs.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import dev.lamina.logs.LogStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventQueriesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private LogStore store;
    private EventQueries queries;

    @BeforeEach
    void open() {
        store = new LogStore(dir);
        queries = new EventQueries(store, JSON);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static ObjectNode body(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    private static List<String> messages(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.path("events").forEach(e -> out.add(e.path("message").asText()));
        return out;
    }

    private static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.path("events").forEach(e -> out.add(e.path("eventId").asText()));
        return out;
    }

    @Test
    void filterMatchesThePatternAcrossStreamsInTimeOrder() throws Exception {
        store.append("g", "b", 20, "{\"level\":\"ERROR\",\"latency\":300}");
        store.append("g", "a", 10, "[ERROR] boom");
        store.append("g", "a", 30, "INFO fine");
        store.append("g", "b", 40, "{\"level\":\"INFO\",\"latency\":5}");
        assertEquals(
                List.of("[ERROR] boom", "{\"level\":\"ERROR\",\"latency\":300}"),
                messages(queries.filter("g", body("{\"filterPattern\":\"ERROR\"}"))));
        assertEquals(List.of("INFO fine"), messages(queries.filter("g", body("{\"filterPattern\":\"INFO -level\"}"))));
        assertEquals(
                List.of("{\"level\":\"ERROR\",\"latency\":300}"),
                messages(queries.filter("g", body("{\"filterPattern\":\"{ $.latency > 100 }\"}"))));
        assertEquals(
                List.of("[ERROR] boom", "INFO fine"),
                messages(queries.filter("g", body("{\"filterPattern\":\"?boom ?fine\",\"logStreamNames\":[\"a\"]}"))));
        JsonNode all = queries.filter("g", body("{\"startTime\":20,\"endTime\":40}"));
        assertEquals(List.of("{\"level\":\"ERROR\",\"latency\":300}", "INFO fine"), messages(all));
        assertTrue(all.path("searchedLogStreams").isArray());
    }

    @Test
    void eventIdsStayTheSameAsEventsAreAdded() throws Exception {
        store.append("g", "a", 10, "one");
        store.append("g", "a", 10, "two");
        List<String> before = ids(queries.filter("g", body("{}")));
        store.append("g", "0-first-by-name", 10, "three");
        store.append("g", "a", 10, "four");
        store.append("g", "a", 5, "earlier");
        JsonNode after = queries.filter("g", body("{}"));
        assertEquals(List.of("earlier", "three", "one", "two", "four"), messages(after));
        assertEquals(before, ids(after).subList(2, 4));
        assertEquals(5, ids(after).stream().distinct().count());
        assertTrue(ids(after).stream().allMatch(id -> id.matches("\\d{41}")));
    }

    @Test
    void aFilterTokenResumesAfterItsLastEventWhateverIsWrittenMeanwhile() throws Exception {
        for (int i = 1; i <= 5; i++) {
            store.append("g", "s", i * 10L, "e" + i);
        }
        JsonNode first = queries.filter("g", body("{\"limit\":2}"));
        assertEquals(List.of("e1", "e2"), messages(first));
        store.append("g", "s", 5, "before the token");
        store.append("g", "s", 25, "after the token");
        ObjectNode next = body("{\"limit\":2}");
        next.put("nextToken", first.path("nextToken").asText());
        JsonNode second = queries.filter("g", next);
        assertEquals(List.of("after the token", "e3"), messages(second));
        next.put("nextToken", second.path("nextToken").asText()).put("limit", 10);
        JsonNode last = queries.filter("g", next);
        assertEquals(List.of("e4", "e5"), messages(last));
        assertFalse(last.has("nextToken"));
    }

    @Test
    void badPatternsTokensAndLimitsAreInvalidParameters() {
        AwsException pattern =
                assertThrows(AwsException.class, () -> queries.filter("g", body("{\"filterPattern\":\"{ $.a = }\"}")));
        assertEquals("InvalidParameterException", pattern.code());
        assertTrue(pattern.getMessage().startsWith("Invalid filter pattern"), pattern.getMessage());
        AwsException token =
                assertThrows(AwsException.class, () -> queries.filter("g", body("{\"nextToken\":\"?!\"}")));
        assertEquals("The specified nextToken is invalid.", token.getMessage());
        assertThrows(AwsException.class, () -> queries.filter("g", body("{\"limit\":0}")));
        assertThrows(
                AwsException.class,
                () -> queries.filter("g", body("{\"logStreamNames\":[\"a\"],\"logStreamNamePrefix\":\"a\"}")));
        assertThrows(AwsException.class, () -> queries.getEvents("g", "s", body("{\"nextToken\":\"x/1/2\"}")));
    }

    @Test
    void getEventsPagesForwardFromTheHead() throws Exception {
        for (int i = 1; i <= 5; i++) {
            store.append("g", "s", i * 10L, "e" + i);
        }
        store.append("g", "other", 15, "not this stream");
        JsonNode page = queries.getEvents("g", "s", body("{\"startFromHead\":true,\"limit\":2}"));
        List<String> seen = new ArrayList<>(messages(page));
        String token = page.path("nextForwardToken").asText();
        assertTrue(token.startsWith("f/"), token);
        while (true) {
            ObjectNode next = body("{\"limit\":2}");
            next.put("nextToken", token);
            page = queries.getEvents("g", "s", next);
            seen.addAll(messages(page));
            if (page.path("nextForwardToken").asText().equals(token)) {
                break;
            }
            token = page.path("nextForwardToken").asText();
        }
        assertEquals(List.of("e1", "e2", "e3", "e4", "e5"), seen);
        store.append("g", "s", 60, "e6");
        ObjectNode later = body("{}");
        later.put("nextToken", token);
        assertEquals(List.of("e6"), messages(queries.getEvents("g", "s", later)));
    }

    @Test
    void getEventsPagesBackwardFromTheTail() throws Exception {
        for (int i = 1; i <= 5; i++) {
            store.append("g", "s", i * 10L, "e" + i);
        }
        JsonNode page = queries.getEvents("g", "s", body("{\"limit\":2}"));
        assertEquals(List.of("e4", "e5"), messages(page));
        List<List<String>> pages = new ArrayList<>();
        String token = page.path("nextBackwardToken").asText();
        assertTrue(token.startsWith("b/"), token);
        while (true) {
            ObjectNode next = body("{\"limit\":2}");
            next.put("nextToken", token);
            page = queries.getEvents("g", "s", next);
            pages.add(messages(page));
            if (page.path("nextBackwardToken").asText().equals(token)) {
                break;
            }
            token = page.path("nextBackwardToken").asText();
        }
        assertEquals(List.of(List.of("e2", "e3"), List.of("e1"), List.of()), pages);
        ObjectNode forward = body("{}");
        forward.put("nextToken", page.path("nextForwardToken").asText());
        assertEquals(List.of("e1", "e2", "e3", "e4", "e5"), messages(queries.getEvents("g", "s", forward)));
    }
}

package dev.lamina.lambda.esm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class FilterPatternTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static boolean matches(String pattern, String record) throws Exception {
        JsonNode node = JSON.readTree(record);
        return FilterPattern.parse(JSON, pattern).matches(node);
    }

    @Test
    void literalsAndNestedFields() throws Exception {
        String pattern = "{\"body\": {\"kind\": [\"order\", \"refund\"], \"n\": [5]}}";
        assertTrue(matches(pattern, "{\"body\": {\"kind\": \"order\", \"n\": 5.0}}"));
        assertFalse(matches(pattern, "{\"body\": {\"kind\": \"other\", \"n\": 5}}"));
        assertFalse(matches(pattern, "{\"body\": {\"kind\": \"order\"}}"), "a missing field does not match");
        assertFalse(matches(pattern, "{\"body\": \"kind order\"}"), "a string body is not an object");
        assertTrue(matches("{\"tags\": [\"b\"]}", "{\"tags\": [\"a\", \"b\"]}"), "any element of an array");
    }

    @Test
    void operators() throws Exception {
        assertTrue(matches("{\"k\": [{\"prefix\": \"ab\"}]}", "{\"k\": \"abc\"}"));
        assertFalse(matches("{\"k\": [{\"prefix\": \"ab\"}]}", "{\"k\": \"cab\"}"));
        assertTrue(matches("{\"k\": [{\"suffix\": \".png\"}]}", "{\"k\": \"a.png\"}"));
        assertTrue(matches("{\"k\": [{\"equals-ignore-case\": \"ABC\"}]}", "{\"k\": \"abc\"}"));
        assertTrue(matches("{\"k\": [{\"anything-but\": [\"x\", \"y\"]}]}", "{\"k\": \"z\"}"));
        assertFalse(matches("{\"k\": [{\"anything-but\": [\"x\", \"y\"]}]}", "{\"k\": \"x\"}"));
        assertFalse(matches("{\"k\": [{\"anything-but\": {\"prefix\": \"x\"}}]}", "{\"k\": \"xy\"}"));
        assertTrue(matches("{\"n\": [{\"numeric\": [\">\", 0, \"<=\", 5]}]}", "{\"n\": 5}"));
        assertFalse(matches("{\"n\": [{\"numeric\": [\">\", 0, \"<=\", 5]}]}", "{\"n\": 6}"));
        assertFalse(matches("{\"n\": [{\"numeric\": [\">\", 0]}]}", "{\"n\": \"3\"}"), "a string is no number");
        assertTrue(matches("{\"k\": [{\"exists\": true}]}", "{\"k\": 1}"));
        assertTrue(matches("{\"k\": [{\"exists\": false}]}", "{\"j\": 1}"));
        assertFalse(matches("{\"k\": [{\"exists\": false}]}", "{\"k\": 1}"));
        assertTrue(matches("{\"k\": [{\"wildcard\": \"a*c\"}]}", "{\"k\": \"abbc\"}"));
        String or = "{\"$or\": [{\"a\": [1]}, {\"b\": [2]}]}";
        assertTrue(matches(or, "{\"b\": 2}"));
        assertFalse(matches(or, "{\"a\": 2, \"b\": 1}"));
    }

    @Test
    void malformedPatternsAreRefused() {
        for (String bad : new String[] {
            "null",
            "simple string",
            "{\"eventSource\": \"aws:sqs\"}",
            "{\"eventSource\": []}",
            "{}",
            "{\"k\": [{\"numeric\": [\">\"]}]}",
            "{\"k\": [{\"nope\": 1}]}",
            "{\"$or\": [{\"a\": [1]}]}"
        }) {
            assertThrows(IllegalArgumentException.class, () -> FilterPattern.parse(JSON, bad), bad);
        }
    }
}

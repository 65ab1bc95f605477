package dev.lamina.logs.filter;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FilterPatternTest {

    private static boolean matches(String pattern, String message) {
        return FilterPattern.parse(pattern).matches(message);
    }

    @Test
    void anEmptyPatternMatchesEverything() {
        assertTrue(matches("", "anything"));
        assertTrue(matches("   ", "anything"));
        assertTrue(matches(null, "anything"));
    }

    @Test
    void everyTermMustOccurWithItsCase() {
        assertTrue(matches("ERROR Exception", "[ERROR] NullPointerException at line 3"));
        assertFalse(matches("ERROR Exception", "[ERROR] timed out"));
        assertFalse(matches("ERROR", "error: lower case is another term"));
    }

    @Test
    void aQuotedPhraseMatchesAsAWhole() {
        assertTrue(matches("\"out of memory\"", "worker: out of memory"));
        assertFalse(matches("\"out of memory\"", "out of the memory"));
        assertTrue(matches("\"a \\\"quoted\\\" word\" x", "x a \"quoted\" word"));
        assertTrue(matches("\"user:alice\"", "login user:alice"));
    }

    @Test
    void questionMarkTermsAreAlternatives() {
        assertTrue(matches("?ERROR ?WARN", "WARN disk low"));
        assertTrue(matches("?ERROR ?WARN", "[ERROR] boom"));
        assertFalse(matches("?ERROR ?WARN", "INFO ok"));
        assertTrue(matches("disk ?low ?full", "disk full"));
        assertFalse(matches("disk ?low ?full", "cpu full"));
    }

    @Test
    void minusTermsExclude() {
        assertTrue(matches("ERROR -Retrying", "ERROR upload failed"));
        assertFalse(matches("ERROR -Retrying", "ERROR Retrying upload"));
        assertFalse(matches("?ERROR ?WARN -Retrying", "WARN Retrying upload"));
        assertTrue(matches("-\"health check\"", "GET /orders"));
        assertFalse(matches("-\"health check\"", "GET / health check"));
    }

    @Test
    void regularExpressionsAreFoundAnywhere() {
        assertTrue(matches("%time(out|d out)%", "request timed out"));
        assertTrue(matches("%^START RequestId%", "START RequestId: 1 Version: $LATEST"));
        assertFalse(matches("%^END%", "START RequestId"));
    }

    @Test
    void jsonPatternsCompareStringsWithWildcards() {
        String error =
                "{\"level\":\"ERROR\",\"message\":\"boom\",\"latency\":250,\"user\":{\"id\":7,\"tags\":[\"a\",\"b\"]}}";
        assertTrue(matches("{ $.level = \"ERROR\" }", error));
        assertTrue(matches("{ $.level = ERROR }", error));
        assertTrue(matches("{$.level=ERR*}", error));
        assertTrue(matches("{ $.message = \"*oo*\" }", error));
        assertFalse(matches("{ $.level = \"INFO\" }", error));
        assertFalse(matches("{ $.level = \"error\" }", error));
        assertTrue(matches("{ $.level != \"INFO\" }", error));
        assertTrue(matches("{ $.user.tags[1] = \"b\" }", error));
        assertTrue(matches("{ $.level = %^ERR% }", error));
    }

    @Test
    void jsonPatternsCompareNumbers() {
        String event = "{\"latency\":250,\"size\":\"1.5e3\",\"code\":404}";
        assertTrue(matches("{ $.latency > 100 }", event));
        assertFalse(matches("{ $.latency < 100 }", event));
        assertTrue(matches("{ $.latency >= 250 && $.latency <= 250 }", event));
        assertTrue(matches("{ $.latency = 250.0 }", event));
        assertTrue(matches("{ $.size > 1000 }", event));
        assertTrue(matches("{ $.code != 200 }", event));
        assertFalse(matches("{ $.missing != 200 }", event), "an absent field fails even !=");
    }

    @Test
    void jsonPatternsJoinWithAndOrAndParentheses() {
        String warn = "{\"level\":\"WARNING\",\"latency\":250}";
        String info = "{\"level\":\"INFO\",\"latency\":250}";
        String p = "{ ($.level = \"ERROR\" || $.level = WARN*) && $.latency > 100 }";
        assertTrue(matches(p, warn));
        assertFalse(matches(p, info));
        assertTrue(matches("{ $.level = \"ERROR\" || $.level = WARN* && $.latency > 1000 }", "{\"level\":\"ERROR\"}"));
        assertFalse(matches("{ $.level = \"ERROR\" || $.level = WARN* && $.latency > 1000 }", warn));
    }

    @Test
    void jsonPatternsTestExistenceAndLiterals() {
        String event = "{\"ok\":true,\"bad\":false,\"none\":null}";
        assertTrue(matches("{ $.ok IS TRUE }", event));
        assertTrue(matches("{ $.bad IS FALSE }", event));
        assertFalse(matches("{ $.ok IS FALSE }", event));
        assertTrue(matches("{ $.none IS NULL }", event));
        assertTrue(matches("{ $.ok EXISTS }", event));
        assertTrue(matches("{ $.other NOT EXISTS }", event));
        assertFalse(matches("{ $.ok NOT EXISTS }", event));
    }

    @Test
    void aJsonPatternNeverMatchesTextOrBrokenJson() {
        assertFalse(matches("{ $.level = \"ERROR\" }", "ERROR level"));
        assertFalse(matches("{ $.level = \"ERROR\" }", "{\"level\":\"ERROR\""));
        assertFalse(matches("{ $.level NOT EXISTS }", "[1, 2]"));
    }

    @Test
    void spaceDelimitedPatternsNameFields() {
        String line = "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /index.html HTTP/1.0\" 404 1534";
        assertTrue(matches("[ip, id, user, timestamp, request, status_code=4*, size]", line));
        assertFalse(matches("[ip, id, user, timestamp, request, status_code=5*, size]", line));
        assertTrue(matches("[ip, ..., size>1000]", line));
        assertFalse(matches("[ip, user, size]", line), "three fields where the line has seven");
        assertTrue(matches("[..., request=\"GET /index.html HTTP/1.0\", status, size]", line));
    }

    @Test
    void malformedPatternsAreRejected() {
        for (String bad : new String[] {
            "\"unclosed",
            "? ERROR",
            "ERROR -",
            "{ $.level = }",
            "{ $.level ERROR }",
            "{ level = ERROR }",
            "{ $.level = \"ERROR\" ",
            "{ }",
            "{ ($.a = 1 }",
            "{ $.a = 1 && }",
            "{ $.a > abc }",
            "{ $.a IS MAYBE }",
            "{ $.a[x] = 1 }",
            "%(unclosed%",
            "%",
            "[]",
            "[a, b",
            "[a b=1]",
            "ERROR}",
        }) {
            assertThrows(InvalidFilterPatternException.class, () -> FilterPattern.parse(bad), bad);
        }
    }
}

package dev.lamina.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryStringsTest {
    @Test
    void queryParametersDecodeLikeAForm() {
        assertEquals(
                Map.of("a", List.of("1", "x y"), "flag", List.of(""), "k=v", List.of("=")),
                QueryStrings.parseQuery("a=1&&a=x+y&flag&k%3Dv=%3D"));
        assertEquals(
                List.of("a", "flag"),
                List.copyOf(QueryStrings.parseQuery("a=1&flag").keySet()));
        assertEquals(Map.of(), QueryStrings.parseQuery(""));
        assertEquals(Map.of(), QueryStrings.parseQuery(null));
    }

    @Test
    void aFormKeepsTheFirstValueOfEachNameInTheOrderSent() {
        Map<String, String> form = QueryStrings.parseForm("b=1&&a=x+y&b=2&flag&k%3Dv=%3D");
        assertEquals(Map.of("b", "1", "a", "x y", "flag", "", "k=v", "="), form);
        assertEquals(List.of("b", "a", "flag", "k=v"), List.copyOf(form.keySet()));
        assertEquals(Map.of(), QueryStrings.parseForm(""));
        assertEquals(Map.of(), QueryStrings.parseForm(null));
    }

    @Test
    void aBadEscapeNamesItsPairAndThePartThatFailed() {
        QueryStrings.Malformed value =
                assertThrows(QueryStrings.Malformed.class, () -> QueryStrings.parseForm("a=1&b=%zz"));
        assertEquals("b=%zz", value.pair());
        assertEquals("%zz", value.undecodable());
        QueryStrings.Malformed name =
                assertThrows(QueryStrings.Malformed.class, () -> QueryStrings.parseQuery("a%z=1"));
        assertEquals("a%z=1", name.pair());
        assertEquals("a%z", name.undecodable());
    }
}

package dev.lamina.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code lamina server --public-url [ENDPOINT=]TEMPLATE}: a bare template is for function URLs. */
class PublicUrlOptionTest {
    @Test
    void aBareTemplateIsForFunctionUrlsAndANamedOneForItsEndpoint() {
        assertEquals(
                Map.of("lambda-url", "https://{id}.lambda.example.com"),
                Lamina.Server.publicUrlTemplates(List.of("https://{id}.lambda.example.com")));
        assertEquals(
                Map.of("lambda-url", "https://gw.example.com/fn/{id}", "execute-api", "https://{id}.api.example.com"),
                Lamina.Server.publicUrlTemplates(List.of(
                        "lambda-url=https://gw.example.com/fn/{id}", "execute-api=https://{id}.api.example.com")));
        assertEquals(
                Map.of("lambda-url", "https://gw.example.com/fn/{id}?a=b"),
                Lamina.Server.publicUrlTemplates(List.of("https://gw.example.com/fn/{id}?a=b")),
                "an = after the scheme is the template's own");
        assertEquals(Map.of(), Lamina.Server.publicUrlTemplates(List.of()));
    }
}

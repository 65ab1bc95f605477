package dev.lamina.apigateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.core.AwsException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiTagsTest {
    @Test
    void tagsWithinApiGatewaysLimitsPass() {
        Map<String, String> tags = Map.of("team", "web", "empty", "", "k".repeat(128), "v".repeat(1600));
        assertEquals(tags, ApiTags.checked(tags));
    }

    @Test
    void tagsPastTheLimitsAreABadRequest() {
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i <= ApiTags.MAX_TAGS; i++) {
            many.put("k" + i, "v");
        }
        for (Map<String, String> bad : java.util.List.of(
                many,
                Map.of("", "v"),
                Map.of("aws:x", "v"),
                Map.of("k".repeat(129), "v"),
                Map.of("k", "v".repeat(1601)))) {
            AwsException refused = assertThrows(AwsException.class, () -> ApiTags.checked(bad));
            assertEquals("BadRequestException", refused.code());
        }
    }
}

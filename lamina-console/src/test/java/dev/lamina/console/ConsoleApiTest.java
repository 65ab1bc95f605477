package dev.lamina.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class ConsoleApiTest {
    @Test
    void aConfigurationLeavesWithItsVariablesNamesOnly() throws Exception {
        JsonNode configuration = ServiceCalls.JSON.readTree(
                "{\"FunctionName\":\"f\",\"Environment\":{\"Variables\":{\"TOKEN\":\"s3cret\",\"MODE\":\"x\"}}}");
        JsonNode masked = ConsoleApi.masked(configuration);
        assertEquals(
                "[\"TOKEN\",\"MODE\"]", masked.get("EnvironmentVariableNames").toString());
        assertFalse(masked.toString().contains("s3cret"));
        assertEquals("f", masked.get("FunctionName").asText());
        assertEquals(
                "[]",
                ConsoleApi.masked(ServiceCalls.JSON.createObjectNode())
                        .get("EnvironmentVariableNames")
                        .toString());
    }
}

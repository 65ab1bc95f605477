package dev.lamina.cloudformation.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AliasProviderTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void cloudFormationsListOfWeightsIsTheApisMap() throws Exception {
        ObjectNode properties = (ObjectNode) JSON.readTree("""
                {"FunctionName": "f", "Name": "live", "FunctionVersion": "2", "Description": "d",
                 "RoutingConfig": {"AdditionalVersionWeights": [{"FunctionVersion": "1", "FunctionWeight": 0.25}]}}
                """);
        assertEquals(JSON.readTree("""
                        {"FunctionVersion": "2", "Description": "d",
                         "RoutingConfig": {"AdditionalVersionWeights": {"1": 0.25}}}
                        """), AliasProvider.settings(properties));
    }

    @Test
    void aPropertyTheTypeDoesNotHaveIsRefusedInCloudFormationsWords() throws Exception {
        ResourceProvider.Request request = new ResourceProvider.Request(
                "s", "Live", (ObjectNode) JSON.readTree("{\"Name\": \"live\", \"Weights\": 1}"));
        AwsException refused =
                assertThrows(AwsException.class, () -> ResourceProvider.allowOnly(request, Set.of("Name")));
        assertEquals("ValidationError", refused.code());
        assertEquals(
                "Properties validation failed for resource Live with message: #: extraneous key [Weights] is not"
                        + " permitted",
                refused.getMessage());
    }
}

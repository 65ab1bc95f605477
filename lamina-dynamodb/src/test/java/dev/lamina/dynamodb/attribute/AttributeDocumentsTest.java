package dev.lamina.dynamodb.attribute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.core.AwsException;
import org.junit.jupiter.api.Test;

/** Attribute values read with DynamoDB's checks and messages, and written back as DynamoDB does. */
class AttributeDocumentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private static String refused(String value) throws Exception {
        JsonNode node = json(value);
        AwsException e = assertThrows(AwsException.class, () -> AttributeDocuments.value(node));
        assertEquals("ValidationException", e.code());
        return e.getMessage();
    }

    @Test
    void numbersComeBackInDynamoDbsCanonicalForm() throws Exception {
        for (String[] pair :
                new String[][] {{"1.50", "1.5"}, {"0.0", "0"}, {"-0", "0"}, {"1E+2", "100"}, {"007", "7"}}) {
            assertEquals(
                    pair[1],
                    AttributeDocuments.document(AttributeDocuments.value(json("{'N':'" + pair[0] + "'}")))
                            .get("N")
                            .asText());
        }
    }

    @Test
    void numbersOutsideDynamoDbsRangeAreRefused() throws Exception {
        assertEquals(
                "Attempting to store more than 38 significant digits in a Number",
                refused("{'N':'123456789012345678901234567890123456789'}"));
        assertEquals("The parameter cannot be converted to a numeric value: abc", refused("{'N':'abc'}"));
        assertEquals(
                "Number overflow. Attempting to store a number with magnitude larger than supported range",
                refused("{'N':'1E+126'}"));
        assertEquals(
                "Number underflow. Attempting to store a number with magnitude smaller than supported range",
                refused("{'N':'1E-131'}"));
    }

    @Test
    void setsAreNeitherEmptyNorRepeated() throws Exception {
        assertEquals(
                "One or more parameter values were invalid: An string set  may not be empty", refused("{'SS':[]}"));
        assertEquals(
                "One or more parameter values were invalid: Input collection [a, a] contains duplicates.",
                refused("{'SS':['a','a']}"));
        // 1 and 1.0 are one number
        assertEquals(
                "One or more parameter values were invalid: Input collection [1, 1.0] contains duplicates.",
                refused("{'NS':['1','1.0']}"));
    }

    @Test
    void aValueHasExactlyOneType() throws Exception {
        assertEquals(
                "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported"
                        + " datatypes",
                refused("{'S':'a','N':'1'}"));
        assertEquals(
                "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes", refused("{}"));
    }

    @Test
    void everyTypeGoesRoundTrip() throws Exception {
        JsonNode item = json("{'s':{'S':'x'},'n':{'N':'-1.5'},'b':{'B':'AAE='},'t':{'BOOL':true},'z':{'NULL':true},"
                + "'m':{'M':{'l':{'L':[{'S':'y'},{'N':'2'}]}}},'ss':{'SS':['a','b']},'ns':{'NS':['1','2']},"
                + "'bs':{'BS':['AQ==']}}");
        assertEquals(item, AttributeDocuments.document(AttributeDocuments.item(item)));
    }
}

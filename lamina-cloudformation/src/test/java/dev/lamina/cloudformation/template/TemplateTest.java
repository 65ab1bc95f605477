package dev.lamina.cloudformation.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.lamina.core.AwsException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shortFormTagsAreTheLongForm() throws Exception {
        ObjectNode doc = TemplateText.parse("""
                Resources:
                  Q:
                    Type: AWS::SQS::Queue
                    Properties:
                      A: !Ref Name
                      B: !GetAtt Other.Arn
                      C: !Sub "${AWS::Region}-x"
                      D: !Join [',', [a, !Ref Name]]
                      E: 30
                      F: true
                """);
        JsonNode p = doc.at("/Resources/Q/Properties");
        assertEquals(JSON.readTree("{\"Ref\":\"Name\"}"), p.get("A"));
        assertEquals(JSON.readTree("{\"Fn::GetAtt\":[\"Other\",\"Arn\"]}"), p.get("B"));
        assertEquals(JSON.readTree("{\"Fn::Sub\":\"${AWS::Region}-x\"}"), p.get("C"));
        assertEquals(JSON.readTree("{\"Fn::Join\":[\",\",[\"a\",{\"Ref\":\"Name\"}]]}"), p.get("D"));
        assertEquals(JSON.readTree("30"), p.get("E"));
        assertEquals(JSON.readTree("true"), p.get("F"));
        assertEquals(doc, JSON.readTree(JSON.writeValueAsString(doc)), "a stored template reads back equal");
    }

    @Test
    void unreadableTemplatesAreFormatErrors() {
        AwsException e = assertThrows(AwsException.class, () -> TemplateText.parse("a: [b"));
        assertEquals("ValidationError", e.code());
        assertTrue(e.getMessage().startsWith("Template format error: YAML not well-formed."), e.getMessage());
        assertTrue(assertThrows(AwsException.class, () -> TemplateText.parse("{\"a\":"))
                .getMessage()
                .startsWith("Template format error: JSON not well-formed."));
    }

    @Test
    void resourcesComeAfterWhatTheyReferTo() {
        Template t = Template.of(TemplateText.parse("""
                Resources:
                  Mapping:
                    Type: AWS::Lambda::EventSourceMapping
                    Properties:
                      FunctionName: !Ref Fn
                      EventSourceArn: !Sub "${Queue.Arn}"
                  Fn:
                    Type: AWS::Lambda::Function
                    DependsOn: Queue
                  Queue:
                    Type: AWS::SQS::Queue
                """));
        assertEquals(List.of("Queue", "Fn", "Mapping"), t.order());
    }

    @Test
    void brokenTemplatesAreRefusedInCloudFormationsWords() {
        assertEquals(
                "Template format error: At least one Resources member must be defined.", refusal("Description: x\n"));
        assertEquals(
                "Template format error: [/Resources/Q] Every Resources object must contain a Type member.",
                refusal("Resources:\n  Q:\n    Properties: {}\n"));
        assertEquals(
                "Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template",
                refusal("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Ref Nope\n"));
        assertEquals(
                "Circular dependency between resources: [A, B]",
                refusal("Resources:\n  A:\n    Type: X\n    DependsOn: B\n  B:\n    Type: X\n    DependsOn: A\n"));
    }

    private static String refusal(String text) {
        return assertThrows(AwsException.class, () -> Template.of(TemplateText.parse(text)))
                .getMessage();
    }

    /** A scope with one made queue and one parameter. */
    static final Intrinsics.Scope SCOPE = new Intrinsics.Scope() {
        @Override
        public JsonNode ref(String name) {
            return switch (name) {
                case "Q" -> TextNode.valueOf("http://node/000000000000/s-Q-1");
                case "Stage" -> TextNode.valueOf("prod");
                case "AWS::Region" -> TextNode.valueOf("us-east-1");
                default -> throw TemplateErrors.validation("no " + name);
            };
        }

        @Override
        public JsonNode attribute(String resource, String attribute) {
            if (resource.equals("Q") && attribute.equals("Arn")) {
                return TextNode.valueOf("arn:aws:sqs:us-east-1:000000000000:s-Q-1");
            }
            throw TemplateErrors.validation("no " + resource + "." + attribute);
        }

        @Override
        public ObjectNode mappings() {
            return JSON.valueToTree(Map.of("Sizes", Map.of("prod", Map.of("Memory", 512))));
        }
    };

    @Test
    void intrinsicFunctionsResolveAgainstTheStack() throws Exception {
        JsonNode resolved = Intrinsics.resolve(TemplateText.parse("""
                        a: !Sub "${Q.Arn}/${Stage}/${!Literal}"
                        b: !Join ['-', [!Ref Stage, !Ref 'AWS::Region']]
                        c: !Select [1, !Split [',', 'x,y,z']]
                        d: !FindInMap [Sizes, !Ref Stage, Memory]
                        e: !Ref AWS::NoValue
                        f: [1, !Ref AWS::NoValue, 2]
                        g: !Sub ['${X}-${Stage}', {X: !Ref Q}]
                        """), SCOPE);
        assertEquals(JSON.readTree("""
                        {"a": "arn:aws:sqs:us-east-1:000000000000:s-Q-1/prod/${Literal}",
                         "b": "prod-us-east-1", "c": "y", "d": 512, "f": [1, 2],
                         "g": "http://node/000000000000/s-Q-1-prod"}"""), resolved);
        assertEquals(MissingNode.getInstance(), Intrinsics.resolve(JSON.readTree("{\"Ref\":\"AWS::NoValue\"}"), SCOPE));
    }

    @Test
    void conditionsDecideResourcesOutputsAndIfs() throws Exception {
        ObjectNode doc = TemplateText.parse("""
                Conditions:
                  IsProd: !Equals [!Ref Stage, prod]
                  IsDev: !Not [!Condition IsProd]
                  Both: !And [!Condition IsDev, !Or [!Equals [a, a], !Equals [a, b]]]
                Resources:
                  Always:
                    Type: AWS::SQS::Queue
                    Properties:
                      DelaySeconds: !If [IsProd, 5, 0]
                      MaximumMessageSize: !If [Both, !Ref AWS::NoValue, 1024]
                  ProdOnly:
                    Type: AWS::SQS::Queue
                    Condition: IsProd
                Outputs:
                  Dev: {Condition: IsDev, Value: yes}
                """);
        JsonNode decided = Conditions.apply(doc, SCOPE); // Stage is prod
        assertEquals(5, decided.at("/Resources/Always/Properties/DelaySeconds").asInt());
        assertEquals(
                1024,
                decided.at("/Resources/Always/Properties/MaximumMessageSize").asInt());
        assertEquals("AWS::SQS::Queue", decided.at("/Resources/ProdOnly/Type").asText());
        assertTrue(decided.at("/Resources/ProdOnly/Condition").isMissingNode());
        assertTrue(decided.at("/Outputs/Dev").isMissingNode());
        assertTrue(decided.at("/Conditions").isMissingNode());
        assertEquals(
                "Template format error: Unresolved dependencies [Nope]. Cannot reference resources in the Conditions"
                        + " block of the template",
                assertThrows(
                                AwsException.class,
                                () -> Conditions.apply(
                                        TemplateText.parse(
                                                "Resources:\n  Q: {Type: AWS::SQS::Queue, Condition: Nope}\n"),
                                        SCOPE))
                        .getMessage());
    }

    @Test
    void parametersTakeDefaultsOverridesAndPreviousValues() throws Exception {
        ObjectNode declared = (ObjectNode) JSON.readTree("""
                {"Stage": {"Type": "String", "Default": "dev", "AllowedValues": ["dev", "prod"]},
                 "Size": {"Type": "Number"}, "Name": {"Type": "String"}}""");
        Map<String, String> values = ParameterValues.of(
                declared,
                List.of(new ParameterValues.Given("Size", "3", false), new ParameterValues.Given("Name", null, true)),
                Map.of("Name", "before"));
        assertEquals(Map.of("Stage", "dev", "Size", "3", "Name", "before"), values);
        assertEquals(
                "Parameters: [Size, Name] must have values",
                assertThrows(AwsException.class, () -> ParameterValues.of(declared, List.of(), Map.of()))
                        .getMessage());
        assertEquals(
                "Parameters: [Nope] do not exist in the template",
                assertThrows(
                                AwsException.class,
                                () -> ParameterValues.of(
                                        declared, List.of(new ParameterValues.Given("Nope", "x", false)), Map.of()))
                        .getMessage());
        assertEquals(
                "Parameter 'Stage' must be one of AllowedValues",
                assertThrows(
                                AwsException.class,
                                () -> ParameterValues.of(
                                        declared,
                                        List.of(
                                                new ParameterValues.Given("Stage", "qa", false),
                                                new ParameterValues.Given("Size", "1", false),
                                                new ParameterValues.Given("Name", "n", false)),
                                        Map.of()))
                        .getMessage());
    }
}

package dev.lamina.cloudformation.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A template's text (JSON or YAML) as a JSON document, CloudFormation's short-form tags written out
 * as the long form: {@code !Ref X} is {@code {"Ref": "X"}}, {@code !GetAtt A.B} is
 * {@code {"Fn::GetAtt": ["A", "B"]}}, {@code !Sub s} is {@code {"Fn::Sub": "s"}}, {@code !Condition c}
 * is {@code {"Condition": "c"}}, any other {@code !Name} is {@code {"Fn::Name": …}}. Pure.
 */
public final class TemplateText {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TemplateText() {}

    /** The document; throws {@code ValidationError} "Template format error: …" when the text is neither. */
    public static ObjectNode parse(String text) {
        if (text == null || text.isBlank()) {
            throw TemplateErrors.format("the template is empty");
        }
        JsonNode doc;
        if (text.stripLeading().startsWith("{")) {
            try {
                doc = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw TemplateErrors.format(
                        "JSON not well-formed. (line " + e.getLocation().getLineNr() + ", column "
                                + e.getLocation().getColumnNr() + ")");
            }
        } else {
            try {
                LoaderOptions options = new LoaderOptions();
                options.setAllowDuplicateKeys(false);
                Node root = new Yaml(options).compose(new StringReader(text));
                doc = root == null ? null : node(root);
            } catch (YAMLException e) {
                throw TemplateErrors.format("YAML not well-formed. " + firstLine(e.getMessage()));
            }
        }
        if (!(doc instanceof ObjectNode object)) {
            throw TemplateErrors.format("the template is not a JSON object or a YAML mapping");
        }
        return object;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    private static JsonNode node(Node node) {
        Tag tag = node.getTag();
        String name = tag.getValue();
        if (name.startsWith("!")) {
            String function = name.substring(1);
            JsonNode value = function.equals("GetAtt") && node instanceof ScalarNode scalar
                    ? getAtt(scalar.getValue())
                    : plain(node);
            String key = function.equals("Ref") || function.equals("Condition") ? function : "Fn::" + function;
            return NODES.objectNode().set(key, value);
        }
        return plain(node);
    }

    private static ArrayNode getAtt(String dotted) {
        int dot = dotted.indexOf('.');
        ArrayNode out = NODES.arrayNode();
        return dot < 0 ? out.add(dotted) : out.add(dotted.substring(0, dot)).add(dotted.substring(dot + 1));
    }

    private static JsonNode plain(Node node) {
        return switch (node) {
            case MappingNode mapping -> {
                ObjectNode out = NODES.objectNode();
                for (NodeTuple tuple : mapping.getValue()) {
                    if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                        throw TemplateErrors.format("a mapping key is not a string");
                    }
                    out.set(key.getValue(), node(tuple.getValueNode()));
                }
                yield out;
            }
            case SequenceNode sequence -> {
                ArrayNode out = NODES.arrayNode();
                sequence.getValue().forEach(item -> out.add(node(item)));
                yield out;
            }
            case ScalarNode scalar -> scalar(scalar);
            default -> throw TemplateErrors.format("YAML anchors and aliases are not supported");
        };
    }

    private static JsonNode scalar(ScalarNode scalar) {
        String value = scalar.getValue();
        Tag tag = scalar.getTag();
        try {
            if (tag.equals(Tag.INT)) {
                // as JSON reads it back (an int when it fits), so a stored template equals a parsed one
                long number = Long.parseLong(value.replace("_", ""));
                return number == (int) number ? NODES.numberNode((int) number) : NODES.numberNode(number);
            }
            if (tag.equals(Tag.FLOAT)) {
                return NODES.numberNode(Double.parseDouble(value.replace("_", "")));
            }
        } catch (NumberFormatException e) {
            return NODES.textNode(value); // octal, sexagesimal and the like: CloudFormation takes them as text
        }
        if (tag.equals(Tag.BOOL)) {
            return NODES.booleanNode(value.equalsIgnoreCase("true")
                    || value.equalsIgnoreCase("yes")
                    || value.equalsIgnoreCase("on")
                    || value.equalsIgnoreCase("y"));
        }
        if (tag.equals(Tag.NULL)) {
            return NODES.nullNode();
        }
        return NODES.textNode(value);
    }
}

package dev.lamina.lambda.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import dev.lamina.lambda.LambdaErrors;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON request body with typed, validating accessors: a member of the wrong type is an
 * InvalidParameterValueException naming the member, a body that is not a JSON object an
 * InvalidRequestContentException.
 */
final class RequestBody {
    private final ObjectNode root;

    private RequestBody(ObjectNode root) {
        this.root = root;
    }

    static RequestBody parse(ObjectMapper json, byte[] body) {
        if (body.length == 0) {
            return new RequestBody(json.createObjectNode());
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw LambdaErrors.invalidRequestContent(
                    "Could not parse request body into json: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw LambdaErrors.invalidRequestContent("Could not read request body: " + e.getMessage());
        }
        if (node == null || node.isMissingNode()) {
            return new RequestBody(json.createObjectNode());
        }
        if (!(node instanceof ObjectNode object)) {
            throw LambdaErrors.invalidRequestContent("Could not parse request body into json: expected a JSON object");
        }
        return new RequestBody(object);
    }

    boolean has(String member) {
        JsonNode n = root.get(member);
        return n != null && !n.isNull();
    }

    String string(String member) {
        JsonNode n = root.get(member);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw wrongType(member, "a string");
        }
        return n.textValue();
    }

    Integer integer(String member) {
        return integer(root, member, member);
    }

    Boolean bool(String member) {
        JsonNode n = root.get(member);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isBoolean()) {
            throw wrongType(member, "a boolean");
        }
        return n.booleanValue();
    }

    RequestBody object(String member) {
        JsonNode n = root.get(member);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!(n instanceof ObjectNode o)) {
            throw wrongType(member, "an object");
        }
        return new RequestBody(o);
    }

    Map<String, String> stringMap(String member) {
        JsonNode n = root.get(member);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw wrongType(member, "a map of strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (var e : n.properties()) {
            if (!e.getValue().isTextual()) {
                throw wrongType(member + "." + e.getKey(), "a string");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    List<String> stringList(String member) {
        JsonNode n = root.get(member);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            throw wrongType(member, "a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : n) {
            if (!item.isTextual()) {
                throw wrongType(member, "a list of strings");
            }
            out.add(item.textValue());
        }
        return out;
    }

    /** An array of objects, or {@code null} when absent. */
    List<RequestBody> objects(String member) {
        JsonNode n = root.get(member);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            throw wrongType(member, "a list");
        }
        List<RequestBody> out = new ArrayList<>();
        for (JsonNode item : n) {
            if (!(item instanceof ObjectNode o)) {
                throw LambdaErrors.invalidParameter(
                        "Invalid type for parameter " + member + ", value: " + item + ", valid types: <class 'dict'>");
            }
            out.add(new RequestBody(o));
        }
        return out;
    }

    /** The member names of this object, in order. */
    List<String> names() {
        List<String> out = new ArrayList<>();
        root.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** A number member as a double. */
    Double number(String member) {
        JsonNode n = root.get(member);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isNumber()) {
            throw wrongType(member, "a number");
        }
        return n.doubleValue();
    }

    /** A base64 blob member, decoded. */
    byte[] blob(String member) {
        String text = string(member);
        if (text == null) {
            return null;
        }
        try {
            return Base64.getMimeDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw LambdaErrors.invalidParameter("Value at '" + member + "' is not valid base64: " + e.getMessage());
        }
    }

    private static Integer integer(JsonNode parent, String member, String path) {
        JsonNode n = parent.get(member);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw wrongType(path, "an integer");
        }
        return n.intValue();
    }

    private static AwsException wrongType(String member, String expected) {
        return LambdaErrors.invalidParameter("Value at '" + lowerFirst(member) + "' must be " + expected + ".");
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}

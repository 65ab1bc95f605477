package dev.lamina.edge.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * AWS's CBOR encoding of a JSON protocol ({@code application/x-amz-cbor-1.1}), which the SDKs send to
 * some JSON 1.1 APIs (Kinesis) to save the base64 of blobs: the same documents, as CBOR maps. A blob
 * arrives as a byte string ({@link com.fasterxml.jackson.databind.JsonNode#binaryValue} reads it, as
 * it reads JSON's base64 text).
 *
 * <p>A timestamp arrives as tag 1 over a number. The AWS SDK for Java writes epoch milliseconds there
 * (RFC 8949 says seconds, which a float under the tag is taken to be); the document read holds epoch
 * seconds with a fraction, as JSON's does, so {@link EpochTimestamp#read} reads both alike. Example:
 * {@code c1 1b 00000193a16b8bc3} (tag 1, 1733580000195) reads as {@code 1733580000.195}.
 */
public final class Cbor extends DocumentProtocol {
    public static final Cbor INSTANCE = new Cbor();

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int EPOCH_TAG = 1;

    private Cbor() {
        super(
                "application/x-amz-cbor-1.1",
                new CBORMapper(CBORFactory.builder().recyclerPool(BUFFERS).build()));
    }

    @Override
    public DocumentProtocol forContentType(String requestContentType) {
        return this;
    }

    @Override
    JsonNode tree(byte[] body) throws IOException {
        try (JsonParser parser = mapper().createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return NODES.objectNode();
            }
            JsonNode tree = value((CBORParser) parser, first);
            if (parser.nextToken() != null) {
                throw new IOException("more than one value in the body");
            }
            return tree;
        }
    }

    private static JsonNode value(CBORParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String name = parser.currentName();
                    object.set(name, value(parser, parser.nextToken()));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    array.add(value(parser, t));
                }
                yield array;
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number(parser, token);
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_EMBEDDED_OBJECT -> NODES.binaryNode(parser.getBinaryValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new IOException("unexpected " + token);
        };
    }

    private static JsonNode number(CBORParser parser, JsonToken token) throws IOException {
        if (parser.getCurrentTag() == EPOCH_TAG) {
            return NODES.numberNode(
                    token == JsonToken.VALUE_NUMBER_INT
                            ? new BigDecimal(parser.getBigIntegerValue()).movePointLeft(3)
                            : parser.getDecimalValue());
        }
        return switch (parser.getNumberType()) {
            case INT -> NODES.numberNode(parser.getIntValue());
            case LONG -> NODES.numberNode(parser.getLongValue());
            case BIG_INTEGER -> NODES.numberNode(parser.getBigIntegerValue());
            case FLOAT, DOUBLE -> NODES.numberNode(parser.getDoubleValue());
            case BIG_DECIMAL -> NODES.numberNode(parser.getDecimalValue());
        };
    }
}

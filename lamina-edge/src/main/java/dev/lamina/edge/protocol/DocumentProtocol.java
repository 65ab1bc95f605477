package dev.lamina.edge.protocol;

import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.util.RecyclerPool;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import java.io.IOException;
import java.util.Map;

/**
 * A protocol whose requests and responses are documents, so that an API built on it is written once
 * over Jackson's {@link JsonNode}: AWS JSON 1.0 and 1.1 ({@link AwsJson}) and CBOR ({@link Cbor}),
 * which an SDK may send to a JSON API instead (Kinesis, CloudWatch). An error is the document
 * {@code {"__type": code, "message": …}} with the error's fields, and the code in
 * {@code x-amzn-ErrorType} too: the Java SDK reads the header first, botocore the body.
 */
public abstract sealed class DocumentProtocol implements Protocol permits AwsJson, Cbor {
    /**
     * The buffers every protocol's parsers and generators borrow. Jackson's default pool keeps them
     * per thread, and each request runs on a virtual thread of its own, so each parse and each answer
     * allocated and zeroed fresh buffers (generator creation was a tenth of an SQS send's samples);
     * one shared pool lends them across threads.
     */
    static final RecyclerPool<BufferRecycler> BUFFERS = JsonRecyclerPools.sharedConcurrentDequePool();

    private final String contentType;
    private final ObjectMapper mapper;

    DocumentProtocol(String contentType, ObjectMapper mapper) {
        this.contentType = contentType;
        this.mapper = mapper;
    }

    /** The media type of this protocol's bodies, e.g. {@code application/x-amz-json-1.1}. */
    public String contentType() {
        return contentType;
    }

    /**
     * The protocol to answer a request with whose {@code Content-Type} is {@code requestContentType}
     * ({@code null} when it has none): a JSON API answers CBOR to a client that sent CBOR.
     */
    public abstract DocumentProtocol forContentType(String requestContentType);

    /**
     * A request's body as a document; an empty body is an empty object. Throws a 400
     * {@code SerializationException} when the body is not a document of this protocol.
     */
    public JsonNode read(byte[] body) {
        if (body.length == 0) {
            return mapper.createObjectNode();
        }
        try {
            return tree(body);
        } catch (IOException e) {
            throw new AwsException(400, "SerializationException", "Could not parse request body: " + e.getMessage());
        }
    }

    /** {@code body} (not empty) as a document; {@link Cbor} reads its timestamps' tags too. */
    JsonNode tree(byte[] body) throws IOException {
        return mapper.readTree(body);
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /** A successful response: 200 with {@code document} as its body. */
    public WireResponse write(JsonNode document) {
        return new WireResponse(200, Map.of("Content-Type", contentType), bytes(document));
    }

    @Override
    public WireResponse error(AwsException error, String requestId) {
        ObjectNode body = mapper.createObjectNode();
        body.put("__type", error.code());
        body.put("message", error.getMessage());
        error.fields().forEach(body::put);
        error.documents().forEach((name, value) -> body.set(name, mapper.valueToTree(value)));
        return new WireResponse(
                error.status(),
                Map.of("Content-Type", contentType, ERROR_TYPE, error.code(), REQUEST_ID, requestId),
                bytes(body));
    }

    private byte[] bytes(JsonNode document) {
        try {
            return mapper.writeValueAsBytes(document);
        } catch (IOException e) {
            // a tree of Jackson's own nodes always serialises; nothing here touches I/O
            throw new IllegalStateException(e);
        }
    }
}

package dev.lamina.edge.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The rest-json protocol's errors (Lambda, API Gateway): the code in {@code x-amzn-ErrorType}, where
 * botocore and the Java SDK read it, and a JSON body {@code {"message": …}} with the error's fields.
 * A service whose errors say more, as Lambda's do, declares a {@link Flavour}.
 */
public final class RestJson implements Protocol {
    /** The protocol's own shape, with nothing added. */
    public static final RestJson PLAIN = new RestJson(Flavour.NONE);

    private static final ObjectMapper JSON = new ObjectMapper(
            JsonFactory.builder().recyclerPool(DocumentProtocol.BUFFERS).build());

    private final Flavour flavour;

    public RestJson(Flavour flavour) {
        this.flavour = flavour;
    }

    /**
     * What a service's error bodies carry beyond the message, in this order: Lambda writes
     * {@code {"__type": code, "Type": "User", "Message": …}}, but lower-case {@code message} for most
     * codes and no {@code Type} for a ValidationException, and asks a throttled client to wait a
     * second, as real Lambda's answers do.
     *
     * @param typeInBody the code also as {@code __type} in the body
     * @param faultType {@code Type}: {@code User} for a 4xx, {@code Service} for a 5xx
     * @param untyped the codes that get no {@code Type} even so
     * @param capitalisedMessage the codes whose message is {@code Message} rather than {@code message}
     * @param retryAfterSeconds a 429's {@code Retry-After}, or 0 for none
     */
    public record Flavour(
            boolean typeInBody,
            boolean faultType,
            Set<String> untyped,
            Set<String> capitalisedMessage,
            int retryAfterSeconds) {
        public static final Flavour NONE = new Flavour(false, false, Set.of(), Set.of(), 0);

        public Flavour {
            untyped = Set.copyOf(untyped);
            capitalisedMessage = Set.copyOf(capitalisedMessage);
            if (retryAfterSeconds < 0) {
                throw new IllegalArgumentException("Retry-After is not negative: " + retryAfterSeconds);
            }
        }
    }

    @Override
    public WireResponse error(AwsException error, String requestId) {
        String code = error.code();
        ObjectNode body = JSON.createObjectNode();
        if (flavour.typeInBody()) {
            body.put("__type", code);
        }
        if (flavour.faultType() && !flavour.untyped().contains(code)) {
            body.put("Type", error.fault() == AwsException.Fault.RECEIVER ? "Service" : "User");
        }
        body.put(flavour.capitalisedMessage().contains(code) ? "Message" : "message", error.getMessage());
        error.fields().forEach(body::put);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put(ERROR_TYPE, code);
        headers.put(REQUEST_ID, requestId);
        if (error.status() == 429 && flavour.retryAfterSeconds() > 0) {
            headers.put("Retry-After", Integer.toString(flavour.retryAfterSeconds()));
        }
        try {
            return new WireResponse(error.status(), headers, JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            // a tree of Jackson's own nodes always serialises; nothing here touches I/O
            throw new IllegalStateException(e);
        }
    }
}

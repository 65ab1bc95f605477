package dev.lamina.api.lambda;

import dev.lamina.edge.AwsException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque pagination markers: the base64 of the last item's sort key. */
final class Markers {
    private Markers() {}

    static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    static String decode(String marker) {
        try {
            return new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw AwsException.invalidParameter("Invalid marker: " + marker);
        }
    }
}

package dev.lamina.lambda.api;

import dev.lamina.core.AwsException;
import dev.lamina.edge.HttpRequest;
import dev.lamina.lambda.LambdaErrors;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Lambda's pagination: {@code Marker} and {@code MaxItems} in, {@code NextMarker} out. Markers are
 * opaque to clients: the base64 of the last item's sort key.
 */
final class Markers {
    private Markers() {}

    /** One page of a list and the marker of the next page ({@code null} on the last page). */
    record Page<T>(List<T> items, String nextMarker) {}

    /**
     * The page a request asks for of {@code sorted}, ordered by {@code key}; at most {@code pageSize}
     * items whatever MaxItems says, as Lambda caps its pages.
     */
    static <T> Page<T> page(List<T> sorted, Function<T, String> key, HttpRequest request, int pageSize) {
        String maxText = request.queryParam("MaxItems");
        int max = pageSize;
        if (maxText != null) {
            try {
                max = Integer.parseInt(maxText);
            } catch (NumberFormatException e) {
                throw LambdaErrors.invalidParameter("Value '" + maxText + "' at 'maxItems' must be an integer.");
            }
            if (max < 1 || max > 10000) {
                throw LambdaErrors.invalidParameter("1 validation error detected: Value '" + max
                        + "' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 10000");
            }
            max = Math.min(max, pageSize);
        }
        return page(sorted, key, request.queryParam("Marker"), max);
    }

    /** The page after {@code marker} (none: the first) of at most {@code max} items. */
    static <T> Page<T> page(List<T> sorted, Function<T, String> key, String marker, int max) {
        int start = 0;
        if (marker != null && !marker.isEmpty()) {
            String after = decode(marker);
            start = sorted.size();
            for (int i = 0; i < sorted.size(); i++) {
                if (key.apply(sorted.get(i)).compareTo(after) > 0) {
                    start = i;
                    break;
                }
            }
        }
        int end = Math.min(sorted.size(), start + max);
        String next = end < sorted.size() ? encode(key.apply(sorted.get(end - 1))) : null;
        return new Page<>(sorted.subList(start, end), next);
    }

    /**
     * The request's MaxItems, {@code modelMax} when absent; outside 1 to {@code modelMax} (the API
     * model's range for the operation) a ValidationException.
     */
    static int maxItems(HttpRequest request, int modelMax) {
        String text = request.queryParam("MaxItems");
        if (text == null) {
            return modelMax;
        }
        int max;
        try {
            max = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw AwsException.validation("1 validation error detected: Value '" + text
                    + "' at 'maxItems' failed to satisfy constraint: Member must be a number");
        }
        if (max < 1 || max > modelMax) {
            String bound = max < 1 ? "greater than or equal to 1" : "less than or equal to " + modelMax;
            throw AwsException.validation("1 validation error detected: Value '" + max
                    + "' at 'maxItems' failed to satisfy constraint: Member must have value " + bound);
        }
        return max;
    }

    static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    static String decode(String marker) {
        try {
            return new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw LambdaErrors.invalidParameter("Invalid marker: " + marker);
        }
    }
}

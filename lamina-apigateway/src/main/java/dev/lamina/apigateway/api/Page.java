package dev.lamina.apigateway.api;

import dev.lamina.core.AwsException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * One page of a Get… list in API Gateway's v2 API ({@code maxResults}, {@code nextToken}): without
 * {@code maxResults}, everything from the token on; with it, at most that many, and a token for the
 * rest when there is more. The token is opaque to the caller; it holds the index of the page's first
 * item, so an item deleted between two calls shifts the next page by one.
 *
 * @param nextToken the token of the next page, or {@code null} on the last
 */
record Page<T>(List<T> items, String nextToken) {
    private static final String PREFIX = "from:";

    /**
     * The page of {@code all} that {@code maxResults} and {@code nextToken} (as the request gave them,
     * either {@code null}) ask for.
     *
     * @throws AwsException BadRequestException for a {@code maxResults} that is not a positive number or
     *     a token this did not make
     */
    static <T> Page<T> of(List<T> all, String maxResults, String nextToken) {
        int from = nextToken == null ? 0 : from(nextToken);
        int size = Integer.MAX_VALUE;
        if (maxResults != null) {
            try {
                size = Integer.parseInt(maxResults);
            } catch (NumberFormatException e) {
                size = 0;
            }
            if (size < 1) {
                throw new AwsException(
                        400, "BadRequestException", "Invalid maxResults " + maxResults + ": a number from 1 on.");
            }
        }
        int start = Math.min(from, all.size());
        int end = (int) Math.min((long) start + size, all.size());
        String next = end < all.size() ? token(end) : null;
        return new Page<>(all.subList(start, end), next);
    }

    private static String token(int index) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((PREFIX + index).getBytes(StandardCharsets.UTF_8));
    }

    private static int from(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith(PREFIX)) {
                int index = Integer.parseInt(text.substring(PREFIX.length()));
                if (index >= 0) {
                    return index;
                }
            }
        } catch (IllegalArgumentException e) {
            // not a token of ours: refused below
        }
        throw new AwsException(400, "BadRequestException", "Invalid nextToken " + token + ".");
    }
}

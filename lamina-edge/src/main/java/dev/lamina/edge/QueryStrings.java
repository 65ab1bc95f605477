package dev.lamina.edge;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The {@code application/x-www-form-urlencoded} text of a query string or of a query-protocol form
 * body ({@code a=b&c=d}): pairs split on {@code &}, empty pairs skipped, a pair without {@code =}
 * has the value {@code ""}, names and values percent-decoded with {@code +} as a space. Pure.
 *
 * <p>Example: {@code a=1&&a=x+y&flag&k%3Dv=%3D} is {@code a: [1, "x y"], flag: [""], "k=v": ["="]}
 * as a query, and {@code a: 1, flag: "", "k=v": "="} as a form.
 */
public final class QueryStrings {
    private QueryStrings() {}

    /**
     * A query string's parameters, each name with its values in the order sent ({@code null} or
     * empty: none). Throws {@link Malformed} on a bad percent escape.
     */
    public static Map<String, List<String>> parseQuery(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        forEachPair(
                raw,
                (name, value) ->
                        out.computeIfAbsent(name, x -> new ArrayList<>(1)).add(value));
        return out;
    }

    /**
     * A query-protocol form's parameters in the order sent, the first value of each name ({@code null}
     * or empty: none). Throws {@link Malformed} on a bad percent escape; each service words that
     * refusal in its own error.
     */
    public static Map<String, String> parseForm(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw != null && !raw.isEmpty()) {
            forEachPair(raw, out::putIfAbsent);
        }
        return out;
    }

    private static void forEachPair(String raw, BiConsumer<String, String> each) {
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(pair, eq < 0 ? pair : pair.substring(0, eq));
            each.accept(name, eq < 0 ? "" : decode(pair, pair.substring(eq + 1)));
        }
    }

    private static String decode(String pair, String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Malformed(pair, text, e);
        }
    }

    /** A pair that cannot be decoded: the whole pair, and its name or value that failed. */
    public static final class Malformed extends IllegalArgumentException {
        private final String pair;
        private final String undecodable;

        Malformed(String pair, String undecodable, IllegalArgumentException cause) {
            super("not URL-encoded: " + pair, cause);
            this.pair = pair;
            this.undecodable = undecodable;
        }

        public String pair() {
            return pair;
        }

        public String undecodable() {
            return undecodable;
        }
    }
}

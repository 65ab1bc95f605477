package dev.lamina.edge;

import java.util.Locale;

/**
 * Which request bodies an HTTP event (function URLs, API Gateway) carries as text rather than as
 * base64: {@code text/*}, JSON, XML and JavaScript, with or without parameters; anything else, a
 * missing type included, goes as base64 with {@code isBase64Encoded} true, as AWS sends them.
 */
public final class TextBodies {
    private TextBodies() {}

    /** Whether a body of {@code contentType} (a header's value, or {@code null}) is sent as text. */
    public static boolean isText(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        int semi = type.indexOf(';');
        if (semi >= 0) {
            type = type.substring(0, semi);
        }
        type = type.strip();
        return type.startsWith("text/")
                || type.equals("application/json")
                || type.equals("application/xml")
                || type.equals("application/javascript")
                || type.endsWith("+json")
                || type.endsWith("+xml");
    }
}

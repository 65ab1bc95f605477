package dev.lamina.lambda.environment;

import java.nio.charset.StandardCharsets;

/** The error documents the platform itself returns ({@code {"errorMessage":…,"errorType":…}}). */
final class ErrorDocuments {
    private ErrorDocuments() {}

    static byte[] of(String type, String message) {
        String json = "{\"errorMessage\":" + quote(message) + ",\"errorType\":" + quote(type) + "}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}

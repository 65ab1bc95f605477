package dev.lamina.logs;

import java.nio.charset.StandardCharsets;

/**
 * How log groups, streams and events are written as files: names percent-encoded into file names,
 * and each event's message escaped into one line.
 */
final class LogFiles {
    private LogFiles() {}

    /**
     * A log group or stream name as a file name: safe characters kept, the rest percent-encoded. The
     * names {@code .} and {@code ..} (which the APIs' patterns allow) are encoded whole: as they are,
     * they would name the directory itself or its parent, the node's data directory.
     */
    static String fileName(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 8);
        boolean dotsOnly = name.equals(".") || name.equals("..");
        for (char c : name.toCharArray()) {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_' || (c == '.' && !dotsOnly)) {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", (int) c));
            }
        }
        return sb.toString();
    }

    /** The stream a segment's file belongs to: {@code ~} never occurs in an encoded name, so it ends it. */
    static String streamName(String fileName) {
        String base = fileName.endsWith(LogStore.SUFFIX)
                ? fileName.substring(0, fileName.length() - LogStore.SUFFIX.length())
                : fileName;
        int sealed = base.indexOf('~');
        return decode(sealed < 0 ? base : base.substring(0, sealed));
    }

    static String decode(String fileName) {
        return java.net.URLDecoder.decode(fileName.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    static String escape(String message) {
        if (message.indexOf('\\') < 0 && message.indexOf('\n') < 0 && message.indexOf('\r') < 0) {
            return message;
        }
        return message.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    static String unescape(String stored) {
        if (stored.indexOf('\\') < 0) {
            return stored;
        }
        StringBuilder sb = new StringBuilder(stored.length());
        for (int i = 0; i < stored.length(); i++) {
            char c = stored.charAt(i);
            if (c == '\\' && i + 1 < stored.length()) {
                char n = stored.charAt(++i);
                sb.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}

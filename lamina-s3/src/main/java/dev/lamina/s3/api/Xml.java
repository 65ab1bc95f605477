package dev.lamina.s3.api;

import dev.lamina.edge.HttpResponse;
import dev.lamina.edge.protocol.XmlText;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** Writes one of S3's XML answers: a root in S3's namespace, elements with escaped text. */
final class Xml {
    static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final StringBuilder out = new StringBuilder(1024);
    private final String root;

    private Xml(String root) {
        this.root = root;
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<")
                .append(root)
                .append(" xmlns=\"")
                .append(NAMESPACE)
                .append("\">");
    }

    static Xml document(String root) {
        return new Xml(root);
    }

    Xml open(String name) {
        out.append('<').append(name).append('>');
        return this;
    }

    Xml close(String name) {
        out.append("</").append(name).append('>');
        return this;
    }

    Xml element(String name, String text) {
        open(name);
        XmlText.escape(out, text);
        return close(name);
    }

    /** Text right inside the current element. */
    Xml text(String text) {
        XmlText.escape(out, text);
        return this;
    }

    Xml element(String name, long value) {
        return element(name, Long.toString(value));
    }

    /** The element only when {@code text} is not {@code null}. */
    Xml optional(String name, String text) {
        return text == null ? this : element(name, text);
    }

    /** S3's timestamps in XML: ISO 8601 with milliseconds, UTC. */
    static String time(Instant instant) {
        return ISO.format(instant);
    }

    HttpResponse response() {
        out.append("</").append(root).append('>');
        return new HttpResponse(
                200, Map.of("Content-Type", "application/xml"), out.toString().getBytes(StandardCharsets.UTF_8));
    }
}

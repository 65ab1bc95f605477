package dev.lamina.edge.protocol;

/**
 * Text in XML elements, as the query and rest-xml protocols write it: escaped, no library needed.
 * For the protocols' errors here and for the answers of the services that speak them.
 */
public final class XmlText {
    private XmlText() {}

    /** Appends {@code <name>text</name>}, the text escaped ({@code null} as empty). */
    public static StringBuilder element(StringBuilder out, String name, String text) {
        out.append('<').append(name).append('>');
        escape(out, text);
        return out.append("</").append(name).append('>');
    }

    /** Appends {@code text} escaped for element content or an attribute value. */
    public static void escape(StringBuilder out, String text) {
        if (text == null) {
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                // a parser turns a raw carriage return into a line feed; the reference keeps it
                case '\r' -> out.append("&#xD;");
                default -> out.append(c);
            }
        }
    }
}

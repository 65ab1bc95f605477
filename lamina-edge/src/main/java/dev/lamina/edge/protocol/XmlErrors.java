package dev.lamina.edge.protocol;

import dev.lamina.core.AwsException;

/** Writing the XML of the query and rest-xml errors: elements with escaped text, no library needed. */
final class XmlErrors {
    private XmlErrors() {}

    /** {@code <name>text</name>}, the text escaped. */
    static StringBuilder element(StringBuilder out, String name, String text) {
        out.append('<').append(name).append('>');
        escape(out, text);
        return out.append("</").append(name).append('>');
    }

    /** The code, the message, then each of the error's fields as an element of its own. */
    static StringBuilder codeMessageAndFields(StringBuilder out, AwsException error) {
        element(out, "Code", error.code());
        return messageAndFields(out, error);
    }

    /** The message, then each of the error's fields as an element of its own. */
    static StringBuilder messageAndFields(StringBuilder out, AwsException error) {
        element(out, "Message", error.getMessage());
        error.fields().forEach((name, value) -> element(out, name, value));
        return out;
    }

    private static void escape(StringBuilder out, String text) {
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
                default -> out.append(c);
            }
        }
    }
}

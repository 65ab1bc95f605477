package dev.lamina.edge.protocol;

import dev.lamina.core.AwsException;

/** Writing the XML of the query and rest-xml errors (and S3's answers): elements with escaped text, no library needed. */
public final class XmlErrors {
    private XmlErrors() {}

    /** {@code <name>text</name>}, the text escaped. */
    static StringBuilder element(StringBuilder out, String name, String text) {
        return XmlText.element(out, name, text);
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
}

package dev.lamina.cloudformation.api;

import dev.lamina.edge.protocol.Query;
import dev.lamina.edge.protocol.XmlText;
import java.time.Instant;
import java.util.Collection;
import java.util.function.Consumer;

/**
 * A query-protocol answer being written: {@code <ActionResponse xmlns=…><ActionResult>…</ActionResult>
 * <ResponseMetadata><RequestId>…</RequestId></ResponseMetadata></ActionResponse>}. Elements whose
 * value is {@code null} are left out, as AWS leaves out members it has no value for.
 */
final class XmlAnswer {
    static final String NAMESPACE = "http://cloudformation.amazonaws.com/doc/2010-05-15/";

    private final StringBuilder xml = new StringBuilder(1024);

    XmlAnswer text(String name, String value) {
        if (value != null) {
            XmlText.element(xml, name, value);
        }
        return this;
    }

    XmlAnswer time(String name, Instant value) {
        return text(name, value == null ? null : value.toString());
    }

    XmlAnswer open(String name) {
        xml.append('<').append(name).append('>');
        return this;
    }

    XmlAnswer close(String name) {
        xml.append("</").append(name).append('>');
        return this;
    }

    /** {@code <name><member>…</member>…</name>}, each member written by {@code member}. */
    <T> XmlAnswer members(String name, Collection<T> items, Consumer<T> member) {
        open(name);
        for (T item : items) {
            open("member");
            member.accept(item);
            close("member");
        }
        return close(name);
    }

    /** A list of strings, {@code <name><member>a</member></name>}. */
    XmlAnswer strings(String name, Collection<String> items) {
        return members(name, items, item -> XmlText.escape(xml, item));
    }

    /** The whole answer to {@code action}, its result being what was written so far. */
    String response(String action, String requestId, boolean hasResult) {
        return Query.answer(NAMESPACE, action, hasResult ? xml : null, requestId);
    }
}

package dev.lamina.s3.api;

import dev.lamina.s3.S3Errors;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Reads the small XML documents S3 takes ({@code Delete}, {@code CompleteMultipartUpload},
 * {@code CreateBucketConfiguration}) with the JDK's parser, DTDs and external entities refused.
 * Elements are matched by local name, whatever their namespace. A document that does not parse is
 * S3's 400 {@code MalformedXML}.
 */
final class XmlInput {
    private XmlInput() {}

    /** The document's root element. */
    static Element parse(byte[] xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new ByteArrayInputStream(xml)).getDocumentElement();
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw S3Errors.malformedXml();
        }
    }

    /** The child elements of {@code parent} named {@code name}. */
    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(localName(e))) {
                out.add(e);
            }
        }
        return out;
    }

    /** The text of the first child named {@code name}, or {@code null}. */
    static String text(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.getFirst().getTextContent();
    }

    static String localName(Element e) {
        return e.getLocalName() != null ? e.getLocalName() : e.getNodeName();
    }
}

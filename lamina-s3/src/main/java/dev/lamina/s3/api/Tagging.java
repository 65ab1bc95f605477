package dev.lamina.s3.api;

import dev.lamina.core.AwsException;
import dev.lamina.edge.HttpResponse;
import dev.lamina.s3.S3Errors;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.w3c.dom.Element;

/**
 * An object's tags as S3 takes them: the {@code Tagging} document of PutObjectTagging, or the
 * {@code x-amz-tagging} header of PutObject and CopyObject ({@code k1=v1&k2=v2}, URL-encoded); at most
 * 10, keys of 1 to 128 characters and values of up to 256, no key twice ({@code InvalidTag}).
 */
final class Tagging {
    static final int MAX_TAGS = 10;

    private Tagging() {}

    /** The tags of an {@code x-amz-tagging} header; none when it is absent. */
    static Map<String, String> header(String header) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (header == null || header.isEmpty()) {
            return tags;
        }
        for (String pair : header.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            add(tags, key, value);
        }
        return check(tags);
    }

    /** The tags of a {@code Tagging} document. */
    static Map<String, String> document(byte[] xml) {
        Element root = XmlInput.parse(xml);
        if (!XmlInput.localName(root).equals("Tagging")) {
            throw S3Errors.malformedXml();
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (Element set : XmlInput.children(root, "TagSet")) {
            for (Element tag : XmlInput.children(set, "Tag")) {
                String key = XmlInput.text(tag, "Key");
                String value = XmlInput.text(tag, "Value");
                if (key == null || value == null) {
                    throw S3Errors.malformedXml();
                }
                add(tags, key, value);
            }
        }
        return check(tags);
    }

    private static void add(Map<String, String> tags, String key, String value) {
        if (tags.put(key, value) != null) {
            throw invalid("Cannot provide multiple Tags with the same key");
        }
    }

    private static Map<String, String> check(Map<String, String> tags) {
        if (tags.size() > MAX_TAGS) {
            throw new AwsException(400, "BadRequest", "Object tags cannot be greater than 10");
        }
        tags.forEach((key, value) -> {
            if (key.isEmpty() || key.length() > 128) {
                throw invalid("The TagKey you have provided is invalid");
            }
            if (value.length() > 256) {
                throw invalid("The TagValue you have provided is invalid");
            }
        });
        return tags;
    }

    private static AwsException invalid(String message) {
        return new AwsException(400, "InvalidTag", message);
    }

    static HttpResponse render(Map<String, String> tags) {
        Xml xml = Xml.document("Tagging").open("TagSet");
        tags.forEach(
                (k, v) -> xml.open("Tag").element("Key", k).element("Value", v).close("Tag"));
        return xml.close("TagSet").response();
    }
}

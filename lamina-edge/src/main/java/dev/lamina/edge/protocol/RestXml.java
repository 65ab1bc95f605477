package dev.lamina.edge.protocol;

import dev.lamina.core.AwsException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The rest-xml protocol's errors as S3 writes them: {@code application/xml}, a root {@code <Error>}
 * with {@code <Code>} and {@code <Message>} (the SDKs read both there), the error's fields, and
 * {@code <RequestId>}; the request id also in {@code x-amz-request-id}, S3's header for it.
 */
public final class RestXml implements Protocol {
    public static final RestXml S3 = new RestXml();

    /** The header S3 carries the request id in, instead of {@link Protocol#REQUEST_ID}. */
    public static final String S3_REQUEST_ID = "x-amz-request-id";

    private RestXml() {}

    @Override
    public WireResponse error(AwsException error, String requestId) {
        StringBuilder xml = new StringBuilder(256).append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>");
        XmlErrors.codeMessageAndFields(xml, error);
        XmlErrors.element(xml, "RequestId", requestId).append("</Error>");
        return new WireResponse(
                error.status(),
                Map.of("Content-Type", "application/xml", S3_REQUEST_ID, requestId),
                xml.toString().getBytes(StandardCharsets.UTF_8));
    }
}

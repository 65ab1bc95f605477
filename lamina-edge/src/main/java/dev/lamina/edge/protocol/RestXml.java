package dev.lamina.edge.protocol;

import dev.lamina.core.AwsException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The rest-xml protocol's errors as S3 writes them: {@code application/xml}, a root {@code <Error>}
 * with {@code <Code>} and {@code <Message>} (the SDKs read both there), the error's fields, and
 * {@code <RequestId>}; the request id also in {@code x-amz-request-id}, S3's header for it. The
 * errors the edge itself raises in the words of the other AWS APIs (a bad signature, an unknown
 * operation, a failure) come in S3's words: {@code SignatureDoesNotMatch},
 * {@code InvalidAccessKeyId}, {@code AccessDenied}, {@code NotImplemented}, {@code InternalError}.
 */
public final class RestXml implements Protocol {
    public static final RestXml S3 = new RestXml();

    /** The header S3 carries the request id in, instead of {@link Protocol#REQUEST_ID}. */
    public static final String S3_REQUEST_ID = "x-amz-request-id";

    /** The edge's own codes as S3 says them, with S3's status where it differs. */
    private static final Map<String, S3Code> S3_CODES = Map.of(
            "InvalidSignatureException", new S3Code(403, "SignatureDoesNotMatch"),
            "UnrecognizedClientException", new S3Code(403, "InvalidAccessKeyId"),
            "MissingAuthenticationTokenException", new S3Code(403, "AccessDenied"),
            "IncompleteSignatureException", new S3Code(400, "AuthorizationHeaderMalformed"),
            "UnknownOperationException", new S3Code(501, "NotImplemented"),
            "RequestTooLargeException", new S3Code(400, "EntityTooLarge"),
            "BadRequestException", new S3Code(400, "InvalidRequest"),
            "ServiceException", new S3Code(500, "InternalError"));

    private record S3Code(int status, String code) {}

    private RestXml() {}

    @Override
    public WireResponse error(AwsException original, String requestId) {
        S3Code s3 = S3_CODES.get(original.code());
        AwsException error = s3 == null
                ? original
                : new AwsException(s3.status(), s3.code(), original.getMessage(), original.fields());
        StringBuilder xml = new StringBuilder(256).append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>");
        XmlErrors.codeMessageAndFields(xml, error);
        XmlErrors.element(xml, "RequestId", requestId).append("</Error>");
        return new WireResponse(
                error.status(),
                Map.of("Content-Type", "application/xml", S3_REQUEST_ID, requestId),
                xml.toString().getBytes(StandardCharsets.UTF_8));
    }
}

package dev.lamina.edge.protocol;

import dev.lamina.core.AwsException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The query protocol's answers' envelope and its errors (SQS, CloudWatch, CloudFormation, IAM).
 *
 * <p>An answer: {@code <ActionResponse xmlns=…><ActionResult>…</ActionResult><ResponseMetadata>
 * <RequestId>…</RequestId></ResponseMetadata></ActionResponse>}, the result left out for operations
 * that return nothing; each service writes what goes inside its result.
 *
 * <p>An error: {@code text/xml},
 * {@code <ErrorResponse>} in the API's namespace, holding {@code <Error>} with {@code <Type>}
 * ({@code Sender} or {@code Receiver}: whose fault), {@code <Code>}, {@code <Message>}, the error's
 * fields and an empty {@code <Detail/>}, then {@code <RequestId>}.
 */
public final class Query implements Protocol {
    private final String namespace;
    private final Map<String, String> codes;

    /** @param namespace the API's XML namespace, e.g. {@code http://queue.amazonaws.com/doc/2012-11-05/} */
    public Query(String namespace) {
        this(namespace, Map.of());
    }

    /**
     * An API whose errors are thrown under their model's shape names (as its JSON protocol names them)
     * while the query protocol names some otherwise: SQS's {@code QueueDoesNotExist} is
     * {@code AWS.SimpleQueueService.NonExistentQueue} here.
     *
     * @param codes the query code of each error code that differs (a code not in it is its own)
     */
    public Query(String namespace, Map<String, String> codes) {
        this.codes = Map.copyOf(codes);
        if (namespace == null || namespace.isEmpty() || namespace.indexOf('"') >= 0) {
            throw new IllegalArgumentException("a query API's namespace is a URI: " + namespace);
        }
        this.namespace = namespace;
    }

    @Override
    public WireResponse error(AwsException error, String requestId) {
        StringBuilder xml = new StringBuilder(320)
                .append("<?xml version=\"1.0\"?>\n<ErrorResponse xmlns=\"")
                .append(namespace)
                .append("\"><Error>");
        XmlErrors.element(xml, "Type", error.fault() == AwsException.Fault.RECEIVER ? "Receiver" : "Sender");
        XmlErrors.element(xml, "Code", codes.getOrDefault(error.code(), error.code()));
        XmlErrors.messageAndFields(xml, error).append("<Detail/></Error>");
        XmlErrors.element(xml, "RequestId", requestId).append("</ErrorResponse>");
        return new WireResponse(
                error.status(),
                Map.of("Content-Type", "text/xml", REQUEST_ID, requestId),
                xml.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * An answer to {@code action} after an XML declaration (see {@link #envelope}).
     *
     * @param result the result element's content, or {@code null} for an answer without one
     */
    public static String answer(String namespace, String action, CharSequence result, String requestId) {
        StringBuilder xml =
                new StringBuilder((result == null ? 0 : result.length()) + 256).append("<?xml version=\"1.0\"?>");
        return envelope(xml, namespace, action, result, requestId).toString();
    }

    /**
     * Appends the answer to {@code action} without an XML declaration (IAM sends none).
     *
     * @param result the result element's content, or {@code null} for an answer without one
     */
    public static StringBuilder envelope(
            StringBuilder out, String namespace, String action, CharSequence result, String requestId) {
        out.append('<')
                .append(action)
                .append("Response xmlns=\"")
                .append(namespace)
                .append("\">");
        if (result != null) {
            out.append('<')
                    .append(action)
                    .append("Result>")
                    .append(result)
                    .append("</")
                    .append(action)
                    .append("Result>");
        }
        out.append("<ResponseMetadata>");
        XmlText.element(out, "RequestId", requestId);
        return out.append("</ResponseMetadata></").append(action).append("Response>");
    }
}

package dev.lamina.sqs.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.core.AwsException;
import dev.lamina.edge.Access;
import dev.lamina.edge.AccessRules;
import dev.lamina.edge.HttpRequest;
import dev.lamina.sqs.queue.SqsErrors;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * What an SQS request asks to do (decision 38): {@code sqs:<Operation>} on the ARN of the queue its
 * {@code QueueUrl} (or, for CreateQueue and GetQueueUrl, its {@code QueueName}) names, or on {@code *}
 * for ListQueues and a request that names no queue. Both faces name it alike: the JSON protocol from
 * its document, the query protocol from its form (or the queue URL it was posted to). A refusal is a
 * 403 {@code AccessDenied} (the JSON protocol's {@code AccessDeniedException}), worded as SQS words it,
 * with the action in lower case. Pure.
 */
public final class SqsAccess implements AccessRules {
    private final String region;
    private final String account;

    public SqsAccess(String region, String account) {
        this.region = region;
        this.account = account;
    }

    @Override
    public Access ofOperation(String operation, JsonNode input) {
        return access(
                operation,
                input == null ? null : text(input.get("QueueUrl")),
                input == null ? null : text(input.get("QueueName")));
    }

    /** The query face: the form's {@code Action}, and its queue by URL, by name or by the path posted to. */
    @Override
    public Access ofRoute(HttpRequest request, Map<String, String> params) {
        Map<String, String> form = QueryForms.parse(
                request.method().equals("GET")
                        ? request.rawQuery()
                        : new String(request.body(), StandardCharsets.UTF_8));
        String action = form.getOrDefault("Action", "");
        String url = form.get("QueueUrl");
        if (url == null && request.rawPath().length() > 1) {
            url = request.rawPath();
        }
        return access(action.isEmpty() ? "*" : action, url, form.get("QueueName"));
    }

    private Access access(String operation, String queueUrl, String queueName) {
        String name = queueName;
        if (queueUrl != null) {
            try {
                name = QueueUrls.name(queueUrl, account);
            } catch (AwsException notAQueue) {
                name = null; // the operation answers that itself
            }
        }
        boolean named = name != null && !name.isEmpty() && !operation.equals("ListQueues");
        return new Access("sqs:" + operation, named ? "arn:aws:sqs:" + region + ":" + account + ":" + name : "*");
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    @Override
    public AwsException denied(String principal, Access access, boolean explicitly) {
        String action = access.action().toLowerCase(Locale.ROOT);
        return new AwsException(
                403,
                SqsErrors.ACCESS_DENIED,
                AccessRules.notAuthorized(principal, new Access(action, access.resource()), explicitly));
    }
}

package dev.lamina.sqs.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.Operations;
import dev.lamina.edge.PublicUrls;
import dev.lamina.sqs.MoveTasks;
import dev.lamina.sqs.Queues;
import dev.lamina.sqs.message.Batch;
import dev.lamina.sqs.message.Messages;
import dev.lamina.sqs.message.ReceiveRequest;
import dev.lamina.sqs.message.Received;
import dev.lamina.sqs.message.SendRequest;
import dev.lamina.sqs.queue.Queue;
import dev.lamina.sqs.queue.SqsErrors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SQS's operations over its JSON documents (the shapes of SQS's model, as the JSON protocol carries
 * them; the query protocol's forms are turned into the same documents by {@link QueryForms}): each
 * parses its input, calls one operation of {@link Queues} or {@link Messages}, and renders its output.
 * Queue URLs name the Host the request came with ({@link QueueUrls}). Runs on the request's virtual
 * thread; ReceiveMessage may wait there up to 20 s.
 */
public final class SqsApi implements Operations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Queues queues;
    private final Messages messages;
    private final MoveTasks moves;
    private final PublicUrls urls;

    public SqsApi(Queues queues, Messages messages, MoveTasks moves, PublicUrls urls) {
        this.queues = queues;
        this.messages = messages;
        this.moves = moves;
        this.urls = urls;
    }

    @Override
    public JsonNode perform(String operation, JsonNode input) throws Exception {
        return perform(operation, input, (String) null);
    }

    @Override
    public JsonNode perform(String operation, JsonNode input, HttpRequest request) throws Exception {
        return perform(operation, input, request.header("host"));
    }

    /** Performs {@code operation} for a caller that sent {@code host} ({@code null}: none). */
    JsonNode perform(String operation, JsonNode in, String host) throws Exception {
        ObjectNode out = NODES.objectNode();
        switch (operation) {
            case "CreateQueue" -> {
                Queue q =
                        queues.create(text(in, "QueueName"), strings(in.path("Attributes")), strings(in.path("tags")));
                out.put("QueueUrl", url(host, q.name()));
            }
            case "GetQueueUrl" -> {
                String account = in.path("QueueOwnerAWSAccountId").asText(queues.account());
                if (!account.equals(queues.account())) {
                    throw SqsErrors.queueDoesNotExist();
                }
                out.put(
                        "QueueUrl",
                        url(host, queues.get(required(in, "QueueName")).name()));
            }
            case "DeleteQueue" -> queues.delete(queue(in));
            case "PurgeQueue" -> queues.purge(queue(in));
            case "ListQueues" -> {
                Queues.Page page = queues.list(
                        text(in, "QueueNamePrefix"),
                        in.hasNonNull("MaxResults") ? integer(in.get("MaxResults"), "MaxResults") : null,
                        text(in, "NextToken"));
                if (!page.names().isEmpty()) {
                    var list = out.putArray("QueueUrls");
                    page.names().forEach(name -> list.add(url(host, name)));
                }
                if (page.nextToken() != null) {
                    out.put("NextToken", page.nextToken());
                }
            }
            case "GetQueueAttributes" -> {
                List<String> names = texts(in.path("AttributeNames"));
                Map<String, String> attributes = queues.attributes(queue(in), names);
                if (!attributes.isEmpty()) {
                    ObjectNode map = out.putObject("Attributes");
                    attributes.forEach(map::put);
                }
            }
            case "SetQueueAttributes" -> queues.setAttributes(queue(in), strings(in.path("Attributes")));
            case "AddPermission" ->
                queues.addPermission(
                        queue(in), text(in, "Label"), texts(in.path("AWSAccountIds")), texts(in.path("Actions")));
            case "RemovePermission" -> queues.removePermission(queue(in), required(in, "Label"));
            case "TagQueue" -> queues.tag(queue(in), strings(in.path("Tags")));
            case "UntagQueue" -> queues.untag(queue(in), texts(in.path("TagKeys")));
            case "ListQueueTags" -> {
                Map<String, String> tags = queues.get(queue(in)).tags();
                if (!tags.isEmpty()) {
                    ObjectNode map = out.putObject("Tags");
                    tags.forEach(map::put);
                }
            }
            case "SendMessage" ->
                out = MessageDocuments.sent(messages.send(queue(in), MessageDocuments.sendRequest(in)));
            case "SendMessageBatch" -> {
                List<Batch.Entry<SendRequest>> entries = new ArrayList<>();
                in.path("Entries")
                        .forEach(e -> entries.add(
                                new Batch.Entry<>(e.path("Id").asText(null), MessageDocuments.sendRequest(e))));
                out = MessageDocuments.batch(messages.sendBatch(queue(in), entries), MessageDocuments::sent);
            }
            case "ReceiveMessage" -> receive(in, out);
            case "DeleteMessage" -> messages.delete(queue(in), text(in, "ReceiptHandle"));
            case "DeleteMessageBatch" -> {
                List<Batch.Entry<String>> entries = new ArrayList<>();
                in.path("Entries")
                        .forEach(e ->
                                entries.add(new Batch.Entry<>(e.path("Id").asText(null), text(e, "ReceiptHandle"))));
                out = MessageDocuments.batch(messages.deleteBatch(queue(in), entries), nothing -> NODES.objectNode());
            }
            case "ChangeMessageVisibility" ->
                messages.changeVisibility(queue(in), text(in, "ReceiptHandle"), visibility(in));
            case "ChangeMessageVisibilityBatch" -> {
                List<Batch.Entry<Messages.VisibilityChange>> entries = new ArrayList<>();
                in.path("Entries")
                        .forEach(e -> entries.add(new Batch.Entry<>(
                                e.path("Id").asText(null),
                                new Messages.VisibilityChange(text(e, "ReceiptHandle"), visibility(e)))));
                out = MessageDocuments.batch(
                        messages.changeVisibilityBatch(queue(in), entries), nothing -> NODES.objectNode());
            }
            case "ListDeadLetterSourceQueues" -> {
                var list = out.putArray("queueUrls");
                queues.deadLetterSources(queue(in)).forEach(name -> list.add(url(host, name)));
            }
            case "StartMessageMoveTask" ->
                out.put(
                        "TaskHandle",
                        moves.start(
                                text(in, "SourceArn"),
                                text(in, "DestinationArn"),
                                in.hasNonNull("MaxNumberOfMessagesPerSecond")
                                        ? integer(
                                                in.get("MaxNumberOfMessagesPerSecond"), "MaxNumberOfMessagesPerSecond")
                                        : null));
            case "ListMessageMoveTasks" -> {
                var list = out.putArray("Results");
                int max = in.hasNonNull("MaxResults") ? integer(in.get("MaxResults"), "MaxResults") : 1;
                for (MoveTasks.Task t : moves.list(required(in, "SourceArn"), max)) {
                    ObjectNode task = list.addObject()
                            .put("Status", t.status())
                            .put("SourceArn", t.sourceArn())
                            .put("ApproximateNumberOfMessagesMoved", t.moved())
                            .put("ApproximateNumberOfMessagesToMove", t.toMove())
                            .put("StartedTimestamp", t.started().toEpochMilli());
                    if (t.destinationArn() != null) {
                        task.put("DestinationArn", t.destinationArn());
                    }
                    if (t.maxPerSecond() != null) {
                        task.put("MaxNumberOfMessagesPerSecond", t.maxPerSecond());
                    }
                }
            }
            case "CancelMessageMoveTask" -> moves.cancel(required(in, "TaskHandle"));
            default ->
                throw new AwsException(
                        400, "InvalidAction", "The action " + operation + " is not valid for this endpoint.");
        }
        return out;
    }

    private void receive(JsonNode in, ObjectNode out) throws InterruptedException {
        List<Received> got = messages.receive(
                queue(in),
                new ReceiveRequest(
                        in.hasNonNull("MaxNumberOfMessages")
                                ? integer(in.get("MaxNumberOfMessages"), "MaxNumberOfMessages")
                                : 1,
                        in.hasNonNull("VisibilityTimeout")
                                ? integer(in.get("VisibilityTimeout"), "VisibilityTimeout")
                                : null,
                        in.hasNonNull("WaitTimeSeconds")
                                ? integer(in.get("WaitTimeSeconds"), "WaitTimeSeconds")
                                : null));
        List<String> system = new ArrayList<>(texts(in.path("AttributeNames")));
        system.addAll(texts(in.path("MessageSystemAttributeNames")));
        List<String> attributes = texts(in.path("MessageAttributeNames"));
        if (!got.isEmpty()) {
            var list = out.putArray("Messages");
            got.forEach(r -> list.add(MessageDocuments.received(r, system, attributes)));
        }
    }

    private static int visibility(JsonNode in) {
        if (!in.hasNonNull("VisibilityTimeout")) {
            throw SqsErrors.missingParameter("VisibilityTimeout");
        }
        return integer(in.get("VisibilityTimeout"), "VisibilityTimeout");
    }

    private String url(String host, String name) {
        return QueueUrls.url(urls.api(host), queues.account(), name);
    }

    private String queue(JsonNode in) {
        return QueueUrls.name(text(in, "QueueUrl"), queues.account());
    }

    /** An integer parameter, sent as a JSON number (or, from a query form, its digits). */
    static int integer(JsonNode value, String name) {
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return value.asInt();
        }
        if (value.isTextual() && value.asText().matches("-?[0-9]{1,9}")) {
            return Integer.parseInt(value.asText());
        }
        throw SqsErrors.invalidParameter("Value " + value.asText() + " for parameter " + name + " is invalid.");
    }

    private static String text(JsonNode in, String name) {
        JsonNode value = in.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String required(JsonNode in, String name) {
        String value = text(in, name);
        if (value == null || value.isEmpty()) {
            throw SqsErrors.missingParameter(name);
        }
        return value;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Map<String, String> strings(JsonNode map) {
        Map<String, String> out = new LinkedHashMap<>();
        map.properties()
                .forEach(e -> out.put(
                        e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
        return out;
    }
}

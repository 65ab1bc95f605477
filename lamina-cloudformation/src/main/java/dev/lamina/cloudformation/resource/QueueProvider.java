package dev.lamina.cloudformation.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.cloudformation.stack.StackResource;
import dev.lamina.core.AwsException;
import java.util.Map;
import java.util.Objects;

/**
 * {@code AWS::SQS::Queue} through SQS's CreateQueue, SetQueueAttributes and DeleteQueue. Ref is the
 * queue's URL; attributes {@code Arn}, {@code QueueName}, {@code QueueUrl}. Every property but
 * {@code QueueName} and {@code Tags} is a queue attribute (an object such as {@code RedrivePolicy}
 * as its JSON text); a new name or FIFO-ness needs a new queue.
 */
final class QueueProvider implements ResourceProvider {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String PREFIX = "AmazonSQS";

    private final ServiceCalls calls;

    QueueProvider(ServiceCalls calls) {
        this.calls = calls;
    }

    @Override
    public Made create(Request request) throws Exception {
        ObjectNode p = request.properties();
        boolean fifo = p.path("FifoQueue").asBoolean(false);
        String name = p.hasNonNull("QueueName")
                ? p.get("QueueName").asText()
                : calls.name(request.stackName(), request.logicalId(), fifo ? 75 : 80, false) + (fifo ? ".fifo" : "");
        ObjectNode in = NODES.objectNode().put("QueueName", name);
        in.set("Attributes", attributes(p));
        ObjectNode tags = NODES.objectNode();
        p.path("Tags")
                .forEach(t -> tags.put(t.path("Key").asText(), t.path("Value").asText()));
        if (!tags.isEmpty()) {
            in.set("tags", tags);
        }
        String url =
                calls.target("sqs", PREFIX, "CreateQueue", in).get("QueueUrl").asText();
        return made(url, name);
    }

    private Made made(String url, String name) {
        String arn = "arn:aws:sqs:" + calls.region() + ":" + calls.account() + ":" + name;
        return new Made(url, Map.of("Arn", arn, "QueueName", name, "QueueUrl", url));
    }

    private static ObjectNode attributes(ObjectNode p) {
        ObjectNode attributes = NODES.objectNode();
        for (Map.Entry<String, JsonNode> e : p.properties()) {
            if (!e.getKey().equals("QueueName") && !e.getKey().equals("Tags")) {
                JsonNode v = e.getValue();
                attributes.put(e.getKey(), v.isValueNode() ? v.asText() : v.toString());
            }
        }
        return attributes;
    }

    @Override
    public Made update(Request request, StackResource current) throws Exception {
        JsonNode before = current.properties();
        ObjectNode p = request.properties();
        if (!Objects.equals(before.get("QueueName"), p.get("QueueName"))
                || !Objects.equals(before.get("FifoQueue"), p.get("FifoQueue"))) {
            return null;
        }
        ObjectNode in = NODES.objectNode().put("QueueUrl", current.physicalId());
        in.set("Attributes", attributes(p));
        calls.target("sqs", PREFIX, "SetQueueAttributes", in);
        return made(current.physicalId(), current.attributes().get("QueueName"));
    }

    @Override
    public void delete(StackResource resource) throws Exception {
        try {
            calls.target("sqs", PREFIX, "DeleteQueue", NODES.objectNode().put("QueueUrl", resource.physicalId()));
        } catch (AwsException e) {
            if (e.status() != 400
                    || !e.code().contains("NonExistentQueue") && !e.code().contains("QueueDoesNotExist")) {
                throw e;
            }
        }
    }
}

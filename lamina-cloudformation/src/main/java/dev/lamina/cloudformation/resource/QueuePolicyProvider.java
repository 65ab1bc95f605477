package dev.lamina.cloudformation.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.cloudformation.stack.StackResource;
import dev.lamina.core.AwsException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code AWS::SQS::QueuePolicy} through SQS's SetQueueAttributes: the document becomes the
 * {@code Policy} of each queue in {@code Queues} (their URLs), and an empty policy on removal. Ref is a
 * generated id. A change of document or queues is made in place (queues no longer listed lose the
 * policy).
 */
final class QueuePolicyProvider implements ResourceProvider {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> PROPERTIES = Set.of("PolicyDocument", "Queues");

    private final ServiceCalls calls;

    QueuePolicyProvider(ServiceCalls calls) {
        this.calls = calls;
    }

    @Override
    public Made create(Request request) throws Exception {
        ResourceProvider.allowOnly(request, PROPERTIES);
        ObjectNode p = request.properties();
        String document = p.path("PolicyDocument").toString();
        for (String queue : queues(p)) {
            set(queue, document);
        }
        return new Made(calls.name(request.stackName(), request.logicalId(), 128, false), Map.of());
    }

    @Override
    public Made update(Request request, StackResource current) throws Exception {
        ResourceProvider.allowOnly(request, PROPERTIES);
        ObjectNode p = request.properties();
        Set<String> now = queues(p);
        for (String queue : now) {
            set(queue, p.path("PolicyDocument").toString());
        }
        for (String queue : queues(current.properties())) {
            if (!now.contains(queue)) {
                clear(queue);
            }
        }
        return new Made(current.physicalId(), current.attributes());
    }

    @Override
    public void delete(StackResource resource) throws Exception {
        for (String queue : queues(resource.properties())) {
            clear(queue);
        }
    }

    private void clear(String queue) throws Exception {
        try {
            set(queue, "");
        } catch (AwsException e) {
            if (e.status() != 400
                    || !e.code().contains("NonExistentQueue") && !e.code().contains("QueueDoesNotExist")) {
                throw e;
            }
        }
    }

    private void set(String queue, String document) throws Exception {
        ObjectNode in = NODES.objectNode().put("QueueUrl", queue);
        in.putObject("Attributes").put("Policy", document);
        calls.target("sqs", "AmazonSQS", "SetQueueAttributes", in);
    }

    private static Set<String> queues(JsonNode p) {
        Set<String> out = new LinkedHashSet<>();
        p.path("Queues").forEach(q -> out.add(q.asText()));
        return out;
    }
}

package dev.lamina.cloudformation.resource;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.cloudformation.stack.StackResource;
import dev.lamina.core.AwsException;
import java.util.Map;

/**
 * {@code AWS::Kinesis::Stream} through Kinesis' CreateStream and DeleteStream (with its consumers).
 * Ref is the stream's name; attribute {@code Arn}. {@code ShardCount} defaults to 1 as on AWS, and
 * {@code StreamModeDetails} is passed on. Every change needs a new stream.
 */
final class StreamProvider implements ResourceProvider {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String PREFIX = "Kinesis_20131202";

    private final ServiceCalls calls;

    StreamProvider(ServiceCalls calls) {
        this.calls = calls;
    }

    @Override
    public Made create(Request request) throws Exception {
        ObjectNode p = request.properties();
        String name = calls.name(request, "Name", 128, false);
        ObjectNode in = NODES.objectNode().put("StreamName", name);
        if (p.has("StreamModeDetails")) {
            in.set("StreamModeDetails", p.get("StreamModeDetails"));
        }
        if (!"ON_DEMAND".equals(p.path("StreamModeDetails").path("StreamMode").asText())) {
            in.put("ShardCount", p.path("ShardCount").asInt(1));
        }
        calls.target("kinesis", PREFIX, "CreateStream", in);
        return new Made(
                name, Map.of("Arn", "arn:aws:kinesis:" + calls.region() + ":" + calls.account() + ":stream/" + name));
    }

    @Override
    public void delete(StackResource resource) throws Exception {
        try {
            calls.target(
                    "kinesis",
                    PREFIX,
                    "DeleteStream",
                    NODES.objectNode().put("StreamName", resource.physicalId()).put("EnforceConsumerDeletion", true));
        } catch (AwsException e) {
            if (!e.code().equals("ResourceNotFoundException")) {
                throw e;
            }
        }
    }
}

package dev.lamina.cloudformation.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.cloudformation.stack.StackResource;
import java.util.Map;
import java.util.Objects;

/**
 * {@code AWS::Lambda::EventSourceMapping} through Lambda's Create-, Update- and
 * DeleteEventSourceMapping; Ref is the mapping's UUID (also attribute {@code Id}). The template's
 * members are the API's; a new event source or starting position needs a new mapping.
 */
final class EventSourceMappingProvider implements ResourceProvider {
    private static final String ROOT = "/2015-03-31/event-source-mappings/";

    private final ServiceCalls calls;

    EventSourceMappingProvider(ServiceCalls calls) {
        this.calls = calls;
    }

    @Override
    public Made create(Request request) throws Exception {
        String uuid = calls.rest("lambda", "POST", ROOT, request.properties())
                .path("UUID")
                .asText();
        return new Made(uuid, Map.of("Id", uuid));
    }

    @Override
    public Made update(Request request, StackResource current) throws Exception {
        ObjectNode p = request.properties().deepCopy();
        if (!Objects.equals(current.properties().get("EventSourceArn"), p.get("EventSourceArn"))
                || !Objects.equals(current.properties().get("StartingPosition"), p.get("StartingPosition"))) {
            return null;
        }
        p.remove("EventSourceArn");
        p.remove("StartingPosition");
        p.remove("StartingPositionTimestamp");
        calls.rest("lambda", "PUT", ROOT + current.physicalId(), p);
        return new Made(current.physicalId(), current.attributes());
    }

    @Override
    public void delete(StackResource resource) throws Exception {
        calls.deleteIfPresent("lambda", ROOT + resource.physicalId());
    }
}

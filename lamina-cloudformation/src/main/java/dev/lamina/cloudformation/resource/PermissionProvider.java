package dev.lamina.cloudformation.resource;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.cloudformation.stack.StackResource;
import java.util.Map;

/**
 * {@code AWS::Lambda::Permission} through Lambda's AddPermission and RemovePermission: a statement
 * in the function's resource policy whose id is a generated name, which is also its Ref. Any change
 * needs a new statement.
 */
final class PermissionProvider implements ResourceProvider {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ServiceCalls calls;

    PermissionProvider(ServiceCalls calls) {
        this.calls = calls;
    }

    @Override
    public Made create(Request request) throws Exception {
        ObjectNode p = request.properties();
        String id = calls.name(request.stackName(), request.logicalId(), 100, false);
        ObjectNode in = NODES.objectNode().put("StatementId", id);
        for (String member : new String[] {
            "Action",
            "Principal",
            "SourceArn",
            "SourceAccount",
            "EventSourceToken",
            "FunctionUrlAuthType",
            "PrincipalOrgID"
        }) {
            if (p.has(member)) {
                in.set(member, p.get(member));
            }
        }
        calls.rest("lambda", "POST", path(p.path("FunctionName").asText()), in);
        return new Made(id, Map.of());
    }

    @Override
    public void delete(StackResource resource) throws Exception {
        calls.deleteIfPresent(
                "lambda",
                path(resource.properties().path("FunctionName").asText()) + "/"
                        + ServiceCalls.encode(resource.physicalId()));
    }

    private static String path(String function) {
        return "/2015-03-31/functions/" + ServiceCalls.encode(function) + "/policy";
    }
}

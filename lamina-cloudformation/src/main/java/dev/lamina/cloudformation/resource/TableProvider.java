package dev.lamina.cloudformation.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.cloudformation.stack.StackResource;
import dev.lamina.core.AwsException;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code AWS::DynamoDB::Table} through DynamoDB's CreateTable and DeleteTable. Ref is the table's
 * name; attributes {@code Arn} and {@code StreamArn} (when it has a stream). The template's members
 * are CreateTable's, but for {@code StreamSpecification}, which enables the stream it names. Every
 * change needs a new table.
 */
final class TableProvider implements ResourceProvider {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String PREFIX = "DynamoDB_20120810";
    /** Members of the resource that are no CreateTable members (set by other calls on AWS). */
    private static final String[] NOT_CREATE_TABLE = {
        "TimeToLiveSpecification",
        "PointInTimeRecoverySpecification",
        "ContributorInsightsSpecification",
        "KinesisStreamSpecification",
        "ImportSourceSpecification"
    };

    private final ServiceCalls calls;

    TableProvider(ServiceCalls calls) {
        this.calls = calls;
    }

    @Override
    public Made create(Request request) throws Exception {
        ObjectNode in = request.properties().deepCopy();
        for (String member : NOT_CREATE_TABLE) {
            in.remove(member);
        }
        if (!in.hasNonNull("TableName")) {
            in.put("TableName", calls.name(request.stackName(), request.logicalId(), 255, false));
        }
        if (in.path("StreamSpecification").has("StreamViewType")) {
            ((ObjectNode) in.get("StreamSpecification")).put("StreamEnabled", true);
        }
        JsonNode table = calls.target("dynamodb", PREFIX, "CreateTable", in).path("TableDescription");
        Map<String, String> attributes = new HashMap<>();
        attributes.put("Arn", table.path("TableArn").asText());
        if (table.hasNonNull("LatestStreamArn")) {
            attributes.put("StreamArn", table.get("LatestStreamArn").asText());
        }
        return new Made(in.get("TableName").asText(), attributes);
    }

    @Override
    public void delete(StackResource resource) throws Exception {
        try {
            calls.target("dynamodb", PREFIX, "DeleteTable", NODES.objectNode().put("TableName", resource.physicalId()));
        } catch (AwsException e) {
            if (!e.code().equals("ResourceNotFoundException")) {
                throw e;
            }
        }
    }
}

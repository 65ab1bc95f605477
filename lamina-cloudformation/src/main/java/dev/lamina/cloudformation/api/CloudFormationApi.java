package dev.lamina.cloudformation.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.cloudformation.deploy.Stacks;
import dev.lamina.cloudformation.stack.ChangeSet;
import dev.lamina.cloudformation.stack.Stack;
import dev.lamina.cloudformation.stack.StackEvent;
import dev.lamina.cloudformation.stack.StackResource;
import dev.lamina.cloudformation.template.ParameterValues;
import dev.lamina.cloudformation.template.TemplateErrors;
import dev.lamina.core.AwsException;
import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.HttpResponse;
import dev.lamina.edge.protocol.Protocol;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * CloudFormation's query protocol (what every CLI and SDK speaks to it): a form naming its
 * {@code Action}, answered in XML. Each action parses its form, calls one operation of {@link Stacks},
 * and writes the answer with {@link XmlAnswer}. Runs on the request's virtual thread; the actions that
 * start a stack operation wait there for it (see {@link Stacks}).
 */
public final class CloudFormationApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Stacks stacks;
    private final Supplier<String> requestIds;

    public CloudFormationApi(Stacks stacks, Supplier<String> requestIds) {
        this.stacks = stacks;
        this.requestIds = requestIds;
    }

    /** Serves one request (a {@code POST} form, or a {@code GET} with the form in its query). */
    public HttpResponse handle(HttpRequest request) throws Exception {
        QueryForm form = QueryForm.parse(
                request.method().equals("GET")
                        ? request.rawQuery()
                        : new String(request.body(), StandardCharsets.UTF_8));
        String action = form.get("Action");
        if (action == null || action.isEmpty()) {
            throw new AwsException(400, "MissingAction", "The request must contain the parameter Action.");
        }
        XmlAnswer xml = new XmlAnswer();
        boolean result = perform(action, form, xml);
        String requestId = requestIds.get();
        return new HttpResponse(
                200,
                Map.of("Content-Type", "text/xml", Protocol.REQUEST_ID, requestId),
                xml.response(action, requestId, result).getBytes(StandardCharsets.UTF_8));
    }

    /** Performs {@code action}; returns whether its answer has a result element. */
    private boolean perform(String action, QueryForm form, XmlAnswer xml) throws Exception {
        switch (action) {
            case "ValidateTemplate" -> validate(form, xml, false);
            case "GetTemplateSummary" -> validate(form, xml, true);
            case "CreateChangeSet" -> {
                ChangeSet c = stacks.createChangeSet(changeSetRequest(
                        form,
                        form.required("ChangeSetName"),
                        form.get("ChangeSetType") == null ? "UPDATE" : form.get("ChangeSetType")));
                xml.text("Id", c.id()).text("StackId", c.stackId());
            }
            case "DescribeChangeSet" ->
                describe(stacks.changeSet(form.get("StackName"), form.required("ChangeSetName")), xml);
            case "ExecuteChangeSet" -> {
                stacks.executeChangeSet(form.get("StackName"), form.required("ChangeSetName"));
                return true;
            }
            case "ListChangeSets" ->
                xml.members(
                        "Summaries",
                        stacks.changeSets(form.required("StackName")),
                        c -> xml.text("StackId", c.stackId())
                                .text("StackName", c.stackName())
                                .text("ChangeSetId", c.id())
                                .text("ChangeSetName", c.name())
                                .text("ExecutionStatus", c.executionStatus())
                                .text("Status", c.status())
                                .text("StatusReason", c.statusReason())
                                .time("CreationTime", c.created()));
            case "CreateStack", "UpdateStack" -> {
                boolean create = action.equals("CreateStack");
                String name = "lamina-" + action.toLowerCase(java.util.Locale.ROOT) + "-" + requestIds.get();
                ChangeSet c;
                try {
                    c = stacks.createChangeSet(changeSetRequest(form, name, create ? "CREATE" : "UPDATE"));
                } catch (AwsException e) {
                    throw create && e.code().equals("AlreadyExistsException")
                            ? new AwsException(
                                    400,
                                    "AlreadyExistsException",
                                    "Stack [" + form.get("StackName") + "] already exists")
                            : e;
                }
                if (c.status().equals("FAILED")) {
                    throw TemplateErrors.validation("No updates are to be performed.");
                }
                stacks.executeChangeSet(null, c.id());
                xml.text("StackId", c.stackId());
            }
            case "DeleteStack" -> {
                stacks.deleteStack(form.required("StackName"));
                return false;
            }
            case "DescribeStacks" -> {
                String name = form.get("StackName");
                List<Stack> found = name == null ? stacks.live() : List.of(stacks.stack(name));
                xml.members("Stacks", found, s -> stack(s, xml));
            }
            case "ListStacks" -> {
                Set<String> filter = Set.copyOf(form.list("StackStatusFilter"));
                List<Stack> found = stacks.all().stream()
                        .filter(s ->
                                filter.isEmpty() || filter.contains(s.status().name()))
                        .toList();
                xml.members(
                        "StackSummaries",
                        found,
                        s -> xml.text("StackId", s.id())
                                .text("StackName", s.name())
                                .text("TemplateDescription", s.description())
                                .time("CreationTime", s.created())
                                .time("LastUpdatedTime", s.updated())
                                .time(
                                        "DeletionTime",
                                        s.status().deleted() ? s.status().since() : null)
                                .text("StackStatus", s.status().name())
                                .text("StackStatusReason", s.status().reason()));
            }
            case "DescribeStackEvents" ->
                xml.members("StackEvents", stacks.events(form.required("StackName")), e -> event(e, xml));
            case "DescribeStackResources" -> {
                Stack s = stacks.stack(form.required("StackName"));
                String logical = form.get("LogicalResourceId");
                List<StackResource> found = s.resources().values().stream()
                        .filter(r -> logical == null || r.logicalId().equals(logical))
                        .toList();
                xml.members(
                        "StackResources",
                        found,
                        r -> xml.text("StackName", s.name())
                                .text("StackId", s.id())
                                .text("LogicalResourceId", r.logicalId())
                                .text("PhysicalResourceId", r.physicalId())
                                .text("ResourceType", r.type())
                                .time("Timestamp", r.updated())
                                .text("ResourceStatus", r.status())
                                .open("DriftInformation")
                                .text("StackResourceDriftStatus", "NOT_CHECKED")
                                .close("DriftInformation"));
            }
            case "ListStackResources" -> {
                Stack s = stacks.stack(form.required("StackName"));
                xml.members(
                        "StackResourceSummaries",
                        s.resources().values(),
                        r -> xml.text("LogicalResourceId", r.logicalId())
                                .text("PhysicalResourceId", r.physicalId())
                                .text("ResourceType", r.type())
                                .time("LastUpdatedTimestamp", r.updated())
                                .text("ResourceStatus", r.status())
                                .open("DriftInformation")
                                .text("StackResourceDriftStatus", "NOT_CHECKED")
                                .close("DriftInformation"));
            }
            case "ListExports" -> {
                List<String[]> exports = new ArrayList<>();
                for (Stack s : stacks.live()) {
                    s.outputs().stream()
                            .filter(o -> o.exportName() != null)
                            .forEach(o -> exports.add(new String[] {s.id(), o.exportName(), o.value()}));
                }
                xml.members(
                        "Exports",
                        exports,
                        e -> xml.text("ExportingStackId", e[0])
                                .text("Name", e[1])
                                .text("Value", e[2]));
            }
            case "GetTemplate" -> {
                Stack s = stacks.stack(form.required("StackName"));
                boolean processed = "Processed".equals(form.get("TemplateStage"));
                xml.text("TemplateBody", processed ? JSON.writeValueAsString(s.template()) : s.templateBody())
                        .strings("StagesAvailable", List.of("Original", "Processed"));
            }
            default ->
                throw new AwsException(
                        400, "InvalidAction", "The action " + action + " is not valid for this web service.");
        }
        return true;
    }

    /** ValidateTemplate's answer, or GetTemplateSummary's ({@code summary}: of a stack's template too, with types). */
    private void validate(QueryForm form, XmlAnswer xml, boolean summary) {
        String body = form.get("TemplateBody");
        if (summary && body == null && form.get("StackName") != null) {
            body = stacks.stack(form.get("StackName")).templateBody();
        }
        if (body == null) {
            throw TemplateErrors.validation(
                    form.get("TemplateURL") == null
                            ? "Either Template URL or Template Body must be specified."
                            : "This node reads templates from TemplateBody only, not from TemplateURL");
        }
        Stacks.Checked checked = stacks.check(body, false);
        List<Map.Entry<String, JsonNode>> parameters = new ArrayList<>();
        checked.original().path("Parameters").properties().forEach(parameters::add);
        xml.members(
                "Parameters",
                parameters,
                p -> xml.text("ParameterKey", p.getKey())
                        .text(
                                "DefaultValue",
                                p.getValue().has("Default")
                                        ? p.getValue().get("Default").asText()
                                        : null)
                        .text(
                                "ParameterType",
                                summary ? p.getValue().path("Type").asText("String") : null)
                        .text(
                                "NoEcho",
                                String.valueOf(p.getValue().path("NoEcho").asBoolean(false)))
                        .text("Description", p.getValue().path("Description").asText(null)));
        if (summary) {
            xml.strings(
                    "ResourceTypes",
                    checked.template().resources().values().stream()
                            .map(r -> r.type())
                            .distinct()
                            .toList());
            xml.text(
                    "Version",
                    checked.original().path("AWSTemplateFormatVersion").asText(null));
        }
        xml.text("Description", checked.original().path("Description").asText(null));
        List<String> capabilities = new ArrayList<>(checked.capabilities());
        capabilities.remove("CAPABILITY_AUTO_EXPAND");
        xml.strings("Capabilities", capabilities);
        if (!capabilities.isEmpty()) {
            xml.text("CapabilitiesReason", "The following resource(s) require capabilities: [AWS::IAM::Role]");
        }
        List<String> transforms = checked.original().has("Transform")
                ? List.of(dev.lamina.cloudformation.template.SamTransform.NAME)
                : List.of();
        xml.strings("DeclaredTransforms", transforms);
    }

    private static Stacks.ChangeSetRequest changeSetRequest(QueryForm form, String name, String type) {
        List<ParameterValues.Given> parameters = form.structures("Parameters").stream()
                .map(p -> new ParameterValues.Given(
                        p.get("ParameterKey"),
                        p.get("ParameterValue"),
                        "true".equalsIgnoreCase(p.get("UsePreviousValue"))))
                .toList();
        if (!type.equals("CREATE") && !type.equals("UPDATE")) {
            throw TemplateErrors.validation("1 validation error detected: Value '" + type + "' at 'changeSetType'"
                    + " failed to satisfy constraint: Member must satisfy enum value set: [IMPORT, UPDATE, CREATE]");
        }
        if (form.get("TemplateBody") == null && !form.flag("UsePreviousTemplate")) {
            throw TemplateErrors.validation(
                    form.get("TemplateURL") == null
                            ? "Either Template URL or Template Body must be specified."
                            : "This node reads templates from TemplateBody only, not from TemplateURL");
        }
        return new Stacks.ChangeSetRequest(
                form.required("StackName"),
                name,
                type,
                form.get("TemplateBody"),
                form.flag("UsePreviousTemplate"),
                parameters,
                form.list("Capabilities"),
                form.get("Description"));
    }

    private static void describe(ChangeSet c, XmlAnswer xml) {
        xml.text("ChangeSetName", c.name())
                .text("ChangeSetId", c.id())
                .text("StackId", c.stackId())
                .text("StackName", c.stackName())
                .text("Description", c.description());
        parameters(c.parameters(), xml);
        xml.time("CreationTime", c.created())
                .text("ExecutionStatus", c.executionStatus())
                .text("Status", c.status())
                .text("StatusReason", c.statusReason())
                .strings("Capabilities", c.capabilities())
                .members(
                        "Changes",
                        c.changes(),
                        change -> xml.text("Type", "Resource")
                                .open("ResourceChange")
                                .text("Action", change.action())
                                .text("LogicalResourceId", change.logicalId())
                                .text("PhysicalResourceId", change.physicalId())
                                .text("ResourceType", change.type())
                                .text("Replacement", change.replacement())
                                .close("ResourceChange"));
    }

    private static void parameters(Map<String, String> parameters, XmlAnswer xml) {
        xml.members(
                "Parameters",
                parameters.entrySet(),
                p -> xml.text("ParameterKey", p.getKey()).text("ParameterValue", p.getValue()));
    }

    private static void stack(Stack s, XmlAnswer xml) {
        xml.text("StackId", s.id()).text("StackName", s.name()).text("Description", s.description());
        parameters(s.parameters(), xml);
        xml.time("CreationTime", s.created())
                .time("LastUpdatedTime", s.updated())
                .time("DeletionTime", s.status().deleted() ? s.status().since() : null)
                .text("StackStatus", s.status().name())
                .text("StackStatusReason", s.status().reason())
                .text("DisableRollback", "false")
                .strings("Capabilities", s.capabilities())
                .members(
                        "Outputs",
                        s.outputs(),
                        o -> xml.text("OutputKey", o.key())
                                .text("OutputValue", o.value())
                                .text("Description", o.description())
                                .text("ExportName", o.exportName()))
                .members("Tags", List.<String>of(), t -> {})
                .text("EnableTerminationProtection", "false")
                .open("DriftInformation")
                .text("StackDriftStatus", "NOT_CHECKED")
                .close("DriftInformation");
    }

    private static void event(StackEvent e, XmlAnswer xml) {
        xml.text("StackId", e.stackId())
                .text("EventId", e.eventId())
                .text("StackName", e.stackName())
                .text("LogicalResourceId", e.logicalId())
                .text("PhysicalResourceId", e.physicalId())
                .text("ResourceType", e.resourceType())
                .time("Timestamp", e.timestamp())
                .text("ResourceStatus", e.status())
                .text("ResourceStatusReason", e.reason());
    }
}

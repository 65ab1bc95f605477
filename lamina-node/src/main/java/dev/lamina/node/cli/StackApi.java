package dev.lamina.node.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The calls {@code lamina deploy} and {@code lamina delete} make of a node's CloudFormation API, in its
 * query protocol (a form in, XML out) over {@link NodeClient}, as the AWS CLI makes them. An error
 * answer becomes {@link Failure} with CloudFormation's code and message.
 */
final class StackApi {
    /** CloudFormation refused a request. */
    static final class Failure extends IOException {
        final String code;

        Failure(String code, String message) {
            super(message);
            this.code = code;
        }
    }

    record Stack(
            String id,
            String name,
            String status,
            String reason,
            Map<String, String> parameters,
            Map<String, String> outputs) {}

    record ChangeSet(String id, String status, String reason, int changes) {}

    record Event(String id, Instant timestamp, String logicalId, String type, String status, String reason) {}

    private final NodeClient node;

    StackApi(NodeClient node) {
        this.node = node;
    }

    /** The live stack of that name, or empty when there is none (CloudFormation's "does not exist"). */
    Optional<Stack> stack(String name) throws IOException, InterruptedException {
        Element answer;
        try {
            answer = call("DescribeStacks", Map.of("StackName", name));
        } catch (Failure f) {
            if (f.getMessage().contains("does not exist")) {
                return Optional.empty();
            }
            throw f;
        }
        List<Element> stacks = members(child(answer, "Stacks"));
        if (stacks.isEmpty()) {
            return Optional.empty();
        }
        Element s = stacks.getFirst();
        return Optional.of(new Stack(
                text(s, "StackId"),
                text(s, "StackName"),
                text(s, "StackStatus"),
                text(s, "StackStatusReason"),
                pairs(child(s, "Parameters"), "ParameterKey", "ParameterValue"),
                pairs(child(s, "Outputs"), "OutputKey", "OutputValue")));
    }

    /** CreateChangeSet; answers the change set's id. */
    String createChangeSet(
            String stack,
            String name,
            String type,
            String templateBody,
            Map<String, String> parameters,
            List<String> usePrevious,
            List<String> capabilities)
            throws IOException, InterruptedException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("StackName", stack);
        form.put("ChangeSetName", name);
        form.put("ChangeSetType", type);
        form.put("TemplateBody", templateBody);
        form.put("Description", "Created by lamina deploy");
        int n = 0;
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            n++;
            form.put("Parameters.member." + n + ".ParameterKey", p.getKey());
            form.put("Parameters.member." + n + ".ParameterValue", p.getValue());
        }
        for (String key : usePrevious) {
            n++;
            form.put("Parameters.member." + n + ".ParameterKey", key);
            form.put("Parameters.member." + n + ".UsePreviousValue", "true");
        }
        for (int i = 0; i < capabilities.size(); i++) {
            form.put("Capabilities.member." + (i + 1), capabilities.get(i));
        }
        return text(call("CreateChangeSet", form), "Id");
    }

    ChangeSet changeSet(String stack, String id) throws IOException, InterruptedException {
        Element c = call("DescribeChangeSet", Map.of("StackName", stack, "ChangeSetName", id));
        return new ChangeSet(
                id,
                text(c, "Status"),
                text(c, "StatusReason"),
                members(child(c, "Changes")).size());
    }

    void executeChangeSet(String stack, String id) throws IOException, InterruptedException {
        call("ExecuteChangeSet", Map.of("StackName", stack, "ChangeSetName", id));
    }

    void deleteStack(String stack) throws IOException, InterruptedException {
        call("DeleteStack", Map.of("StackName", stack));
    }

    /** The stack's events, newest first as CloudFormation lists them. */
    List<Event> events(String stack) throws IOException, InterruptedException {
        List<Event> out = new ArrayList<>();
        for (Element e : members(child(call("DescribeStackEvents", Map.of("StackName", stack)), "StackEvents"))) {
            out.add(new Event(
                    text(e, "EventId"),
                    Instant.parse(text(e, "Timestamp")),
                    text(e, "LogicalResourceId"),
                    text(e, "ResourceType"),
                    text(e, "ResourceStatus"),
                    text(e, "ResourceStatusReason")));
        }
        return out;
    }

    /** Sends one action; answers its {@code <ActionResult>} element, or throws the error it answered. */
    private Element call(String action, Map<String, String> parameters) throws IOException, InterruptedException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("Action", action);
        form.put("Version", "2010-05-15");
        form.putAll(parameters);
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<byte[]> response = node.send(
                "POST",
                "/",
                Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
                body.getBytes(StandardCharsets.UTF_8),
                "cloudformation");
        Element root = parse(response.body());
        if (response.statusCode() != 200) {
            Element error = root == null ? null : child(root, "Error");
            if (error == null) {
                throw new Failure(
                        "HTTP" + response.statusCode(),
                        action + " failed: HTTP " + response.statusCode() + " "
                                + new String(response.body(), StandardCharsets.UTF_8));
            }
            throw new Failure(text(error, "Code"), text(error, "Message"));
        }
        Element result = root == null ? null : child(root, action + "Result");
        return result != null ? result : root;
    }

    private static Element parse(byte[] xml) throws IOException {
        if (xml.length == 0) {
            return null;
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(xml))
                    .getDocumentElement();
        } catch (SAXException | javax.xml.parsers.ParserConfigurationException e) {
            throw new IOException("The node's answer is not XML: " + new String(xml, StandardCharsets.UTF_8), e);
        }
    }

    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> members(Element list) {
        List<Element> out = new ArrayList<>();
        if (list != null) {
            for (Node n = list.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && e.getTagName().equals("member")) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent();
    }

    private static Map<String, String> pairs(Element list, String key, String value) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Element m : members(list)) {
            out.put(text(m, key), text(m, value) == null ? "" : text(m, value));
        }
        return out;
    }
}

package dev.lamina.lambda.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.HttpResponse;
import dev.lamina.edge.Router;
import dev.lamina.lambda.function.Arns;
import dev.lamina.lambda.function.FunctionRegistry;
import dev.lamina.lambda.function.Permissions;
import dev.lamina.lambda.function.PolicyStatement;
import java.io.IOException;
import java.util.List;

/** AddPermission, GetPolicy and RemovePermission: the policy rendered as the IAM JSON Lambda returns. */
public final class PolicyApi {
    private static final String PATH = "/2015-03-31/functions/{FunctionName}/policy";

    private final Permissions permissions;
    private final FunctionRegistry functions;
    private final Arns arns;
    private final ObjectMapper json;

    public PolicyApi(Permissions permissions, FunctionRegistry functions, ObjectMapper json) {
        this.permissions = permissions;
        this.functions = functions;
        this.arns = functions.arns();
        this.json = json;
    }

    public Router router() {
        return new Router()
                .add("POST", PATH, (r, p) -> add(r, p.get("FunctionName")))
                .add("GET", PATH, (r, p) -> get(r, p.get("FunctionName")))
                .add(
                        "DELETE",
                        PATH + "/{StatementId}",
                        (r, p) -> remove(r, p.get("FunctionName"), p.get("StatementId")));
    }

    private HttpResponse add(HttpRequest request, String functionName) throws IOException {
        Arns.FunctionRef ref = arns.parse(functionName, request.queryParam("Qualifier"));
        RequestBody body = RequestBody.parse(json, request.body());
        PolicyStatement added = permissions.add(
                ref.name(),
                ref.qualifier(),
                new PolicyStatement(
                        body.string("StatementId"),
                        body.string("Action"),
                        body.string("Principal"),
                        null,
                        body.string("SourceArn"),
                        body.string("SourceAccount"),
                        body.string("PrincipalOrgID"),
                        body.string("EventSourceToken"),
                        body.string("FunctionUrlAuthType")),
                body.string("RevisionId"));
        ObjectNode out = json.createObjectNode();
        out.put("Statement", json.writeValueAsString(statement(added)));
        return HttpResponse.json(201, json.writeValueAsBytes(out));
    }

    private HttpResponse get(HttpRequest request, String functionName) throws IOException {
        Arns.FunctionRef ref = arns.parseNamespaced(functionName, request.queryParam("Qualifier"));
        List<PolicyStatement> statements;
        try {
            statements = permissions.statements(ref.name(), ref.qualifier());
        } catch (AwsException e) {
            if (e.status() != 404) {
                throw e;
            }
            statements = List.of(); // GetPolicy says the same whether the function, version or policy is missing
        }
        if (statements.isEmpty()) {
            throw AwsException.notFound("The resource you requested does not exist.");
        }
        ObjectNode policy = json.createObjectNode();
        policy.put("Version", "2012-10-17");
        policy.put("Id", "default");
        ArrayNode list = policy.putArray("Statement");
        statements.forEach(s -> list.add(statement(s)));
        ObjectNode out = json.createObjectNode();
        out.put("Policy", json.writeValueAsString(policy));
        out.put("RevisionId", functions.get(ref.name()).revisionId());
        return HttpResponse.json(200, json.writeValueAsBytes(out));
    }

    private HttpResponse remove(HttpRequest request, String functionName, String sid) {
        Arns.FunctionRef ref = arns.parse(functionName, request.queryParam("Qualifier"));
        permissions.remove(ref.name(), ref.qualifier(), sid, request.queryParam("RevisionId"));
        return HttpResponse.empty(204);
    }

    /** One statement as IAM writes it: a service, an account or an ARN principal, and its conditions. */
    private ObjectNode statement(PolicyStatement s) {
        ObjectNode o = json.createObjectNode();
        o.put("Sid", s.sid());
        o.put("Effect", "Allow");
        String p = s.principal();
        if (p.equals("*")) {
            o.put("Principal", "*");
        } else if (p.endsWith(".amazonaws.com")) {
            o.putObject("Principal").put("Service", p);
        } else if (p.matches("\\d{12}")) {
            o.putObject("Principal").put("AWS", "arn:aws:iam::" + p + ":root");
        } else {
            o.putObject("Principal").put("AWS", p);
        }
        o.put("Action", s.action());
        o.put("Resource", s.resource());
        ObjectNode condition = json.createObjectNode();
        if (s.sourceArn() != null) {
            condition.putObject("ArnLike").put("AWS:SourceArn", s.sourceArn());
        }
        stringEquals(condition, "AWS:SourceAccount", s.sourceAccount());
        stringEquals(condition, "aws:PrincipalOrgID", s.principalOrgId());
        stringEquals(condition, "lambda:FunctionUrlAuthType", s.functionUrlAuthType());
        stringEquals(condition, "lambda:EventSourceToken", s.eventSourceToken());
        if (!condition.isEmpty()) {
            o.set("Condition", condition);
        }
        return o;
    }

    private static void stringEquals(ObjectNode condition, String key, String value) {
        if (value != null) {
            ObjectNode equals = condition.has("StringEquals")
                    ? (ObjectNode) condition.get("StringEquals")
                    : condition.putObject("StringEquals");
            equals.put(key, value);
        }
    }
}

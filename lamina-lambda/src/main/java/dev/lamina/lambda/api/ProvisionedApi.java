package dev.lamina.lambda.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.HttpResponse;
import dev.lamina.edge.Router;
import dev.lamina.lambda.LambdaErrors;
import dev.lamina.lambda.function.Arns;
import dev.lamina.lambda.function.ProvisionedConcurrency;
import java.io.IOException;

/** Put/Get/Delete/ListProvisionedConcurrencyConfig(s). */
public final class ProvisionedApi {
    private static final String PATH = "/2019-09-30/functions/{FunctionName}/provisioned-concurrency";
    private static final int PAGE = 50;

    private final ProvisionedConcurrency provisioned;
    private final Arns arns;
    private final ObjectMapper json;

    public ProvisionedApi(ProvisionedConcurrency provisioned, Arns arns, ObjectMapper json) {
        this.provisioned = provisioned;
        this.arns = arns;
        this.json = json;
    }

    public Router router() {
        return new Router()
                .add("PUT", PATH, (r, p) -> put(r, p.get("FunctionName")))
                .add("GET", PATH, (r, p) -> get(r, p.get("FunctionName")))
                .add("DELETE", PATH, (r, p) -> delete(r, p.get("FunctionName")));
    }

    private HttpResponse put(HttpRequest request, String functionName) throws IOException {
        Arns.FunctionRef ref = qualified(request, functionName);
        RequestBody body = RequestBody.parse(json, request.body());
        ProvisionedConcurrency.Status status =
                provisioned.put(ref.name(), ref.qualifier(), body.integer("ProvisionedConcurrentExecutions"));
        return HttpResponse.json(202, json.writeValueAsBytes(render(status, null)));
    }

    private HttpResponse get(HttpRequest request, String functionName) throws IOException {
        if ("ALL".equals(request.queryParam("List"))) {
            String name = LambdaApi.unqualified(arns, functionName);
            Markers.Page<ProvisionedConcurrency.Status> page =
                    Markers.page(provisioned.list(name), s -> s.config().qualifier(), request, PAGE);
            ObjectNode out = json.createObjectNode();
            ArrayNode items = out.putArray("ProvisionedConcurrencyConfigs");
            page.items()
                    .forEach(s -> items.add(
                            render(s, arns.functionArn(name, s.config().qualifier()))));
            if (page.nextMarker() != null) {
                out.put("NextMarker", page.nextMarker());
            }
            return HttpResponse.json(200, json.writeValueAsBytes(out));
        }
        Arns.FunctionRef ref = qualified(request, functionName);
        return HttpResponse.json(
                200, json.writeValueAsBytes(render(provisioned.get(ref.name(), ref.qualifier()), null)));
    }

    private HttpResponse delete(HttpRequest request, String functionName) {
        Arns.FunctionRef ref = qualified(request, functionName);
        provisioned.delete(ref.name(), ref.qualifier());
        return HttpResponse.empty(204);
    }

    private Arns.FunctionRef qualified(HttpRequest request, String functionName) {
        Arns.FunctionRef ref = arns.parse(functionName, request.queryParam("Qualifier"));
        if (ref.qualifier() == null) {
            throw LambdaErrors.invalidParameter("1 validation error detected: Value null at 'qualifier' failed to"
                    + " satisfy constraint: Member must not be null");
        }
        return ref;
    }

    private ObjectNode render(ProvisionedConcurrency.Status s, String functionArn) {
        ObjectNode o = json.createObjectNode();
        if (functionArn != null) {
            o.put("FunctionArn", functionArn);
        }
        o.put("RequestedProvisionedConcurrentExecutions", s.config().requested());
        o.put("AvailableProvisionedConcurrentExecutions", s.allocated());
        o.put("AllocatedProvisionedConcurrentExecutions", s.allocated());
        o.put("Status", s.status());
        if (s.reason() != null) {
            o.put("StatusReason", s.reason());
        }
        o.put("LastModified", s.config().lastModified());
        return o;
    }
}

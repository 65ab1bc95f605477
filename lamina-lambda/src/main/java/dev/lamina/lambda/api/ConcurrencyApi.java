package dev.lamina.lambda.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.HttpResponse;
import dev.lamina.edge.Router;
import dev.lamina.lambda.LambdaErrors;
import dev.lamina.lambda.function.Arns;
import dev.lamina.lambda.function.FunctionConfig;
import dev.lamina.lambda.function.FunctionRegistry;
import dev.lamina.lambda.function.Reservations;
import dev.lamina.lambda.layer.Layers;
import java.io.IOException;
import java.util.List;

/** A function's reserved concurrency, and the account's settings and usage (2016-08-19). */
public final class ConcurrencyApi {
    private final FunctionRegistry registry;
    private final Reservations reservations;
    private final Layers layers;
    private final Arns arns;
    private final ObjectMapper json;

    public ConcurrencyApi(FunctionRegistry registry, Reservations reservations, Layers layers, ObjectMapper json) {
        this.registry = registry;
        this.reservations = reservations;
        this.layers = layers;
        this.arns = registry.arns();
        this.json = json;
    }

    public Router router() {
        return new Router()
                .add(
                        "PUT",
                        "/2017-10-31/functions/{FunctionName}/concurrency",
                        (r, p) -> putConcurrency(r, p.get("FunctionName")))
                .add(
                        "GET",
                        "/2019-09-30/functions/{FunctionName}/concurrency",
                        (r, p) -> getConcurrency(p.get("FunctionName")))
                .add(
                        "DELETE",
                        "/2017-10-31/functions/{FunctionName}/concurrency",
                        (r, p) -> deleteConcurrency(p.get("FunctionName")))
                .add("GET", "/2016-08-19/account-settings", (r, p) -> accountSettings());
    }

    private HttpResponse putConcurrency(HttpRequest request, String functionName) throws IOException {
        String name = LambdaApi.unqualified(arns, functionName);
        RequestBody body = RequestBody.parse(json, request.body());
        Integer value = body.integer("ReservedConcurrentExecutions");
        if (value == null) {
            throw LambdaErrors.invalidParameter("1 validation error detected: Value null at"
                    + " 'reservedConcurrentExecutions' failed to satisfy constraint: Member must not be null");
        }
        int set = reservations.put(name, value);
        return HttpResponse.json(
                200, json.writeValueAsBytes(json.createObjectNode().put("ReservedConcurrentExecutions", set)));
    }

    private HttpResponse getConcurrency(String functionName) throws IOException {
        String name = LambdaApi.unqualified(arns, functionName);
        registry.get(name);
        Integer reserved = reservations.of(name);
        ObjectNode out = json.createObjectNode();
        if (reserved != null) {
            out.put("ReservedConcurrentExecutions", reserved);
        }
        return HttpResponse.json(200, json.writeValueAsBytes(out));
    }

    private HttpResponse deleteConcurrency(String functionName) {
        reservations.delete(LambdaApi.unqualified(arns, functionName));
        return HttpResponse.empty(204);
    }

    private HttpResponse accountSettings() throws IOException {
        ObjectNode out = json.createObjectNode();
        List<FunctionConfig> all = registry.list();
        // Lambda counts the code of every published version and of every layer version too.
        long codeSize = all.stream()
                        .flatMap(f -> registry.versionsIfAny(f.name()).stream())
                        .mapToLong(f -> f.code().size())
                        .sum()
                + layers.totalCodeSize();
        out.putObject("AccountLimit")
                .put("TotalCodeSize", 80_530_636_800L)
                .put("CodeSizeUnzipped", 262_144_000L)
                .put("CodeSizeZipped", 52_428_800L)
                .put("ConcurrentExecutions", reservations.limit())
                .put("UnreservedConcurrentExecutions", reservations.limit() - reservations.total());
        out.putObject("AccountUsage").put("TotalCodeSize", codeSize).put("FunctionCount", all.size());
        return HttpResponse.json(200, json.writeValueAsBytes(out));
    }
}

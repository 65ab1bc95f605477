package dev.lamina.lambda.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.HttpResponse;
import dev.lamina.edge.Router;
import dev.lamina.lambda.LambdaErrors;
import dev.lamina.lambda.async.EventInvokeConfig;
import dev.lamina.lambda.async.EventInvokeConfigs;
import dev.lamina.lambda.function.Arns;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;

/**
 * Put/Update/Get/Delete/ListFunctionEventInvokeConfig(s) (2019-09-25): how a function's asynchronous
 * invocations are retried, how old they may grow, and where their records go.
 */
public final class EventInvokeConfigApi {
    private static final String PATH = "/2019-09-25/functions/{FunctionName}/event-invoke-config";
    private static final int MAX_ITEMS = 50;

    private final EventInvokeConfigs configs;
    private final Arns arns;
    private final ObjectMapper json;

    public EventInvokeConfigApi(EventInvokeConfigs configs, Arns arns, ObjectMapper json) {
        this.configs = configs;
        this.arns = arns;
        this.json = json;
    }

    public Router router() {
        return new Router()
                .add("PUT", PATH, (r, p) -> put(r, p.get("FunctionName")))
                .add("POST", PATH, (r, p) -> update(r, p.get("FunctionName")))
                .add("GET", PATH, (r, p) -> get(r, p.get("FunctionName")))
                .add("DELETE", PATH, (r, p) -> delete(r, p.get("FunctionName")))
                .add("GET", PATH + "/list", (r, p) -> list(r, p.get("FunctionName")));
    }

    private HttpResponse put(HttpRequest request, String functionName) throws IOException {
        EventInvokeConfig config = configs.put(functionName, request.queryParam("Qualifier"), change(request.body()));
        return HttpResponse.json(200, json.writeValueAsBytes(render(config)));
    }

    private HttpResponse update(HttpRequest request, String functionName) throws IOException {
        EventInvokeConfig config =
                configs.update(functionName, request.queryParam("Qualifier"), change(request.body()));
        return HttpResponse.json(200, json.writeValueAsBytes(render(config)));
    }

    private HttpResponse get(HttpRequest request, String functionName) throws IOException {
        EventInvokeConfig config = configs.get(functionName, request.queryParam("Qualifier"));
        return HttpResponse.json(200, json.writeValueAsBytes(render(config)));
    }

    private HttpResponse delete(HttpRequest request, String functionName) {
        configs.delete(functionName, request.queryParam("Qualifier"));
        return HttpResponse.empty(204);
    }

    private HttpResponse list(HttpRequest request, String functionName) throws IOException {
        int max = maxItems(request.queryParam("MaxItems"));
        List<EventInvokeConfig> all = configs.list(functionName);
        String marker = request.queryParam("Marker");
        int start = 0;
        if (marker != null && !marker.isEmpty()) {
            String after = Markers.decode(marker);
            while (start < all.size() && all.get(start).qualifier().compareTo(after) <= 0) {
                start++;
            }
        }
        int end = Math.min(all.size(), start + max);
        ObjectNode out = json.createObjectNode();
        ArrayNode items = out.putArray("FunctionEventInvokeConfigs");
        for (int i = start; i < end; i++) {
            items.add(render(all.get(i)));
        }
        if (end < all.size()) {
            out.put("NextMarker", Markers.encode(all.get(end - 1).qualifier()));
        }
        return HttpResponse.json(200, json.writeValueAsBytes(out));
    }

    private static int maxItems(String text) {
        if (text == null) {
            return MAX_ITEMS;
        }
        int max;
        try {
            max = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw LambdaErrors.invalidParameter("Value '" + text + "' at 'maxItems' must be an integer.");
        }
        if (max < 1 || max > MAX_ITEMS) {
            throw AwsException.validation("1 validation error detected: Value '" + max
                    + "' at 'maxItems' failed to satisfy constraint: Member must have value "
                    + (max < 1 ? "greater than or equal to 1" : "less than or equal to " + MAX_ITEMS));
        }
        return max;
    }

    private EventInvokeConfigs.Change change(byte[] body) {
        RequestBody b = RequestBody.parse(json, body);
        RequestBody destinations = b.object("DestinationConfig");
        String onSuccess = null;
        String onFailure = null;
        if (destinations != null) {
            onSuccess = destination(destinations.object("OnSuccess"));
            onFailure = destination(destinations.object("OnFailure"));
        }
        return new EventInvokeConfigs.Change(
                b.integer("MaximumRetryAttempts"), b.integer("MaximumEventAgeInSeconds"), onSuccess, onFailure);
    }

    /** The destination an OnSuccess/OnFailure member names; "" clears it, absence keeps it. */
    private static String destination(RequestBody target) {
        if (target == null) {
            return null;
        }
        String arn = target.string("Destination");
        return arn == null ? "" : arn;
    }

    private ObjectNode render(EventInvokeConfig c) {
        ObjectNode o = json.createObjectNode();
        o.put("LastModified", BigDecimal.valueOf(c.lastModified(), 3));
        o.put("FunctionArn", arns.functionArn(c.functionName(), c.qualifier()));
        if (c.maximumRetryAttempts() != null) {
            o.put("MaximumRetryAttempts", c.maximumRetryAttempts());
        }
        if (c.maximumEventAgeInSeconds() != null) {
            o.put("MaximumEventAgeInSeconds", c.maximumEventAgeInSeconds());
        }
        ObjectNode destinations = o.putObject("DestinationConfig");
        ObjectNode onSuccess = destinations.putObject("OnSuccess");
        if (c.onSuccess() != null) {
            onSuccess.put("Destination", c.onSuccess());
        }
        ObjectNode onFailure = destinations.putObject("OnFailure");
        if (c.onFailure() != null) {
            onFailure.put("Destination", c.onFailure());
        }
        return o;
    }
}

package dev.lamina.lambda.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.HttpResponse;
import dev.lamina.edge.PublicUrls;
import dev.lamina.edge.Router;
import dev.lamina.lambda.LambdaErrors;
import dev.lamina.lambda.api.url.FunctionUrlEndpoint;
import dev.lamina.lambda.function.Arns;
import dev.lamina.lambda.url.Cors;
import dev.lamina.lambda.url.FunctionUrlConfig;
import dev.lamina.lambda.url.FunctionUrls;
import java.io.IOException;
import java.util.List;

/**
 * Create/Get/Update/Delete/List FunctionUrlConfig(s) (2021-10-31): parse, one call to
 * {@link FunctionUrls}, render. Create and Update answer without InvokeMode, Get and List with it,
 * as Lambda does.
 */
public final class FunctionUrlApi {
    private static final int LIST_PAGE = 50;
    /** Makes the marker after the unqualified URL (qualifier "") non-empty: SDKs stop at an empty one. */
    private static final String MARKER_PREFIX = "url:";

    private final FunctionUrls urls;
    private final Arns arns;
    private final ObjectMapper json;
    private final PublicUrls publicUrls;

    /** @param publicUrls makes a URL's {@code FunctionUrl} */
    public FunctionUrlApi(FunctionUrls urls, ObjectMapper json, PublicUrls publicUrls) {
        this.urls = urls;
        this.arns = urls.arns();
        this.json = json;
        this.publicUrls = publicUrls;
    }

    public Router router() {
        String path = "/2021-10-31/functions/{FunctionName}/url";
        return new Router()
                .add("POST", path, (r, p) -> create(r, p.get("FunctionName")))
                .add("GET", path, (r, p) -> get(r, p.get("FunctionName")))
                .add("PUT", path, (r, p) -> update(r, p.get("FunctionName")))
                .add("DELETE", path, (r, p) -> delete(r, p.get("FunctionName")))
                .add("GET", "/2021-10-31/functions/{FunctionName}/urls", (r, p) -> list(r, p.get("FunctionName")));
    }

    private HttpResponse create(HttpRequest request, String functionName) throws IOException {
        Arns.FunctionRef ref = ref(request, functionName);
        RequestBody body = RequestBody.parse(json, request.body());
        String authType = body.string("AuthType");
        if (authType == null) {
            throw AwsException.validation("1 validation error detected: Value null at 'authType' failed to"
                    + " satisfy constraint: Member must not be null");
        }
        FunctionUrlConfig created =
                urls.create(ref, authType(authType), cors(body.object("Cors")), invokeMode(body.string("InvokeMode")));
        return HttpResponse.json(201, json.writeValueAsBytes(render(request, created, false, false)));
    }

    private HttpResponse get(HttpRequest request, String functionName) throws IOException {
        FunctionUrlConfig config = urls.get(ref(request, functionName));
        return HttpResponse.json(200, json.writeValueAsBytes(render(request, config, true, true)));
    }

    private HttpResponse update(HttpRequest request, String functionName) throws IOException {
        Arns.FunctionRef ref = ref(request, functionName);
        RequestBody body = RequestBody.parse(json, request.body());
        String authType = body.string("AuthType");
        FunctionUrlConfig updated = urls.update(
                ref,
                authType == null ? null : authType(authType),
                body.has("Cors"),
                cors(body.object("Cors")),
                invokeMode(body.string("InvokeMode")));
        return HttpResponse.json(200, json.writeValueAsBytes(render(request, updated, true, false)));
    }

    private HttpResponse delete(HttpRequest request, String functionName) {
        urls.delete(ref(request, functionName));
        return HttpResponse.empty(204);
    }

    private HttpResponse list(HttpRequest request, String functionName) throws IOException {
        Arns.FunctionRef ref = arns.parse(functionName, null);
        if (ref.qualifier() != null) {
            throw LambdaErrors.invalidParameter("Unsupported operation on a qualified function: " + functionName);
        }
        int max = Markers.maxItems(request, LIST_PAGE);
        String marker = request.queryParam("Marker");
        if (marker != null && !marker.isEmpty() && !Markers.decode(marker).startsWith(MARKER_PREFIX)) {
            throw LambdaErrors.invalidParameter("Invalid marker: " + marker);
        }
        Markers.Page<FunctionUrlConfig> page =
                Markers.page(urls.list(ref.name()), c -> MARKER_PREFIX + c.qualifierKey(), marker, max);
        ObjectNode out = json.createObjectNode();
        ArrayNode items = out.putArray("FunctionUrlConfigs");
        for (FunctionUrlConfig c : page.items()) {
            items.add(render(request, c, true, true));
        }
        if (page.nextMarker() != null) {
            out.put("NextMarker", page.nextMarker());
        }
        return HttpResponse.json(200, json.writeValueAsBytes(out));
    }

    private ObjectNode render(HttpRequest request, FunctionUrlConfig c, boolean lastModified, boolean invokeMode) {
        ObjectNode o = json.createObjectNode();
        o.put("FunctionUrl", publicUrls.url(FunctionUrlEndpoint.ENDPOINT, c.urlId(), request.header("host")));
        o.put("FunctionArn", arns.functionArn(c.functionName(), c.qualifier()));
        o.put("AuthType", c.authType().name());
        if (c.cors() != null) {
            Cors cors = c.cors();
            ObjectNode co = o.putObject("Cors");
            if (cors.allowCredentials() != null) {
                co.put("AllowCredentials", cors.allowCredentials());
            }
            strings(co, "AllowHeaders", cors.allowHeaders());
            strings(co, "AllowMethods", cors.allowMethods());
            strings(co, "AllowOrigins", cors.allowOrigins());
            strings(co, "ExposeHeaders", cors.exposeHeaders());
            if (cors.maxAge() != null) {
                co.put("MaxAge", cors.maxAge());
            }
        }
        o.put("CreationTime", c.creationTime());
        if (lastModified) {
            o.put("LastModifiedTime", c.lastModifiedTime());
        }
        if (invokeMode) {
            o.put("InvokeMode", c.invokeMode().name());
        }
        return o;
    }

    private static void strings(ObjectNode parent, String member, List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode array = parent.putArray(member);
            values.forEach(array::add);
        }
    }

    private Arns.FunctionRef ref(HttpRequest request, String functionName) {
        return arns.parse(functionName, request.queryParam("Qualifier"));
    }

    private static Cors cors(RequestBody body) {
        if (body == null) {
            return null;
        }
        return new Cors(
                body.bool("AllowCredentials"),
                body.stringList("AllowHeaders"),
                body.stringList("AllowMethods"),
                body.stringList("AllowOrigins"),
                body.stringList("ExposeHeaders"),
                body.integer("MaxAge"));
    }

    private static FunctionUrlConfig.AuthType authType(String value) {
        return enumValue(FunctionUrlConfig.AuthType.class, value, "authType", "[NONE, AWS_IAM]");
    }

    private static FunctionUrlConfig.InvokeMode invokeMode(String value) {
        return value == null
                ? null
                : enumValue(FunctionUrlConfig.InvokeMode.class, value, "invokeMode", "[RESPONSE_STREAM, BUFFERED]");
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String member, String allowed) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw AwsException.validation("1 validation error detected: Value '" + value + "' at '" + member
                    + "' failed to satisfy constraint: Member must satisfy enum value set: " + allowed);
        }
    }
}

package dev.lamina.lambda.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.HttpResponse;
import dev.lamina.edge.Router;
import dev.lamina.lambda.LambdaErrors;
import dev.lamina.lambda.async.Destinations;
import dev.lamina.lambda.function.Arns;
import dev.lamina.lambda.function.FunctionConfig;
import dev.lamina.lambda.function.FunctionRegistry;
import dev.lamina.lambda.function.FunctionSettings;
import dev.lamina.lambda.function.Functions;
import dev.lamina.lambda.function.Layer;
import dev.lamina.lambda.function.LoggingConfig;
import dev.lamina.lambda.function.Reservations;
import dev.lamina.lambda.function.Versions;
import dev.lamina.lambda.layer.Layers;
import dev.lamina.lambda.validation.LambdaMembers;
import dev.lamina.lambda.validation.Violations;
import dev.lamina.spi.s3.ObjectSource;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Lambda's functions (2015-03-31): create, read, list, update and delete them, and download their code.
 * Each handler parses the request, calls one domain operation and renders the answer. Paths and status
 * codes as in the botocore model.
 */
public final class LambdaApi {
    private static final int LIST_PAGE = 50;

    private final FunctionRegistry registry;
    private final Functions functions;
    private final Versions versions;
    private final Reservations reservations;
    private final Layers layers;
    private final Arns arns;
    private final ObjectMapper json;
    private final FunctionJson render;
    private final Destinations destinations;
    private final CodeLinks codeLinks;

    /** The node's S3, for packages given as an object; {@code null} without one. */
    private final Supplier<ObjectSource> objects;

    /** @param codeLinks makes the {@code Location} links of GetFunction */
    public LambdaApi(
            FunctionRegistry registry,
            Functions functions,
            Versions versions,
            Reservations reservations,
            Layers layers,
            ObjectMapper json,
            CodeLinks codeLinks,
            Supplier<ObjectSource> objects) {
        this.objects = objects;
        this.registry = registry;
        this.functions = functions;
        this.versions = versions;
        this.codeLinks = codeLinks;
        this.reservations = reservations;
        this.layers = layers;
        this.arns = registry.arns();
        this.json = json;
        this.render = new FunctionJson(json, arns);
        this.destinations = new Destinations(arns, registry);
    }

    public Router router() {
        return new Router()
                .add("POST", "/2015-03-31/functions", (r, p) -> create(r))
                .add("GET", "/2015-03-31/functions", (r, p) -> list(r))
                .add("GET", "/2015-03-31/functions/{FunctionName}", (r, p) -> get(r, p.get("FunctionName")))
                .add("DELETE", "/2015-03-31/functions/{FunctionName}", (r, p) -> delete(r, p.get("FunctionName")))
                .add(
                        "GET",
                        "/2015-03-31/functions/{FunctionName}/configuration",
                        (r, p) -> getConfiguration(r, p.get("FunctionName")))
                .add(
                        "PUT",
                        "/2015-03-31/functions/{FunctionName}/configuration",
                        (r, p) -> updateConfiguration(r, p.get("FunctionName")))
                .add("PUT", "/2015-03-31/functions/{FunctionName}/code", (r, p) -> updateCode(r, p.get("FunctionName")))
                .add("GET", "/_lamina/code/{Sha}", (r, p) -> code(p.get("Sha")));
    }

    private HttpResponse create(HttpRequest request) throws IOException {
        RequestBody body = RequestBody.parse(json, request.body());
        Arns.FunctionRef ref = arns.parseForCreate(body.string("FunctionName"));
        CreateRequestRules.check(body);
        String role = body.string("Role");
        RequestBody code = body.object("Code");
        byte[] zip = null;
        if (code != null) {
            zip = CreateRequestRules.zip(code, objects.get());
        }
        RequestBody environment = body.object("Environment");
        RequestBody storage = body.object("EphemeralStorage");
        String deadLetters = deadLetterTarget(body);
        FunctionSettings settings = new FunctionSettings(
                body.string("Runtime"),
                body.string("Handler"),
                role,
                body.string("Description"),
                orDefault(body.integer("Timeout"), 3),
                orDefault(body.integer("MemorySize"), 128),
                environment == null ? Map.of() : orEmpty(environment.stringMap("Variables")),
                storage == null ? 512 : orDefault(storage.integer("Size"), 512),
                body.stringList("Architectures"),
                layers(body),
                tracingMode(body),
                environment != null,
                deadLetters,
                logging(LoggingConfig.DEFAULT, body));
        Map<String, String> tags = body.stringMap("Tags");
        if (tags != null && tags.size() > TagsApi.MAX_TAGS) {
            throw LambdaErrors.invalidParameter("Number of tags exceeds resource tag limit.");
        }
        FunctionConfig created = functions.create(ref.name(), settings, zip, tags);
        if (Boolean.TRUE.equals(body.bool("Publish"))) {
            created = publishWhenReady(created);
        }
        return HttpResponse.json(201, json.writeValueAsBytes(render.configuration(created, false, null)));
    }

    /** The request's {@code DeadLetterConfig.TargetArn}, checked; {@code null} when absent or empty. */
    private String deadLetterTarget(RequestBody body) {
        RequestBody config = body.object("DeadLetterConfig");
        return config == null ? null : destinations.checkDeadLetterTarget(config.string("TargetArn"));
    }

    private static String orEmptyString(String value) {
        return value == null ? "" : value;
    }

    /** {@code current} with the request's {@code LoggingConfig}, checked; {@code current} when absent. */
    private static LoggingConfig logging(LoggingConfig current, RequestBody body) {
        RequestBody config = body.object("LoggingConfig");
        return config == null
                ? current
                : current.with(
                        config.string("LogFormat"),
                        config.string("ApplicationLogLevel"),
                        config.string("SystemLogLevel"),
                        config.string("LogGroup"));
    }

    private static String tracingMode(RequestBody body) {
        RequestBody tracing = body.object("TracingConfig");
        return tracing == null ? null : tracing.string("Mode");
    }

    private HttpResponse get(HttpRequest request, String functionName) throws IOException {
        Arns.FunctionRef ref = arns.parseNamespaced(functionName, request.queryParam("Qualifier"));
        FunctionConfig config = registry.version(ref.name(), ref.qualifier());
        ObjectNode out = json.createObjectNode();
        out.set("Configuration", render.configuration(config, false, ref.qualifier()));
        ObjectNode code = out.putObject("Code");
        code.put("RepositoryType", "S3");
        code.put("Location", codeLinks.location(request, config.code().sha256Hex()));
        Map<String, String> functionTags = registry.get(ref.name()).tags(); // tags belong to the function
        if (!functionTags.isEmpty()) {
            ObjectNode tags = out.putObject("Tags");
            functionTags.forEach(tags::put);
        }
        Integer reserved = reservations.of(config.name());
        if (reserved != null) {
            out.putObject("Concurrency").put("ReservedConcurrentExecutions", reserved);
        }
        return HttpResponse.json(200, json.writeValueAsBytes(out));
    }

    private HttpResponse getConfiguration(HttpRequest request, String functionName) throws IOException {
        Arns.FunctionRef ref = arns.parseNamespaced(functionName, request.queryParam("Qualifier"));
        FunctionConfig config = registry.version(ref.name(), ref.qualifier());
        return HttpResponse.json(200, json.writeValueAsBytes(render.configuration(config, false, ref.qualifier())));
    }

    private HttpResponse list(HttpRequest request) throws IOException {
        String version = request.queryParam("FunctionVersion");
        new Violations().check(LambdaMembers.LIST_FUNCTION_VERSION, version).throwIfAny();
        List<FunctionConfig> all = version == null
                ? registry.list()
                : registry.list().stream()
                        .flatMap(f -> registry.versionsIfAny(f.name()).stream())
                        .toList();
        Markers.Page<FunctionConfig> page = Markers.page(all, LambdaApi::listKey, request, LIST_PAGE);
        ObjectNode out = json.createObjectNode();
        ArrayNode items = out.putArray("Functions");
        for (FunctionConfig c : page.items()) {
            items.add(render.configuration(c, true, version == null ? null : c.version()));
        }
        if (page.nextMarker() != null) {
            out.put("NextMarker", page.nextMarker());
        }
        return HttpResponse.json(200, json.writeValueAsBytes(out));
    }

    private HttpResponse updateCode(HttpRequest request, String functionName) throws IOException {
        String name = unqualified(functionName);
        RequestBody body = RequestBody.parse(json, request.body());
        CreateRequestRules.checkCode(body);
        byte[] zip = CreateRequestRules.zip(body, objects.get());
        if (zip == null) {
            throw LambdaErrors.invalidParameter("Please provide a source for function code: ZipFile.");
        }
        FunctionConfig updated =
                functions.updateCode(name, zip, body.stringList("Architectures"), body.string("RevisionId"));
        if (Boolean.TRUE.equals(body.bool("Publish"))) {
            FunctionConfig version = publishWhenReady(updated);
            return HttpResponse.json(
                    200,
                    json.writeValueAsBytes(
                            render.configuration(registry.version(name, version.version()), false, version.version())));
        }
        return HttpResponse.json(200, json.writeValueAsBytes(render.configuration(updated, false, null)));
    }

    private HttpResponse updateConfiguration(HttpRequest request, String functionName) throws IOException {
        String name = unqualified(functionName);
        RequestBody body = RequestBody.parse(json, request.body());
        CreateRequestRules.checkUpdate(body);
        String runtime = body.string("Runtime");
        String handler = body.string("Handler");
        String role = body.string("Role");
        String description = body.string("Description");
        Integer timeout = body.integer("Timeout");
        Integer memory = body.integer("MemorySize");
        RequestBody environment = body.object("Environment");
        Map<String, String> variables = environment == null ? null : orEmpty(environment.stringMap("Variables"));
        RequestBody storage = body.object("EphemeralStorage");
        Integer storageSize = storage == null ? null : storage.integer("Size");
        List<Layer> newLayers = body.has("Layers") ? layers(body) : null;
        RequestBody tracing = body.object("TracingConfig");
        String tracingMode = tracing == null ? null : tracing.string("Mode");
        String deadLetters = body.has("DeadLetterConfig") ? orEmptyString(deadLetterTarget(body)) : null;
        FunctionConfig updated = functions.updateConfiguration(
                name,
                s -> new FunctionSettings(
                        runtime != null ? runtime : s.runtime(),
                        handler != null ? handler : s.handler(),
                        role != null ? role : s.role(),
                        description != null ? description : s.description(),
                        timeout != null ? timeout : s.timeoutSeconds(),
                        memory != null ? memory : s.memoryMb(),
                        variables != null ? variables : s.environment(),
                        storageSize != null ? storageSize : s.ephemeralStorageMb(),
                        s.architectures(),
                        newLayers != null ? newLayers : s.layers(),
                        tracingMode != null ? tracingMode : s.tracingMode(),
                        s.environmentSent() || variables != null,
                        deadLetters != null ? deadLetters : s.deadLetterTargetArn(),
                        logging(s.logging(), body)),
                body.string("RevisionId"));
        return HttpResponse.json(200, json.writeValueAsBytes(render.configuration(updated, false, null)));
    }

    /** The request's {@code Layers} (version ARNs) as the function keeps them; none when absent. */
    private List<Layer> layers(RequestBody body) {
        List<String> arns = body.stringList("Layers");
        return arns == null ? List.of() : layers.resolve(arns);
    }

    private HttpResponse delete(HttpRequest request, String functionName) {
        Arns.FunctionRef ref = arns.parseNamespaced(functionName, request.queryParam("Qualifier"));
        if (ref.qualifier() != null && !ref.qualifier().equals(FunctionRegistry.LATEST)) {
            if (!FunctionRegistry.isVersionNumber(ref.qualifier())) {
                registry.get(ref.name()); // a missing function first, by its unqualified ARN
                throw LambdaErrors.invalidParameter("Deletion of aliases is not currently supported.");
            }
            versions.delete(ref.name(), ref.qualifier());
            return HttpResponse.empty(204);
        }
        if (ref.qualifier() != null) {
            throw LambdaErrors.invalidParameter("$LATEST version cannot be deleted without deleting the function.");
        }
        functions.delete(ref.name());
        return HttpResponse.empty(204);
    }

    private HttpResponse code(String sha256Hex) throws IOException {
        if (!sha256Hex.matches("[0-9a-f]{64}")) {
            throw AwsException.notFound("No such code package");
        }
        byte[] zip;
        try {
            zip = registry.code().read(sha256Hex);
        } catch (java.nio.file.NoSuchFileException e) {
            throw AwsException.notFound("No such code package");
        }
        return new HttpResponse(200, Map.of("Content-Type", "application/zip"), zip);
    }

    /**
     * Publishes what a create or code update with {@code Publish} set just stored, once its code is
     * prepared; answers with {@code $LATEST}'s configuration and the new version number, as Lambda does.
     */
    private FunctionConfig publishWhenReady(FunctionConfig stored) {
        registry.forInvoke(stored.name(), null);
        FunctionConfig version = versions.publish(stored.name(), null, null, null);
        FunctionConfig latest = registry.get(stored.name());
        return new FunctionConfig(
                latest.name(),
                version.version(),
                latest.settings(),
                latest.code(),
                latest.revisionId(),
                latest.lastModified(),
                stored.state(),
                stored.lastUpdateStatus(),
                latest.tags());
    }

    /** Orders ListFunctions: by name, and by version number within a function. */
    private static String listKey(FunctionConfig c) {
        String version = c.version().equals(FunctionRegistry.LATEST) ? "" : c.version();
        return c.name() + " " + "0".repeat(Math.max(0, 10 - version.length())) + version;
    }

    private String unqualified(String functionName) {
        return unqualified(arns, functionName);
    }

    /** The name of a function reference that must not carry a qualifier. */
    static String unqualified(Arns arns, String functionName) {
        Arns.FunctionRef ref = arns.parse(functionName, null);
        if (ref.qualifier() != null) {
            throw LambdaErrors.invalidParameter("This operation is permitted on Lambda functions only. Aliases and"
                    + " versions do not support this operation. Please specify either a function name or an"
                    + " unqualified function ARN.");
        }
        return ref.name();
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }
}

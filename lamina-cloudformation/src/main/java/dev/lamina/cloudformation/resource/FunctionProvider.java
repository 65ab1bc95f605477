package dev.lamina.cloudformation.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.cloudformation.stack.StackResource;
import dev.lamina.core.AwsException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * {@code AWS::Lambda::Function} through Lambda's CreateFunction, UpdateFunctionConfiguration,
 * UpdateFunctionCode and DeleteFunction. Ref is the function's name; attribute {@code Arn}. Code comes
 * from {@code S3Bucket}/{@code S3Key} or {@code ZipFile}, source text that CloudFormation puts in a
 * package as {@code index.py} (Python) or {@code index.js} (anything else). A new name needs a new function.
 */
final class FunctionProvider implements ResourceProvider {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String FUNCTIONS = "/2015-03-31/functions";
    /** The members UpdateFunctionConfiguration takes, as named in the template. */
    private static final String[] CONFIGURATION = {
        "Runtime",
        "Handler",
        "Role",
        "MemorySize",
        "Timeout",
        "Environment",
        "Description",
        "Layers",
        "EphemeralStorage",
        "TracingConfig",
        "DeadLetterConfig"
    };
    /** A fixed time for the entries of an inline package, so the same source is the same package. */
    private static final long ZIP_TIME = 315_532_800_000L;

    /** How long a function's code may take to prepare before the resource fails. */
    private static final java.time.Duration STABILIZATION = java.time.Duration.ofMinutes(5);
    /** How often a function being prepared is looked at again. */
    private static final java.time.Duration POLL = java.time.Duration.ofMillis(20);

    private final ServiceCalls calls;

    FunctionProvider(ServiceCalls calls) {
        this.calls = calls;
    }

    @Override
    public Made create(Request request) throws Exception {
        ObjectNode p = request.properties();
        String name = calls.name(request, "FunctionName", 64, false);
        ObjectNode in = configuration(p).put("FunctionName", name);
        in.set("Code", code(p));
        copy(p, in, "Architectures", "PackageType");
        ObjectNode tags = NODES.objectNode();
        p.path("Tags")
                .forEach(t -> tags.put(t.path("Key").asText(), t.path("Value").asText()));
        if (!tags.isEmpty()) {
            in.set("Tags", tags);
        }
        JsonNode out = calls.rest("lambda", "POST", FUNCTIONS, in);
        ResourceProvider.finishOrRemove(
                () -> {
                    reserve(name, p);
                    awaitStable(name);
                },
                () -> calls.rest("lambda", "DELETE", FUNCTIONS + "/" + ServiceCalls.encode(name), null));
        return new Made(name, Map.of("Arn", out.path("FunctionArn").asText()));
    }

    @Override
    public Made update(Request request, StackResource current) throws Exception {
        JsonNode before = current.properties();
        ObjectNode p = request.properties();
        if (!Objects.equals(before.get("FunctionName"), p.get("FunctionName"))
                || !Objects.equals(before.get("Architectures"), p.get("Architectures"))) {
            return null;
        }
        String path = FUNCTIONS + "/" + ServiceCalls.encode(current.physicalId());
        ObjectNode configuration = configuration(p);
        if (!configuration.has("Environment")) {
            configuration.putObject("Environment").putObject("Variables"); // a removed environment is emptied
        }
        calls.rest("lambda", "PUT", path + "/configuration", configuration);
        if (!Objects.equals(before.get("Code"), p.get("Code"))) {
            awaitStable(current.physicalId()); // Lambda refuses a change while another is in progress
            calls.rest("lambda", "PUT", path + "/code", code(p));
        }
        reserve(current.physicalId(), p);
        awaitStable(current.physicalId());
        return new Made(current.physicalId(), current.attributes());
    }

    /**
     * Waits until the function's code is prepared ({@code Active}, its last update {@code Successful}),
     * as CloudFormation does before a function counts as made or updated: what depends on it (a
     * version published from it, an alias, a mapping) finds it ready. A function whose preparation
     * failed fails the resource with Lambda's reason.
     */
    private void awaitStable(String name) throws Exception {
        long deadline = System.nanoTime() + STABILIZATION.toNanos();
        String path = FUNCTIONS + "/" + ServiceCalls.encode(name) + "/configuration";
        while (true) {
            JsonNode c = calls.rest("lambda", "GET", path, null);
            String state = c.path("State").asText("Active");
            String update = c.path("LastUpdateStatus").asText("Successful");
            if (state.equals("Failed") || update.equals("Failed")) {
                String reason = state.equals("Failed")
                        ? c.path("StateReason").asText()
                        : c.path("LastUpdateStatusReason").asText();
                throw new AwsException(400, "NotStabilized", "Function " + name + " failed to stabilize: " + reason);
            }
            if (state.equals("Active") && update.equals("Successful")) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AwsException(
                        400, "NotStabilized", "Function " + name + " did not stabilize within " + STABILIZATION);
            }
            Thread.sleep(POLL);
        }
    }

    @Override
    public void delete(StackResource resource) throws Exception {
        calls.deleteIfPresent("lambda", FUNCTIONS + "/" + ServiceCalls.encode(resource.physicalId()));
    }

    private void reserve(String name, ObjectNode p) throws Exception {
        if (p.has("ReservedConcurrentExecutions")) {
            calls.rest(
                    "lambda",
                    "PUT",
                    "/2017-10-31/functions/" + ServiceCalls.encode(name) + "/concurrency",
                    NODES.objectNode().set("ReservedConcurrentExecutions", p.get("ReservedConcurrentExecutions")));
        }
    }

    private static ObjectNode configuration(ObjectNode p) {
        ObjectNode in = NODES.objectNode();
        copy(p, in, CONFIGURATION);
        return in;
    }

    private static void copy(ObjectNode from, ObjectNode to, String... members) {
        for (String member : members) {
            if (from.has(member)) {
                to.set(member, from.get(member));
            }
        }
    }

    private static ObjectNode code(ObjectNode p) throws IOException {
        JsonNode code = p.path("Code");
        if (code.has("ZipFile")) {
            String file = p.path("Runtime").asText().startsWith("python") ? "index.py" : "index.js";
            return NODES.objectNode()
                    .put(
                            "ZipFile",
                            Base64.getEncoder()
                                    .encodeToString(
                                            zip(file, code.get("ZipFile").asText())));
        }
        ObjectNode out = NODES.objectNode();
        copy((ObjectNode) code, out, "S3Bucket", "S3Key", "S3ObjectVersion", "ImageUri");
        return out;
    }

    private static byte[] zip(String file, String source) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            ZipEntry entry = new ZipEntry(file);
            entry.setTime(ZIP_TIME);
            zip.putNextEntry(entry);
            zip.write(source.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}

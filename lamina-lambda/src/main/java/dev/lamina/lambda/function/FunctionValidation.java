package dev.lamina.lambda.function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.core.AwsException;
import dev.lamina.lambda.LambdaErrors;
import dev.lamina.lambda.runtime.RuntimeCatalog;
import dev.lamina.lambda.runtime.RuntimeFamily;
import dev.lamina.lambda.validation.LambdaMembers;
import dev.lamina.lambda.validation.Violations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Lambda's rules for a function's settings and package, each broken rule an InvalidParameterValueException. */
final class FunctionValidation {
    private static final Pattern ENV_KEY = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]+");
    private static final Set<String> RESERVED_ENV = Set.of(
            "_HANDLER",
            "_X_AMZN_TRACE_ID",
            "AWS_REGION",
            "AWS_DEFAULT_REGION",
            "AWS_EXECUTION_ENV",
            "AWS_LAMBDA_FUNCTION_NAME",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            "AWS_LAMBDA_FUNCTION_VERSION",
            "AWS_LAMBDA_INITIALIZATION_TYPE",
            "AWS_LAMBDA_LOG_GROUP_NAME",
            "AWS_LAMBDA_LOG_STREAM_NAME",
            "AWS_ACCESS_KEY",
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "AWS_LAMBDA_RUNTIME_API",
            "LAMBDA_TASK_ROOT",
            "LAMBDA_RUNTIME_DIR");
    private static final Pattern ALIAS = Pattern.compile("(?!^[0-9]+$)([a-zA-Z0-9-_]+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper SORTED_JSON = new ObjectMapper()
            .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final RuntimeCatalog runtimes;

    FunctionValidation(RuntimeCatalog runtimes) {
        this.runtimes = runtimes;
    }

    static void name(String name) {
        if (name == null || name.isEmpty()) {
            throw LambdaErrors.invalidParameter("1 validation error detected: Value null at 'functionName' failed to "
                    + "satisfy constraint: Member must not be null");
        }
        if (!Arns.isValidName(name)) {
            throw LambdaErrors.invalidParameter("1 validation error detected: Value '" + name
                    + "' at 'functionName' failed to satisfy constraint: Member must have length less than or equal"
                    + " to 64 and must satisfy regular expression pattern: [a-zA-Z0-9-_]+");
        }
    }

    /** A request that breaks the API model's own constraints, as Lambda's front end reports it. */
    private static AwsException validation(String message) {
        return AwsException.validation(message);
    }

    /** What a published version is compared by: its code and every setting, as canonical JSON, hashed. */
    static String fingerprint(FunctionConfig config) {
        try {
            byte[] settings = SORTED_JSON.writeValueAsBytes(config.settings());
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update(config.code().sha256Hex().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return java.util.HexFormat.of().formatHex(sha.digest(settings));
        } catch (JsonProcessingException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void alias(String alias) {
        if (alias == null || alias.isEmpty()) {
            throw LambdaErrors.invalidParameter(
                    "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null");
        }
        if (alias.length() > 128 || !ALIAS.matcher(alias).matches()) {
            throw validation("1 validation error detected: Value '" + alias
                    + "' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern:"
                    + " (?!^[0-9]+$)([a-zA-Z0-9-_]+)");
        }
    }

    /** An alias's version, description and routing weights, as the API model constrains them. */
    static void aliasTarget(String functionVersion, String description, Map<String, Double> weights) {
        if (functionVersion == null) {
            throw LambdaErrors.invalidParameter("1 validation error detected: Value null at 'functionVersion' failed"
                    + " to satisfy constraint: Member must not be null");
        }
        if (!functionVersion.equals(FunctionRegistry.LATEST) && !FunctionRegistry.isVersionNumber(functionVersion)) {
            throw LambdaErrors.invalidParameter("1 validation error detected: Value '" + functionVersion
                    + "' at 'functionVersion' failed to satisfy constraint: Member must satisfy regular expression"
                    + " pattern: (\\$LATEST|[0-9]+)");
        }
        if (description != null && description.length() > 256) {
            throw LambdaErrors.invalidParameter("1 validation error detected: Value at 'description' failed to"
                    + " satisfy constraint: Member must have length less than or equal to 256");
        }
        if (weights == null) {
            return;
        }
        boolean valuesOk = weights.values().stream().allMatch(w -> w != null && !w.isNaN() && w >= 0 && w <= 1);
        new Violations()
                .checkMap(LambdaMembers.WEIGHT_KEY, weights, LambdaMembers.WEIGHT_VALUE_RULE, valuesOk)
                .throwIfAny();
        if (weights.size() > 1) {
            throw LambdaErrors.invalidParameter("Number of items in AdditionalVersionWeights cannot be greater than 1");
        }
    }

    void settings(FunctionSettings s) {
        if (s.runtime() == null) {
            throw LambdaErrors.invalidParameter("Runtime is required for .zip deployment packages.");
        }
        runtimes.require(s.runtime());
        if (s.handler() == null || s.handler().isBlank()) {
            throw LambdaErrors.invalidParameter("Handler is required for .zip deployment packages.");
        }
        if (s.handler().length() > 128 || s.handler().chars().anyMatch(Character::isWhitespace)) {
            throw LambdaErrors.invalidParameter("1 validation error detected: Value '" + s.handler()
                    + "' at 'handler' failed to satisfy constraint: Member must have length less than or equal to"
                    + " 128 and must satisfy regular expression pattern: [^\\s]+");
        }
        range("memorySize", s.memoryMb(), 128, 10240);
        range("timeout", s.timeoutSeconds(), 1, 900);
        range("ephemeralStorage.size", s.ephemeralStorageMb(), 512, 10240);
        if (s.description().length() > 256) {
            throw LambdaErrors.invalidParameter("1 validation error detected: Value at 'description' failed to "
                    + "satisfy constraint: Member must have length less than or equal to 256");
        }
        environment(s);
    }

    private static void environment(FunctionSettings s) {
        for (String key : s.environment().keySet()) {
            if (!ENV_KEY.matcher(key).matches()) {
                throw LambdaErrors.invalidParameter("1 validation error detected: Value at 'environment.variables'"
                        + " failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy"
                        + " regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]");
            }
        }
        List<String> reserved = s.environment().keySet().stream()
                .filter(RESERVED_ENV::contains)
                .sorted()
                .toList();
        if (!reserved.isEmpty()) {
            throw LambdaErrors.invalidParameter("Lambda was unable to configure your environment variables because"
                    + " the environment variables you have provided contains reserved keys that are currently not"
                    + " supported for modification. Reserved keys used in this request: "
                    + String.join(", ", reserved));
        }
        try {
            String measured = JSON.writeValueAsString(s.environment());
            if (measured.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 4096) {
                throw LambdaErrors.invalidParameter("Lambda was unable to configure your environment variables because"
                        + " the environment variables you have provided exceeded the 4KB limit. String measured: "
                        + measured);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void range(String member, int value, int min, int max) {
        if (value < min || value > max) {
            String bound = value < min ? "greater than or equal to " + min : "less than or equal to " + max;
            throw LambdaErrors.invalidParameter("1 validation error detected: Value '" + value + "' at '" + member
                    + "' failed to satisfy constraint: Member must have value " + bound);
        }
    }

    /**
     * Checks that the package, or one of the function's layers where the runtime looks, holds what
     * the handler names, where that can be known before running it.
     */
    static void handlerPresent(CodeStore code, CodeRef ref, FunctionSettings s) {
        RuntimeFamily family = RuntimeFamily.of(s.runtime());
        String h = s.handler();
        switch (family) {
            case PYTHON -> {
                int dot = h.lastIndexOf('.');
                if (dot <= 0) {
                    return; // the runtime reports Runtime.MalformedHandlerName, as Lambda's does
                }
                String module = h.substring(0, dot).replace('.', '/');
                String version = s.runtime().substring("python".length());
                List<Place> places =
                        places(ref, s.layers(), "python/", "python/lib/python" + version + "/site-packages/");
                if (!anyFile(code, places, module + ".py", module + "/__init__.py", module + ".pyc")
                        && !anyDirectory(code, places, module + "/")) {
                    throw missing(h, module + ".py");
                }
            }
            case NODEJS -> {
                String base = h.contains("/") ? h.substring(h.lastIndexOf('/') + 1) : h;
                int dot = base.indexOf('.');
                if (dot <= 0 || h.contains("..")) {
                    return;
                }
                String module = h.substring(0, h.length() - base.length()) + base.substring(0, dot);
                String major =
                        s.runtime().substring("nodejs".length(), s.runtime().indexOf('.'));
                List<Place> places =
                        places(ref, s.layers(), "nodejs/node_modules/", "nodejs/node" + major + "/node_modules/");
                if (!anyFile(code, places, module, module + ".js", module + ".mjs", module + ".cjs")
                        && !anyDirectory(code, places, module + "/")
                        && !code.containsDirectory(ref.sha256Hex(), "node_modules/" + module + "/")) {
                    throw missing(h, module + ".js");
                }
            }
            case RUBY -> {
                String[] parts = h.split("\\.", -1);
                if ((parts.length != 2 && parts.length != 3) || parts[0].isEmpty()) {
                    return; // the runtime reports it at init, as Lambda's does
                }
                // required through RUBYLIB: the package's root and lib/, then the layers' ruby/lib/
                List<Place> places = new ArrayList<>(places(ref, s.layers(), "ruby/lib/"));
                places.add(1, new Place(ref.sha256Hex(), "lib/"));
                if (!anyFile(code, places, parts[0] + ".rb")) {
                    throw missing(h, parts[0] + ".rb");
                }
            }
            case PROVIDED -> {
                if (!anyFile(code, places(ref, s.layers(), ""), "bootstrap")) {
                    throw LambdaErrors.invalidParameter("Runtime " + s.runtime()
                            + " runs the package's bootstrap, and neither the deployment package nor a layer has a"
                            + " file named 'bootstrap' at its root.");
                }
            }
            case JAVA -> {
                // classes live inside jars; a missing class is reported at the first invoke, as on Lambda
            }
        }
    }

    /** Lambda's limit on the unzipped size of a function's package and its layers together. */
    static void sizeWithLayers(CodeStore code, CodeRef ref, List<Layer> layers) {
        if (layers.isEmpty()) {
            return;
        }
        long total = code.unzippedSize(ref.sha256Hex());
        for (Layer layer : layers) {
            total += code.unzippedSize(layer.sha256Hex());
        }
        if (total > CodeStore.MAX_UNZIPPED_BYTES) {
            throw LambdaErrors.invalidParameter(
                    "Function code combined with layers exceeds the maximum allowed size of "
                            + CodeStore.MAX_UNZIPPED_BYTES + " bytes. The actual size is " + total + " bytes.");
        }
    }

    /** A stored package and the directory inside it where the runtime looks. */
    private record Place(String sha256Hex, String prefix) {}

    /** The package's root, then each layer at each of {@code layerPrefixes}. */
    private static List<Place> places(CodeRef ref, List<Layer> layers, String... layerPrefixes) {
        List<Place> places = new ArrayList<>();
        places.add(new Place(ref.sha256Hex(), ""));
        for (Layer layer : layers) {
            for (String prefix : layerPrefixes) {
                places.add(new Place(layer.sha256Hex(), prefix));
            }
        }
        return places;
    }

    private static boolean anyFile(CodeStore code, List<Place> places, String... paths) {
        for (Place place : places) {
            for (String p : paths) {
                if (code.contains(place.sha256Hex(), place.prefix() + p)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean anyDirectory(CodeStore code, List<Place> places, String prefix) {
        for (Place place : places) {
            if (code.containsDirectory(place.sha256Hex(), place.prefix() + prefix)) {
                return true;
            }
        }
        return false;
    }

    private static AwsException missing(String handler, String file) {
        return LambdaErrors.invalidParameter("The handler '" + handler + "' refers to " + file
                + ", which the deployment package does not contain. Check the handler and the package's layout.");
    }
}

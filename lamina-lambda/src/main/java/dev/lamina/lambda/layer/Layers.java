package dev.lamina.lambda.layer;

import dev.lamina.core.AwsException;
import dev.lamina.lambda.LambdaErrors;
import dev.lamina.lambda.function.Arns;
import dev.lamina.lambda.function.CodeRef;
import dev.lamina.lambda.function.CodeStore;
import dev.lamina.lambda.function.Layer;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The layers of this node: the domain operations behind the layer API, and the lookup that turns a
 * function's {@code Layers} (version ARNs) into what the function keeps. Zips are stored by content
 * in the {@link CodeStore} functions use; metadata lives in a {@link LayerStore}. Called on
 * control-plane threads; holds no state of its own besides its collaborators.
 */
public final class Layers {
    /** Lambda's limit on the layers of one function. */
    public static final int MAX_PER_FUNCTION = 5;

    private static final DateTimeFormatter CREATED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);
    private static final Pattern LAYER_ARN =
            Pattern.compile("arn:[a-zA-Z0-9-]+:lambda:([a-zA-Z0-9-]+):(\\d{12}):layer:([a-zA-Z0-9-_]+)(?::([0-9]+))?");
    private static final String NOT_FOUND = "The resource you requested does not exist.";

    private final LayerStore store;
    private final CodeStore code;
    private final Arns arns;
    private final Clock clock;

    public Layers(LayerStore store, CodeStore code, Arns arns, Clock clock) {
        this.store = store;
        this.code = code;
        this.arns = arns;
        this.clock = clock;
    }

    public Arns arns() {
        return arns;
    }

    /**
     * Stores {@code zip} and publishes it as the next version of {@code layerName} (a name or this
     * node's layer ARN). Nothing is recorded unless everything is valid.
     */
    public LayerVersion publish(
            String layerName,
            byte[] zip,
            String description,
            List<String> runtimes,
            List<String> architectures,
            String licenseInfo) {
        new LayerValidation()
                .layerName(layerName)
                .maxLength("description", description, 256)
                .runtimes(runtimes)
                .maxLength("licenseInfo", licenseInfo, 512)
                .architectures(architectures)
                .check();
        String name = localName(layerName);
        if (name == null) {
            throw LambdaErrors.invalidParameter("Layers are published in this node's region " + arns.region()
                    + " and account " + arns.account() + ", not in another's: " + layerName);
        }
        if (zip == null) {
            throw LambdaErrors.invalidParameter("Please provide a source for the layer's content: Content.ZipFile.");
        }
        CodeRef content = code.put(zip);
        String created = CREATED.format(clock.instant());
        return store.publish(
                name,
                version -> new LayerVersion(
                        name, version, description, created, runtimes, architectures, licenseInfo, content));
    }

    public LayerVersion get(String layerName, long version) {
        checkVersion(version);
        new LayerValidation().layerName(layerName).check();
        String name = localName(layerName);
        if (name == null) {
            throw AwsException.notFound(NOT_FOUND);
        }
        return store.get(name, version).orElseThrow(() -> AwsException.notFound(NOT_FOUND));
    }

    /**
     * A version that must exist, for its permissions: 404 "Layer version {@code <arn>:<n>} does not
     * exist." naming the version as the request did (by its layer's ARN).
     */
    public LayerVersion existing(String layerName, long version) {
        checkVersion(version);
        new LayerValidation().layerName(layerName).check();
        String name = localName(layerName);
        Optional<LayerVersion> found = name == null ? Optional.empty() : store.get(name, version);
        return found.orElseThrow(() -> AwsException.notFound("Layer version "
                + (name == null ? layerName : arns.layerArn(name)) + ":" + version + " does not exist."));
    }

    /** GetLayerVersionByArn: {@code arn} must name a version. */
    public LayerVersion getByArn(String arn) {
        Matcher m = arn == null ? null : LAYER_ARN.matcher(arn);
        if (m == null || !arn.matches(LayerValidation.VERSION_ARN_PATTERN) || !m.matches() || m.group(4) == null) {
            throw AwsException.validation("1 validation error detected: Value '" + arn + "' at 'arn' failed to"
                    + " satisfy constraint: Member must satisfy regular expression pattern: "
                    + LayerValidation.VERSION_ARN_PATTERN);
        }
        if (!isLocal(m)) {
            throw AwsException.notFound(NOT_FOUND);
        }
        return lookup(m.group(3), m.group(4)).orElseThrow(() -> AwsException.notFound(NOT_FOUND));
    }

    /** The zipped size of every layer version present, as GetAccountSettings counts it. */
    public long totalCodeSize() {
        return store.all().stream().mapToLong(v -> v.content().size()).sum();
    }

    /** ListLayers: each layer's newest version matching the filters ({@code null}: any), by layer name. */
    public List<LayerVersion> latestMatching(String runtime, String architecture) {
        checkFilters(runtime, architecture);
        List<LayerVersion> latest = new ArrayList<>();
        String current = null;
        for (LayerVersion v : store.all()) {
            if (!v.name().equals(current) && v.matches(runtime, architecture)) {
                latest.add(v);
                current = v.name();
            }
        }
        return latest;
    }

    /** ListLayerVersions: the layer's versions matching the filters, newest first; none for an unknown layer. */
    public List<LayerVersion> versions(String layerName, String runtime, String architecture) {
        new LayerValidation().layerName(layerName).check();
        checkFilters(runtime, architecture);
        String name = localName(layerName);
        if (name == null) {
            return List.of();
        }
        return store.versions(name).stream()
                .filter(v -> v.matches(runtime, architecture))
                .toList();
    }

    /** Deletes a version; deleting one that is not there succeeds, as on Lambda. Functions keep its content. */
    public void delete(String layerName, long version) {
        checkVersion(version);
        new LayerValidation().layerName(layerName).check();
        String name = localName(layerName);
        if (name != null) {
            store.delete(name, version);
        }
    }

    /**
     * What a function keeps of the layer versions its {@code Layers} names, in order, with Lambda's
     * errors for too many, malformed, foreign, missing or repeated layers.
     */
    public List<Layer> resolve(List<String> versionArns) {
        if (versionArns.size() > MAX_PER_FUNCTION) {
            throw LambdaErrors.invalidParameter("Cannot reference more than " + MAX_PER_FUNCTION + " layers.");
        }
        List<Layer> resolved = new ArrayList<>(versionArns.size());
        Map<String, String> seen = new HashMap<>();
        for (String arn : versionArns) {
            Matcher m = arn == null ? null : LAYER_ARN.matcher(arn);
            if (m == null
                    || arn.length() > 2048
                    || !arn.matches(LayerValidation.VERSION_ARN_PATTERN)
                    || !m.matches()
                    || m.group(4) == null) {
                throw AwsException.validation("1 validation error detected: Value '[" + arn + "]' at 'layers' failed"
                        + " to satisfy constraint: Member must satisfy constraint: [Member must have length less than"
                        + " or equal to 2048, Member must have length greater than or equal to 1, Member must satisfy"
                        + " regular expression pattern: " + LayerValidation.VERSION_ARN_PATTERN
                        + ", Member must not be null]");
            }
            if (!m.group(1).equals(arns.region())) {
                throw LambdaErrors.invalidParameter("Layers are not in the same region as the function. Layers are"
                        + " expected to be in region " + arns.region() + ".");
            }
            LayerVersion version = isLocal(m) ? lookup(m.group(3), m.group(4)).orElse(null) : null;
            if (version == null) {
                throw LambdaErrors.invalidParameter("Layer version " + arn + " does not exist.");
            }
            String earlier = seen.putIfAbsent(m.group(3), arn);
            if (earlier != null) {
                throw LambdaErrors.invalidParameter("Two different versions of the same layer are not allowed to be"
                        + " referenced in the same function. " + earlier + " and " + arn
                        + " are versions of the same layer.");
            }
            resolved.add(new Layer(
                    arns.layerVersionArn(version.name(), version.version()),
                    version.content().size(),
                    version.content().sha256Hex()));
        }
        return resolved;
    }

    private Optional<LayerVersion> lookup(String name, String version) {
        try {
            return store.get(name, Long.parseLong(version));
        } catch (NumberFormatException e) {
            return Optional.empty(); // more digits than any version has
        }
    }

    /** The layer's name when {@code layerName} is a name or one of this node's layer ARNs, else {@code null}. */
    private String localName(String layerName) {
        Matcher m = LAYER_ARN.matcher(layerName);
        if (!m.matches() || m.group(4) != null) {
            return layerName;
        }
        return isLocal(m) ? m.group(3) : null;
    }

    private boolean isLocal(Matcher arn) {
        return arn.group(1).equals(arns.region()) && arn.group(2).equals(arns.account());
    }

    private static void checkVersion(long version) {
        if (version < 1) {
            throw LambdaErrors.invalidParameter("Layer Version Cannot be less than 1");
        }
    }

    private static void checkFilters(String runtime, String architecture) {
        new LayerValidation()
                .filter("compatibleRuntime", runtime, LayerValidation.RUNTIMES)
                .filter("compatibleArchitecture", architecture, LayerValidation.ARCHITECTURES)
                .check();
    }
}

package dev.lamina.lambda.function;

import java.util.List;
import java.util.Map;

/**
 * The user-settable configuration of a function version.
 *
 * @param layers the layer versions merged at {@code /opt}, in order (later ones overwrite earlier files)
 * @param tracingMode {@code TracingConfig.Mode}: {@code PassThrough} (the default) or {@code Active};
 *     kept and answered as set (Lamina records no traces)
 * @param environmentSent whether a request ever set {@code Environment}: Lambda answers the key then,
 *     even for an empty map, and omits it otherwise
 * @param deadLetterTargetArn {@code DeadLetterConfig.TargetArn}: the queue that gets the events of
 *     asynchronous invocations that failed every attempt; {@code null} for none
 * @param logging {@code LoggingConfig}: the log format and levels, and the log group
 */
public record FunctionSettings(
        String runtime,
        String handler,
        String role,
        String description,
        int timeoutSeconds,
        int memoryMb,
        Map<String, String> environment,
        int ephemeralStorageMb,
        List<String> architectures,
        List<Layer> layers,
        String tracingMode,
        boolean environmentSent,
        String deadLetterTargetArn,
        LoggingConfig logging) {

    public FunctionSettings {
        logging = logging == null ? LoggingConfig.DEFAULT : logging;
        deadLetterTargetArn = deadLetterTargetArn == null || deadLetterTargetArn.isEmpty() ? null : deadLetterTargetArn;
        tracingMode = tracingMode == null ? "PassThrough" : tracingMode;
        environment = environment == null
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(environment));
        architectures =
                architectures == null || architectures.isEmpty() ? List.of("x86_64") : List.copyOf(architectures);
        description = description == null ? "" : description;
        layers = layers == null ? List.of() : List.copyOf(layers);
    }

    /** Settings without tracing and with {@code Environment} shown only when it has variables. */
    public FunctionSettings(
            String runtime,
            String handler,
            String role,
            String description,
            int timeoutSeconds,
            int memoryMb,
            Map<String, String> environment,
            int ephemeralStorageMb,
            List<String> architectures,
            List<Layer> layers) {
        this(
                runtime,
                handler,
                role,
                description,
                timeoutSeconds,
                memoryMb,
                environment,
                ephemeralStorageMb,
                architectures,
                layers,
                null,
                environment != null && !environment.isEmpty(),
                null,
                null);
    }

    /** The stored packages of the layers, in order. */
    public List<String> layerHashes() {
        return layers.stream().map(Layer::sha256Hex).toList();
    }

    public FunctionSettings withDescription(String newDescription) {
        return new FunctionSettings(
                runtime,
                handler,
                role,
                newDescription,
                timeoutSeconds,
                memoryMb,
                environment,
                ephemeralStorageMb,
                architectures,
                layers,
                tracingMode,
                environmentSent,
                deadLetterTargetArn,
                logging);
    }

    public FunctionSettings withArchitectures(List<String> newArchitectures) {
        return new FunctionSettings(
                runtime,
                handler,
                role,
                description,
                timeoutSeconds,
                memoryMb,
                environment,
                ephemeralStorageMb,
                newArchitectures,
                layers,
                tracingMode,
                environmentSent,
                deadLetterTargetArn,
                logging);
    }
}

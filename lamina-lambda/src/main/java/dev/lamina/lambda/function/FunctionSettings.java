package dev.lamina.lambda.function;

import java.util.List;
import java.util.Map;

/**
 * The user-settable configuration of a function version.
 *
 * @param layers the layer versions merged at {@code /opt}, in order (later ones overwrite earlier files)
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
        List<Layer> layers) {

    public FunctionSettings {
        environment = environment == null ? Map.of() : Map.copyOf(environment);
        architectures =
                architectures == null || architectures.isEmpty() ? List.of("x86_64") : List.copyOf(architectures);
        description = description == null ? "" : description;
        layers = layers == null ? List.of() : List.copyOf(layers);
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
                layers);
    }
}

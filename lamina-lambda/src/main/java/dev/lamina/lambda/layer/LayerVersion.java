package dev.lamina.lambda.layer;

import dev.lamina.lambda.function.CodeRef;
import java.util.List;

/**
 * One published, immutable version of a layer.
 *
 * @param version counts up from 1 per layer name and is never reused, even after deletion
 * @param createdDate Lambda's timestamp form, e.g. {@code 2026-01-02T03:04:05.678+0000}
 * @param licenseInfo {@code null} when none was given (Lambda then omits it)
 * @param content the stored zip
 */
public record LayerVersion(
        String name,
        long version,
        String description,
        String createdDate,
        List<String> compatibleRuntimes,
        List<String> compatibleArchitectures,
        String licenseInfo,
        CodeRef content) {

    public LayerVersion {
        description = description == null ? "" : description;
        compatibleRuntimes = compatibleRuntimes == null ? List.of() : List.copyOf(compatibleRuntimes);
        compatibleArchitectures = compatibleArchitectures == null ? List.of() : List.copyOf(compatibleArchitectures);
    }

    /** Whether this version declares {@code runtime} and {@code architecture} ({@code null} matches anything). */
    public boolean matches(String runtime, String architecture) {
        return (runtime == null || compatibleRuntimes.contains(runtime))
                && (architecture == null || compatibleArchitectures.contains(architecture));
    }
}

package dev.lamina.lambda.runtime;

import java.nio.file.Path;

/**
 * Where a runtime finds the function's files, in the paths it sees: in a sandbox Lambda's own
 * ({@code /var/task}, {@code /var/runtime}, {@code /opt}), as plain processes the host's.
 *
 * @param optDir the merged layers ({@code /opt}); search paths for layer content are built on it
 * @param bootstrapInOpt a {@code provided} function whose package has no {@code bootstrap} runs the
 *     one its layers put at {@code /opt/bootstrap}, as Lambda does
 */
public record RuntimePaths(Path taskRoot, Path runtimeDir, Path optDir, boolean bootstrapInOpt) {
    /** Lambda's {@code /opt}. */
    public static final Path OPT = Path.of("/opt");

    /** Whether layer content is somewhere other than {@code /opt}, so runtimes must be told where. */
    public boolean optElsewhere() {
        return !optDir.equals(OPT);
    }
}

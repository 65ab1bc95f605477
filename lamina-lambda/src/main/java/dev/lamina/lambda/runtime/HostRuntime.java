package dev.lamina.lambda.runtime;

import java.nio.file.Path;

/**
 * A runtime this host can run: its Lambda identifier, family and the interpreter that runs it
 * ({@code null} for {@code provided*}, which run the package's own bootstrap).
 */
public record HostRuntime(String name, RuntimeFamily family, Path interpreter) {}

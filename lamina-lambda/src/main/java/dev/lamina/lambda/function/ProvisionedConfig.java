package dev.lamina.lambda.function;

/**
 * A provisioned-concurrency configuration: keep {@code requested} environments initialised for the
 * version a qualifier (a version number or an alias) names.
 *
 * @param lastModified ISO-8601, as Lambda shows it
 */
public record ProvisionedConfig(String function, String qualifier, int requested, String lastModified) {}

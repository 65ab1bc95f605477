package dev.lamina.iam.role;

import java.util.Map;

/**
 * What {@code CreateRole} asks for, unchecked ({@link Roles#create} checks it).
 *
 * @param path {@code null} for {@code /}
 * @param maxSessionDuration {@code null} for an hour
 * @param tags in the order given
 */
public record NewRole(
        String name,
        String path,
        String assumeRolePolicyDocument,
        String description,
        Integer maxSessionDuration,
        Map<String, String> tags) {
    public NewRole {
        tags = tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
    }
}

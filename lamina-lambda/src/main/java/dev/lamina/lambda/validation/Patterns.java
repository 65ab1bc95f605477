package dev.lamina.lambda.validation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** The model's regular expressions, compiled once each. */
final class Patterns {
    private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

    private Patterns() {}

    static Pattern compile(String regex) {
        return COMPILED.computeIfAbsent(regex, Pattern::compile);
    }
}

package dev.lamina.it.parity;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.core.SdkResponse;

/**
 * One recorded AWS answer: the calls a scenario makes, and what AWS answered to the last of them.
 *
 * @param id a stable name, used by the known-differences list and the report
 * @param source where the fact comes from in {@code /work/notes/parity-facts.md} (section and recording)
 * @param scenario the calls, made with the suite's SDK client; returns the last call's response
 * @param expected AWS's answer
 */
public record ParityCase(String id, String source, Scenario scenario, Expected expected) {

    /** The calls of one case. A thrown {@code LambdaException} is the observed answer. */
    @FunctionalInterface
    public interface Scenario {
        SdkResponse run(ParityContext ctx) throws Exception;
    }

    /** What AWS answered. */
    public sealed interface Expected permits Answer, Failure {}

    /**
     * A successful answer.
     *
     * @param keySets the exact set of keys at each path ({@code ""} is the response itself)
     * @param values the rendered value at each path ({@code "TracingConfig.Mode"}), {@code null} for absent
     */
    public record Answer(int status, Map<String, Set<String>> keySets, Map<String, String> values) implements Expected {
        public Answer keys(String path, String... keys) {
            Map<String, Set<String>> next = new LinkedHashMap<>(keySets);
            next.put(path, new TreeSet<>(Set.of(keys)));
            return new Answer(status, next, values);
        }

        public Answer value(String path, String value) {
            Map<String, String> next = new LinkedHashMap<>(values);
            next.put(path, value);
            return new Answer(status, keySets, next);
        }
    }

    /** An error answer; {@code message} {@code null} where AWS sent none. */
    public record Failure(int status, String code, String message) implements Expected {}

    public static Answer answer(int status) {
        return new Answer(status, Map.of(), Map.of());
    }

    public static Failure failure(int status, String code, String message) {
        return new Failure(status, code, message);
    }

    public static Failure notFound(String message) {
        return failure(404, "ResourceNotFoundException", message);
    }

    public static Failure invalidParameter(String message) {
        return failure(400, "InvalidParameterValueException", message);
    }

    public static Failure validation(String message) {
        return failure(400, "ValidationException", message);
    }

    /** {@code 1 validation error detected: Value '<value>' at '<member>' failed to satisfy constraint: <constraint>}. */
    public static String oneViolation(String value, String member, String constraint) {
        return "1 validation error detected: " + clause(value, member, constraint);
    }

    public static String clause(String value, String member, String constraint) {
        return "Value '" + value + "' at '" + member + "' failed to satisfy constraint: " + constraint;
    }

    public static String pattern(String regex) {
        return "Member must satisfy regular expression pattern: " + regex;
    }
}

package dev.lamina.it.parity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.services.lambda.model.LambdaException;

/**
 * What Lamina answered, read through the SDK: a response's status and the members it carried (a
 * member the SDK left unset, or auto-constructed empty, was absent on the wire), or an error's
 * status, code and message.
 */
sealed interface Observed {
    record Answer(int status, SdkResponse response) implements Observed {}

    record Failure(int status, String code, String message) implements Observed {}

    record Crash(Throwable error) implements Observed {}

    static Observed of(ParityCase.Scenario scenario, ParityContext ctx) {
        try {
            SdkResponse response = scenario.run(ctx);
            return new Answer(response.sdkHttpResponse().statusCode(), response);
        } catch (LambdaException e) {
            return new Failure(
                    e.statusCode(),
                    e.awsErrorDetails().errorCode(),
                    e.awsErrorDetails().errorMessage());
        } catch (Exception | AssertionError e) {
            return new Crash(e);
        }
    }

    /** The keys present at {@code path} ({@code ""} for the response), or {@code null} if the path is absent. */
    static Set<String> keysAt(SdkPojo root, String path) {
        Object at = path.isEmpty() ? root : valueAt(root, path);
        if (!(at instanceof SdkPojo pojo)) {
            return null;
        }
        Set<String> keys = new TreeSet<>();
        for (SdkField<?> f : pojo.sdkFields()) {
            if (present(f.getValueOrDefault(pojo))) {
                keys.add(f.memberName());
            }
        }
        return keys;
    }

    /** The value at a dotted member path, {@code null} when any step is absent. */
    static Object valueAt(SdkPojo root, String path) {
        Object at = root;
        for (String step : path.split("\\.")) {
            if (at instanceof List<?> list && step.matches("\\d+")) {
                int i = Integer.parseInt(step);
                at = i < list.size() ? list.get(i) : null;
                continue;
            }
            if (!(at instanceof SdkPojo pojo)) {
                return null;
            }
            Object next = null;
            for (SdkField<?> f : pojo.sdkFields()) {
                if (f.memberName().equals(step)) {
                    next = f.getValueOrDefault(pojo);
                }
            }
            if (!present(next)) {
                return null;
            }
            at = next;
        }
        return at;
    }

    /** Renders a value as the facts write it: lists as {@code [a, b]}, maps as {@code {k=v}}. */
    static String render(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Collection<?> list) {
            List<String> items = new ArrayList<>();
            list.forEach(v -> items.add(render(v)));
            return "[" + String.join(", ", items) + "]";
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream()
                    .map(e -> e.getKey() + "=" + render(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        if (value instanceof SdkPojo pojo) {
            return String.valueOf(keysAt(pojo, ""));
        }
        if (value instanceof software.amazon.awssdk.core.SdkBytes bytes) {
            return bytes.asUtf8String();
        }
        return value.toString();
    }

    private static boolean present(Object value) {
        return value != null && !(value instanceof SdkAutoConstructList) && !(value instanceof SdkAutoConstructMap);
    }
}

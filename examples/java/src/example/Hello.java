package example;

import java.util.Map;

/**
 * A greeting function: behind an HTTP API it answers GET /hello?name=... with JSON; invoked directly
 * with {"name": "..."} it returns the greeting. A name of "fail" makes the invocation fail. A plain
 * handler method (the event only), so it builds with the JDK alone; one that takes the Context too
 * compiles against aws-lambda-java-core.
 */
public class Hello {
    public Map<String, Object> handleRequest(Map<String, Object> event) {
        Object query = event.get("queryStringParameters");
        Object name = query instanceof Map<?, ?> q && q.get("name") != null ? q.get("name") : event.get("name");
        if (name == null) {
            name = "world";
        }
        if ("fail".equals(name)) {
            throw new IllegalStateException("asked to fail");
        }
        String function = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
        if (!event.containsKey("requestContext")) {
            return Map.of("message", "Hello, " + name + "!", "language", "java", "function", function);
        }
        String body = "{\"message\":\"Hello, " + name + "!\",\"language\":\"java\",\"function\":\"" + function + "\"}";
        return Map.of("statusCode", 200, "headers", Map.of("content-type", "application/json"), "body", body);
    }
}

package dev.lamina.apigateway.rest;

import dev.lamina.apigateway.route.RouteKey;
import dev.lamina.apigateway.route.RouteMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which resource and method of a deployed REST API a request reaches, chosen as an HTTP API chooses
 * its route (see {@link RouteMatch}): each method of a resource is the route {@code METHOD path}, so
 * the most specific path wins, a literal over {@code {id}} over {@code {proxy+}}, and at one path the
 * request's own method over {@code ANY}. A REST API has no {@code $default}: a request no method
 * takes reaches nothing (API Gateway answers 403 Missing Authentication Token). Pure.
 *
 * @param pathParameters the path's variables, decoded, by name
 */
public record ResourceMatch(RestApi.Resource resource, RestApi.Method method, Map<String, String> pathParameters) {
    /** The method of {@code resources} that a request of {@code httpMethod} for {@code path} reaches, if any. */
    public static Optional<ResourceMatch> find(List<RestApi.Resource> resources, String httpMethod, String path) {
        List<RouteKey> keys = new ArrayList<>();
        for (RestApi.Resource resource : resources) {
            for (String method : resource.methods().keySet()) {
                keys.add(RouteKey.parse(method + " " + resource.path()));
            }
        }
        return RouteMatch.find(keys, httpMethod, path).map(match -> {
            RouteKey key = match.route();
            String template = key.text().substring(key.method().length() + 1);
            RestApi.Resource resource = resources.stream()
                    .filter(r -> r.path().equals(template) && r.methods().containsKey(key.method()))
                    .findFirst()
                    .orElseThrow();
            return new ResourceMatch(resource, resource.methods().get(key.method()), match.pathParameters());
        });
    }
}

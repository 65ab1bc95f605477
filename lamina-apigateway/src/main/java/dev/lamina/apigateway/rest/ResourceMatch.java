package dev.lamina.apigateway.rest;

import dev.lamina.apigateway.route.RouteKey;
import dev.lamina.apigateway.route.RouteMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which resource and method of a deployed REST API a request reaches, as API Gateway chooses: first
 * the resource, the most specific path that matches (see {@link RouteMatch}: a literal over
 * {@code {id}} over {@code {proxy+}}), whatever methods it has; then its method for the request, its
 * own or else {@code ANY}. A request whose resource lacks the method reaches nothing, even where a
 * less specific {@code {proxy+}} has it (API Gateway answers 403 Missing Authentication Token), and a
 * REST API has no {@code $default}. Pure.
 *
 * <p>Example, with {@code GET /items}, {@code GET /items/{id}} and {@code ANY /{proxy+}}:
 * {@code GET /items/42} reaches {@code /items/{id}}, {@code DELETE /other} {@code /{proxy+}}, and
 * {@code POST /items} nothing.
 *
 * @param pathParameters the path's variables, decoded, by name
 */
public record ResourceMatch(RestApi.Resource resource, RestApi.Method method, Map<String, String> pathParameters) {
    /** The method of {@code resources} that a request of {@code httpMethod} for {@code path} reaches, if any. */
    public static Optional<ResourceMatch> find(List<RestApi.Resource> resources, String httpMethod, String path) {
        List<RouteKey> keys = new ArrayList<>(resources.size());
        for (RestApi.Resource resource : resources) {
            keys.add(RouteKey.parse("ANY " + resource.path()));
        }
        return RouteMatch.find(keys, httpMethod, path).flatMap(match -> {
            RestApi.Resource resource = resources.get(keys.indexOf(match.route()));
            RestApi.Method method = resource.methods().get(httpMethod);
            if (method == null) {
                method = resource.methods().get("ANY");
            }
            return method == null
                    ? Optional.empty()
                    : Optional.of(new ResourceMatch(resource, method, match.pathParameters()));
        });
    }
}

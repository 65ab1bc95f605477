package dev.lamina.apigateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.apigateway.api.ApiGatewayV2Api;
import dev.lamina.apigateway.execute.ExecuteApiEndpoint;
import dev.lamina.apigateway.http.ApiRoutes;
import dev.lamina.apigateway.http.Apis;
import dev.lamina.apigateway.http.SqliteApiStore;
import dev.lamina.apigateway.http.Stages;
import dev.lamina.apigateway.rest.ApiGatewayV1Api;
import dev.lamina.apigateway.rest.RestApi;
import dev.lamina.apigateway.rest.RestApis;
import dev.lamina.edge.EdgeService;
import dev.lamina.edge.PublicUrls;
import dev.lamina.edge.Router;
import dev.lamina.edge.protocol.RestJson;
import dev.lamina.spi.lambda.Lambda;
import dev.lamina.storage.Database;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The API Gateway module as the node sees it: HTTP APIs and REST APIs on the node's database, their
 * management APIs ({@code apigatewayv2} under {@code /v2}, {@code apigateway} under {@code /restapis},
 * one edge service since both are signed for {@code apigateway}) and the endpoint that serves them,
 * invoking functions through {@link Lambda}.
 */
public final class ApiGatewayService {
    private final List<EdgeService> services;

    public ApiGatewayService(
            Database db,
            Lambda lambda,
            PublicUrls urls,
            Clock clock,
            RandomGenerator random,
            String region,
            String account)
            throws SQLException {
        Apis apis = new Apis(db, SqliteApiStore.httpApis(db), clock, random);
        RestApis restApis = new RestApis(
                db,
                new SqliteApiStore<>(db, "apigateway_restapis", RestApi.class, RestApi::id),
                clock,
                random,
                account);
        ObjectMapper json = new ObjectMapper();
        Router router = new ApiGatewayV2Api(apis, new ApiRoutes(apis), new Stages(apis, clock), urls, json)
                .router()
                .addAll(new ApiGatewayV1Api(restApis, json).router());
        this.services = List.of(
                new ExecuteApiEndpoint(apis, restApis, urls, lambda, region, account, clock, random).service(),
                new EdgeService.RestApi("apigateway", "apigateway", RestJson.PLAIN, router));
    }

    /** The endpoint serving HTTP APIs and the management API, to put on the edge. */
    public List<EdgeService> services() {
        return services;
    }
}

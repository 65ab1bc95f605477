package dev.lamina.apigateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.apigateway.api.ApiGatewayV2Api;
import dev.lamina.apigateway.execute.ExecuteApiEndpoint;
import dev.lamina.apigateway.http.ApiRoutes;
import dev.lamina.apigateway.http.Apis;
import dev.lamina.apigateway.http.SqliteApiStore;
import dev.lamina.apigateway.http.Stages;
import dev.lamina.edge.EdgeService;
import dev.lamina.edge.PublicUrls;
import dev.lamina.spi.lambda.Lambda;
import dev.lamina.storage.Database;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The API Gateway module as the node sees it: HTTP APIs on the node's database, their management API
 * ({@code apigatewayv2}) and the endpoint that serves them, invoking functions through {@link Lambda}.
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
        Apis apis = new Apis(db, new SqliteApiStore(db), clock, random);
        this.services = List.of(
                new ExecuteApiEndpoint(apis, urls, lambda, region, account, clock, random).service(),
                new ApiGatewayV2Api(apis, new ApiRoutes(apis), new Stages(apis, clock), urls, new ObjectMapper())
                        .service());
    }

    /** The endpoint serving HTTP APIs and the management API, to put on the edge. */
    public List<EdgeService> services() {
        return services;
    }
}

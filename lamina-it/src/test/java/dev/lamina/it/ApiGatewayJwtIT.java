package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigatewayv2.model.CreateApiResponse;
import software.amazon.awssdk.services.apigatewayv2.model.ProtocolType;

/**
 * JWT authorizers on an HTTP API: the test is the token issuer (an OpenID configuration and a JWK set
 * served on 127.0.0.1, an RSA key of its own), the node fetches the keys and checks every token that
 * reaches a JWT route; only a valid token meant for the API, with a scope the route names, reaches the
 * function, whose event carries the token's claims and scopes.
 */
class ApiGatewayJwtIT {
    static RSAKey key;
    static RSAKey stranger;
    static HttpServer issuer;
    static String issuerUrl;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(AwsCli.available(), "the AWS CLI v2 (/usr/bin/aws, Debian package awscli) is not installed");
        ApiGatewayIT.start();
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        stranger = new RSAKeyGenerator(2048).keyID("k1").generate();
        issuer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        issuerUrl = "http://127.0.0.1:" + issuer.getAddress().getPort();
        serve(
                "/.well-known/openid-configuration",
                "{\"issuer\":\"" + issuerUrl + "\",\"jwks_uri\":\"" + issuerUrl + "/keys\"}");
        serve("/keys", new JWKSet(key.toPublicJWK()).toString());
        issuer.start();
    }

    private static void serve(String path, String json) {
        issuer.createContext(path, exchange -> {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }

    @AfterAll
    static void stop() {
        if (issuer != null) {
            issuer.stop(0);
        }
        ApiGatewayIT.stop();
    }

    static String token(RSAKey signer, String iss, String aud, Instant expires, String scope) throws JOSEException {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(iss)
                .audience(aud)
                .subject("ann")
                .expirationTime(Date.from(expires))
                .issueTime(new Date());
        if (scope != null) {
            claims.claim("scope", scope);
        }
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(), claims.build());
        jwt.sign(new RSASSASigner(signer));
        return jwt.serialize();
    }

    @Test
    void onlyAValidTokenForTheApiWithTheRoutesScopeReachesTheFunction() throws Exception {
        CreateApiResponse api = ApiGatewayIT.apigw.createApi(
                r -> r.name("jwt").protocolType(ProtocolType.HTTP).target(ApiGatewayIT.arn("apigw-echo")));
        AwsCli aws = new AwsCli(
                ApiGatewayIT.node.endpoint(),
                Files.createDirectories(ApiGatewayIT.node.dataDir().resolve("cli-jwt")));
        JsonNode authorizer = CliIT.ok(aws.run(
                "apigatewayv2",
                "create-authorizer",
                "--api-id",
                api.apiId(),
                "--name",
                "jwt",
                "--authorizer-type",
                "JWT",
                "--identity-source",
                "$request.header.Authorization",
                "--jwt-configuration",
                "Audience=my-app,Issuer=" + issuerUrl));
        assertEquals("JWT", authorizer.get("AuthorizerType").asText());
        assertEquals(issuerUrl, authorizer.get("JwtConfiguration").get("Issuer").asText());
        String routeId = ApiGatewayIT.apigw
                .getRoutes(r -> r.apiId(api.apiId()))
                .items()
                .getFirst()
                .routeId();
        JsonNode route = CliIT.ok(ApiGatewayIT.updateRoute(
                api.apiId(),
                routeId,
                "--authorization-type",
                "JWT",
                "--authorizer-id",
                authorizer.get("AuthorizerId").asText(),
                "--authorization-scopes",
                "read"));
        assertEquals(
                List.of("read"), List.of(route.get("AuthorizationScopes").get(0).asText()));
        String url = api.apiEndpoint() + "/me";
        Instant later = Instant.now().plusSeconds(600);

        assertEquals(401, ApiGatewayIT.get(url).statusCode());
        assertEquals(
                401,
                ApiGatewayIT.get(url, "Authorization", "Bearer not-a-token").statusCode());
        assertEquals(
                401,
                ApiGatewayIT.get(url, "Authorization", token(stranger, issuerUrl, "my-app", later, "read"))
                        .statusCode(),
                "signed with a key the issuer does not publish");
        assertEquals(
                401,
                ApiGatewayIT.get(url, "Authorization", token(key, issuerUrl, "other-app", later, "read"))
                        .statusCode(),
                "meant for another audience");
        assertEquals(
                401,
                ApiGatewayIT.get(url, "Authorization", token(key, "http://elsewhere", "my-app", later, "read"))
                        .statusCode(),
                "from another issuer");
        assertEquals(
                401,
                ApiGatewayIT.get(
                                url,
                                "Authorization",
                                token(key, issuerUrl, "my-app", Instant.now().minusSeconds(600), "read"))
                        .statusCode(),
                "expired");
        HttpResponse<String> noScope =
                ApiGatewayIT.get(url, "Authorization", token(key, issuerUrl, "my-app", later, "write"));
        assertEquals(403, noScope.statusCode());
        assertEquals("{\"message\":\"Forbidden\"}", noScope.body());

        HttpResponse<String> ok = ApiGatewayIT.get(
                url, "Authorization", "Bearer " + token(key, issuerUrl, "my-app", later, "read write"));
        assertEquals(201, ok.statusCode(), ok.body());
        JsonNode jwt = ApiGatewayIT.JSON
                .readTree(ok.body())
                .get("requestContext")
                .get("authorizer")
                .get("jwt");
        assertEquals("ann", jwt.get("claims").get("sub").asText());
        assertEquals(issuerUrl, jwt.get("claims").get("iss").asText());
        assertEquals("read", jwt.get("scopes").get(0).asText());
        assertEquals("write", jwt.get("scopes").get(1).asText());
        assertTrue(jwt.get("claims").get("exp").isTextual(), jwt.toString());

        // a JWT route needs one of the API's JWT authorizers, and a JWT authorizer an issuer
        AwsCli.Result refused = aws.run(
                "apigatewayv2",
                "create-authorizer",
                "--api-id",
                api.apiId(),
                "--name",
                "bad",
                "--authorizer-type",
                "JWT",
                "--identity-source",
                "$request.header.Authorization");
        assertTrue(refused.stderr().contains("BadRequestException"), refused.stderr());
        ApiGatewayIT.apigw.deleteApi(r -> r.apiId(api.apiId()));
    }
}

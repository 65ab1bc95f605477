package dev.lamina.apigateway.execute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.lamina.apigateway.http.HttpApi;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JWT authorizers as API Gateway runs them for HTTP APIs: the identity source holds a bearer token
 * (with or without {@code Bearer }), signed with one of the issuer's keys (RS256/384/512, found by
 * {@code kid} in the JWK set its OpenID configuration names), issued by the authorizer's issuer, not
 * expired nor early, meant for one of its audiences ({@code aud}, or {@code client_id}), and when the
 * route names scopes carrying one of them ({@code scope} or {@code scp}). The issuer's keys are fetched
 * once and kept (refreshed when a token names an unknown key), by Nimbus JOSE+JWT. Expiry is checked
 * against the system clock, inside that library. Thread-safe; blocks while it fetches keys.
 */
final class JwtAuthorizers {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<JWSAlgorithm> ALGORITHMS =
            Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512);

    /** A token that passed: its claims and scopes as the integration's event carries them. */
    record Verified(ObjectNode claims, List<String> scopes) {}

    /** A request the authorizer turns away: 401 for a bad token, 403 for a missing scope. */
    static final class Refused extends Exception {
        final int status;

        Refused(int status, String why) {
            super(why);
            this.status = status;
        }
    }

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, JWKSource<SecurityContext>> keys = new ConcurrentHashMap<>();

    /** Verifies the identity source's value for a route that needs {@code scopes} (empty: any). */
    Verified verify(HttpApi.Authorizer authorizer, String value, List<String> scopes) throws Refused {
        String token = value.regionMatches(true, 0, "Bearer ", 0, 7)
                ? value.substring(7).strip()
                : value;
        HttpApi.Jwt config = authorizer.jwt();
        JWTClaimsSet claims;
        try {
            DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys(config.issuer())));
            processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                    new JWTClaimsSet.Builder().issuer(config.issuer()).build(), Set.of("exp")));
            claims = processor.process(SignedJWT.parse(token), null);
        } catch (ParseException | BadJOSEException | JOSEException e) {
            throw new Refused(401, e.getMessage());
        }
        List<String> audiences = new ArrayList<>(claims.getAudience());
        Object clientId = claims.getClaim("client_id");
        if (clientId instanceof String id) {
            audiences.add(id);
        }
        if (audiences.stream().noneMatch(config.audience()::contains)) {
            throw new Refused(401, "the token is not meant for this API's audiences");
        }
        List<String> granted = scopes(claims);
        if (!scopes.isEmpty() && granted.stream().noneMatch(scopes::contains)) {
            throw new Refused(403, "the token has none of the route's scopes");
        }
        return new Verified(claims(claims), granted);
    }

    /** The issuer's keys, found through its OpenID configuration the first time. */
    private JWKSource<SecurityContext> keys(String issuer) throws Refused {
        JWKSource<SecurityContext> known = keys.get(issuer);
        if (known != null) {
            return known;
        }
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        try {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/.well-known/openid-configuration"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode jwksUri =
                    answer.statusCode() == 200 ? JSON.readTree(answer.body()).get("jwks_uri") : null;
            if (jwksUri == null || !jwksUri.isTextual()) {
                throw new Refused(401, "the issuer's OpenID configuration names no jwks_uri");
            }
            URL url = URI.create(jwksUri.asText()).toURL();
            return keys.computeIfAbsent(
                    issuer, i -> JWKSourceBuilder.<SecurityContext>create(url).build());
        } catch (IOException | IllegalArgumentException e) {
            throw new Refused(401, "the issuer's keys could not be read: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused(401, "interrupted");
        }
    }

    /** {@code scope} (space-separated) or {@code scp} (a list or a string). */
    private static List<String> scopes(JWTClaimsSet claims) {
        Object scope = claims.getClaim("scope");
        if (scope == null) {
            scope = claims.getClaim("scp");
        }
        if (scope instanceof String text) {
            return List.of(text.strip().split("\\s+"));
        }
        if (scope instanceof Collection<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    /** The claims as strings, as API Gateway passes them ({@code [a b]} for a list). */
    private static ObjectNode claims(JWTClaimsSet claims) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        claims.toJSONObject().forEach((name, value) -> out.put(name, text(value)));
        return out;
    }

    private static String text(Object value) {
        if (value instanceof Collection<?> list) {
            return "["
                    + String.join(" ", list.stream().map(JwtAuthorizers::text).toList()) + "]";
        }
        if (value instanceof Map<?, ?> map) {
            return JSON.valueToTree(map).toString();
        }
        return String.valueOf(value);
    }

    /** What the integration's event says of the token: {@code jwt} in 2.0, the same fields in 1.0. */
    static ObjectNode context(Verified verified, boolean v1) {
        ObjectNode jwt = JsonNodeFactory.instance.objectNode();
        jwt.set("claims", verified.claims());
        if (verified.scopes().isEmpty()) {
            jwt.putNull("scopes");
        } else {
            ArrayNode scopes = jwt.putArray("scopes");
            verified.scopes().forEach(scopes::add);
        }
        if (v1) {
            return jwt;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("jwt", jwt);
        return out;
    }
}

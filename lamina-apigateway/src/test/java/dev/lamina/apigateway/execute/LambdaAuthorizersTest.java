package dev.lamina.apigateway.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.apigateway.http.HttpApi;
import dev.lamina.edge.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LambdaAuthorizersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROUTE = "arn:aws:execute-api:us-east-1:000000000000:abc/$default/GET/items/7";
    private static final HttpApi.Authorizer SIMPLE = new HttpApi.Authorizer(
            "a1",
            "simple",
            "REQUEST",
            "arn:aws:lambda:us-east-1:000000000000:function:auth",
            List.of(),
            "2.0",
            true,
            60,
            null);
    private static final HttpApi.Authorizer POLICY = new HttpApi.Authorizer(
            "a2",
            "policy",
            "REQUEST",
            "arn:aws:lambda:us-east-1:000000000000:function:auth",
            List.of(),
            "1.0",
            false,
            0,
            null);

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode policy(String statements) throws Exception {
        return JSON.readTree("{\"Version\":\"2012-10-17\",\"Statement\":" + statements + "}");
    }

    @Test
    void theIdentityIsTheValuesOfTheSourcesAndMissingWhenOneIs() {
        HttpApi.Authorizer sources = new HttpApi.Authorizer(
                "a3",
                "n",
                "REQUEST",
                "arn",
                List.of(
                        "$request.header.Authorization",
                        "$request.querystring.v",
                        "$stageVariables.s",
                        "$context.stage"),
                "2.0",
                true,
                0,
                null);
        HttpRequest request = new HttpRequest(
                "GET",
                "/x",
                "v=1&v=2",
                Map.of("v", List.of("1", "2")),
                Map.of("authorization", List.of("token")),
                new byte[0]);
        assertEquals(
                List.of("token", "1,2", "S", "prod"),
                LambdaAuthorizers.identity(sources, request, Map.of("s", "S"), Map.of("stage", "prod")));
        assertNull(LambdaAuthorizers.identity(sources, request, Map.of(), Map.of("stage", "prod")));
    }

    @Test
    void aSimpleAnswerDecidesWithItsContext() throws Exception {
        LambdaAuthorizers.Decision yes = LambdaAuthorizers.answer(
                        SIMPLE, bytes("{\"isAuthorized\":true,\"context\":{\"user\":\"ann\"}}"))
                .decide(ROUTE);
        assertTrue(yes.allowed());
        assertEquals("ann", yes.context().get("user").asText());
        assertFalse(LambdaAuthorizers.answer(SIMPLE, bytes("{\"isAuthorized\":false}"))
                .decide(ROUTE)
                .allowed());
    }

    @Test
    void malformedAnswersAreRefused() {
        assertThrows(LambdaAuthorizers.Malformed.class, () -> LambdaAuthorizers.answer(SIMPLE, bytes("nope")));
        assertThrows(
                LambdaAuthorizers.Malformed.class,
                () -> LambdaAuthorizers.answer(SIMPLE, bytes("{\"isAuthorized\":\"yes\"}")));
        assertThrows(
                LambdaAuthorizers.Malformed.class,
                () -> LambdaAuthorizers.answer(SIMPLE, bytes("{\"isAuthorized\":true,\"context\":[1]}")));
        // a policy answer needs its principal and document
        assertThrows(
                LambdaAuthorizers.Malformed.class,
                () -> LambdaAuthorizers.answer(POLICY, bytes("{\"isAuthorized\":true}")));
    }

    @Test
    void aPolicyAllowsTheRoutesItCoversAndADenyWins() throws Exception {
        JsonNode allowAll = policy(
                "[{\"Action\":\"execute-api:Invoke\",\"Effect\":\"Allow\",\"Resource\":\"arn:aws:execute-api:*:*:abc/*\"}]");
        assertTrue(LambdaAuthorizers.allows(allowAll, ROUTE));
        assertFalse(LambdaAuthorizers.allows(allowAll, ROUTE.replace("abc/", "xyz/")));
        JsonNode denyOne = policy("[{\"Action\":\"execute-api:Invoke\",\"Effect\":\"Allow\",\"Resource\":[\"*\"]},"
                + "{\"Action\":[\"execute-api:*\"],\"Effect\":\"Deny\",\"Resource\":\"*/GET/items/?\"}]");
        assertFalse(LambdaAuthorizers.allows(denyOne, ROUTE));
        assertTrue(LambdaAuthorizers.allows(denyOne, ROUTE + "7"));
        JsonNode otherAction =
                policy("{\"Action\":\"execute-api:ManageConnections\",\"Effect\":\"Allow\",\"Resource\":\"*\"}");
        assertFalse(LambdaAuthorizers.allows(otherAction, ROUTE));
        LambdaAuthorizers.Decision fromPolicy = LambdaAuthorizers.answer(
                        POLICY,
                        bytes("{\"principalId\":\"ann\",\"policyDocument\":" + allowAll + ",\"context\":{\"k\":1}}"))
                .decide(ROUTE);
        assertTrue(fromPolicy.allowed());
        assertEquals("ann", fromPolicy.principalId());
    }

    @Test
    void answersAreKeptPerIdentityForTheTtl() throws Exception {
        AtomicLong now = new AtomicLong(1_000_000);
        InstantSource clock = () -> Instant.ofEpochMilli(now.get());
        LambdaAuthorizers authorizers = new LambdaAuthorizers(clock);
        HttpApi api = new HttpApi(
                "abc",
                "n",
                null,
                0,
                List.of(),
                List.of(),
                List.of(),
                null,
                List.of(SIMPLE, POLICY),
                List.of(),
                Map.of());
        LambdaAuthorizers.Answer answer = LambdaAuthorizers.answer(SIMPLE, bytes("{\"isAuthorized\":true}"));
        authorizers.keep(api, SIMPLE, List.of("token-1"), answer);
        assertSame(answer, authorizers.kept(api, SIMPLE, List.of("token-1")));
        assertNull(authorizers.kept(api, SIMPLE, List.of("token-2")));
        now.addAndGet(59_999);
        assertSame(answer, authorizers.kept(api, SIMPLE, List.of("token-1")));
        now.addAndGet(1);
        assertNull(authorizers.kept(api, SIMPLE, List.of("token-1")));
        // a TTL of 0 keeps nothing
        authorizers.keep(api, POLICY, List.of("token-1"), answer);
        assertNull(authorizers.kept(api, POLICY, List.of("token-1")));
    }
}

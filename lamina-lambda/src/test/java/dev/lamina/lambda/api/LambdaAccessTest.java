package dev.lamina.lambda.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.edge.Access;
import dev.lamina.edge.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LambdaAccessTest {
    private static final LambdaAccess RULES = new LambdaAccess("us-east-1", "000000000000");
    private static final String FN = "arn:aws:lambda:us-east-1:000000000000:function:";

    private static Access access(String method, String path, Map<String, String> params, String qualifier) {
        Map<String, List<String>> query = qualifier == null ? Map.of() : Map.of("Qualifier", List.of(qualifier));
        return RULES.ofRoute(new HttpRequest(method, path, null, query, Map.of(), new byte[0]), params);
    }

    private static Access access(String method, String path, Map<String, String> params) {
        return access(method, path, params, null);
    }

    @Test
    void eachRouteIsItsOperationOnTheFunctionsArn() {
        Map<String, String> hello = Map.of("FunctionName", "hello");
        assertEquals(
                new Access("lambda:InvokeFunction", FN + "hello"),
                access("POST", "/2015-03-31/functions/hello/invocations", hello));
        assertEquals(
                new Access("lambda:InvokeFunction", FN + "hello:live"),
                access("POST", "/2015-03-31/functions/hello/invocations", hello, "live"));
        assertEquals(
                new Access("lambda:InvokeFunction", FN + "hello"),
                access("POST", "/2021-11-15/functions/hello/response-streaming-invocations", hello));
        assertEquals(
                new Access("lambda:GetFunction", FN + "hello"), access("GET", "/2015-03-31/functions/hello", hello));
        assertEquals(
                new Access("lambda:UpdateFunctionCode", FN + "hello"),
                access("PUT", "/2015-03-31/functions/hello/code", hello));
        assertEquals(
                new Access("lambda:DeleteAlias", FN + "hello"),
                access(
                        "DELETE",
                        "/2015-03-31/functions/hello/aliases/live",
                        Map.of("FunctionName", "hello", "Name", "live")));
        assertEquals(
                new Access("lambda:ListFunctionEventInvokeConfigs", FN + "hello"),
                access("GET", "/2019-09-25/functions/hello/event-invoke-config/list", hello));
        assertEquals(
                new Access("lambda:GetFunction", FN + "other"),
                access("GET", "/2015-03-31/functions/" + FN + "other", Map.of("FunctionName", FN + "other")));
    }

    @Test
    void listsAndCreatesActOnStar() {
        assertEquals(new Access("lambda:ListFunctions", "*"), access("GET", "/2015-03-31/functions/", Map.of()));
        assertEquals(new Access("lambda:CreateFunction", "*"), access("POST", "/2015-03-31/functions", Map.of()));
        assertEquals(
                new Access("lambda:ListEventSourceMappings", "*"),
                access("GET", "/2015-03-31/event-source-mappings/", Map.of()));
        assertEquals(
                new Access("lambda:GetLayerVersion", "arn:aws:lambda:us-east-1:000000000000:layer:deps:3"),
                access("GET", "/2018-10-31/layers/deps/versions/3", Map.of("LayerName", "deps", "VersionNumber", "3")));
        assertEquals(
                new Access("lambda:RemoveLayerVersionPermission", "arn:aws:lambda:us-east-1:000000000000:layer:deps:3"),
                access(
                        "DELETE",
                        "/2018-10-31/layers/deps/versions/3/policy/s1",
                        Map.of("LayerName", "deps", "VersionNumber", "3", "StatementId", "s1")));
    }

    @Test
    void aRefusalNamesThePrincipalTheActionAndTheResource() {
        Access access = new Access("lambda:InvokeFunction", FN + "hello");
        assertEquals(
                "User: arn:aws:iam::000000000000:role/r is not authorized to perform: lambda:InvokeFunction on resource: "
                        + FN + "hello because no identity-based policy allows the lambda:InvokeFunction action",
                RULES.denied("arn:aws:iam::000000000000:role/r", access, false).getMessage());
        assertEquals("AccessDeniedException", RULES.denied("p", access, true).code());
        assertEquals(403, RULES.denied("p", access, true).status());
        assertEquals(
                "User: p is not authorized to perform: lambda:InvokeFunction on resource: " + FN
                        + "hello with an explicit deny in an identity-based policy",
                RULES.denied("p", access, true).getMessage());
    }
}

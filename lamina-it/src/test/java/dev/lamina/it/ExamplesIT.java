package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * The applications in {@code examples/}: each language's function is built by its own script, its
 * template packaged and deployed with the AWS CLI as a user would, called through its HTTP API as
 * the stack hands the endpoint out, invoked directly (a failure in AWS's error shape), and deleted.
 * Python, Node.js, Java and Ruby run on their managed runtimes; Go's and C#'s functions on
 * {@code provided.al2023} with a Runtime API client of their own (Go's standard library; Mono's class
 * library).
 */
class ExamplesIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path EXAMPLES = Path.of("").toAbsolutePath().getParent().resolve("examples");

    /** The errorType each example's failure is reported with: its language's name for the exception. */
    static final Map<String, String> ERROR_TYPES = Map.of(
            "python", "ValueError",
            "nodejs", "Error",
            "java", "java.lang.IllegalStateException",
            "ruby", "ArgumentError",
            "go", "errorString",
            "csharp", "InvalidOperationException");

    static TestNode node;
    static Path work;
    static LambdaClient lambda;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(AwsCli.available(), "the AWS CLI v2 (/usr/bin/aws, Debian package awscli) is not installed");
        // Debian 12's Ruby is 3.1, which no Lambda runtime is: the Ruby example runs by a mapping (README, "Runtimes")
        node = TestNode.start(c -> c.withRuntimeOverrides(Map.of("ruby3.2", RubyRuntimeIT.RUBY)));
        work = CloudFormationIT.cliHome(node, "examples");
        lambda = node.lambda();
        CliIT.ok(aws().run("s3api", "create-bucket", "--bucket", "artifacts"));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    static AwsCli aws() {
        return CloudFormationIT.cli(node, work);
    }

    @Test
    void aManagedDotnetRuntimeIsRefusedNamingTheWayThatRuns() {
        InvalidParameterValueException refused = assertThrows(
                InvalidParameterValueException.class,
                () -> lambda.createFunction(Functions.request(
                                "dotnet-hello", "dotnet8", "Hello::Hello.Function::Handle", Functions.python("x=1"))
                        .build()));
        assertTrue(
                refused.getMessage().contains("The runtime parameter of dotnet8 is not available on this Lamina node"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("provided.al2023"), refused.getMessage());
        assertTrue(lambda.listFunctions().functions().stream()
                .noneMatch(f -> f.functionName().equals("dotnet-hello")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"python", "nodejs", "java", "ruby", "go", "csharp"})
    void theExampleBuildsDeploysAnswersAndGoes(String language) throws Exception {
        Path app = Files.createDirectories(work.resolve(language));
        Files.copy(EXAMPLES.resolve(language).resolve("template.yaml"), app.resolve("template.yaml"));
        Path buildLog = app.resolve("build.log");
        Process build = new ProcessBuilder(
                        EXAMPLES.resolve(language).resolve("build.sh").toString(),
                        app.resolve("build").toString())
                .redirectErrorStream(true)
                .redirectOutput(buildLog.toFile())
                .start();
        if (!build.waitFor(5, TimeUnit.MINUTES)) {
            build.descendants().forEach(ProcessHandle::destroyForcibly); // the compiler under the script too
            build.destroyForcibly().waitFor();
            fail("the build did not end in 5 minutes: " + Files.readString(buildLog));
        }
        assertEquals(0, build.exitValue(), Files.readString(buildLog));

        String stack = language + "-hello";
        CloudFormationIT.cfnPackage(aws(), app.resolve("template.yaml"), app.resolve("packaged.yaml"));
        CloudFormationIT.cfnDeploy(aws(), app.resolve("packaged.yaml"), stack);
        Map<String, String> outputs =
                CloudFormationIT.outputs(CliIT.ok(aws().run("cloudformation", "describe-stacks", "--stack-name", stack))
                        .get("Stacks")
                        .get(0));
        String function = outputs.get("FunctionName");

        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(URI.create(outputs.get("ApiEndpoint") + "/hello?name=Ada"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals(
                    "application/json",
                    answer.headers().firstValue("content-type").orElse(""));
            JsonNode greeting = JSON.readTree(answer.body());
            assertEquals("Hello, Ada!", greeting.get("message").asText());
            assertEquals(language, greeting.get("language").asText());
            assertEquals(function, greeting.get("function").asText());
        }

        InvokeResponse direct =
                lambda.invoke(r -> r.functionName(function).payload(SdkBytes.fromUtf8String("{\"name\":\"Bo\"}")));
        assertEquals(
                "Hello, Bo!",
                JSON.readTree(direct.payload().asUtf8String()).get("message").asText());
        InvokeResponse failed =
                lambda.invoke(r -> r.functionName(function).payload(SdkBytes.fromUtf8String("{\"name\":\"fail\"}")));
        assertEquals("Unhandled", failed.functionError());
        JsonNode error = JSON.readTree(failed.payload().asUtf8String());
        assertEquals("asked to fail", error.get("errorMessage").asText());
        assertEquals(ERROR_TYPES.get(language), error.get("errorType").asText());

        CliIT.ok(aws().run("cloudformation", "delete-stack", "--stack-name", stack));
        CliIT.ok(aws().run("cloudformation", "wait", "stack-delete-complete", "--stack-name", stack));
        assertTrue(lambda.listFunctions().functions().stream()
                .noneMatch(f -> f.functionName().equals(function)));
    }
}

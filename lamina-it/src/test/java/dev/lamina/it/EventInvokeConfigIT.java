package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionEventInvokeConfig;
import software.amazon.awssdk.services.lambda.model.GetFunctionEventInvokeConfigResponse;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.PutFunctionEventInvokeConfigResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionEventInvokeConfigResponse;

/**
 * Put/Update/Get/Delete/ListFunctionEventInvokeConfig(s) through the AWS SDK and the AWS CLI, the
 * refusals of what the node cannot do (queue, topic, bus destinations; dead-letter queues), and bad
 * input.
 */
class EventInvokeConfigIT extends NodeTest {
    static final String ARN = "arn:aws:lambda:us-east-1:000000000000:function:";
    static LambdaClient noRetry;

    @BeforeAll
    static void functions() {
        noRetry = node.lambdaNoRetry();
        for (String name : List.of("eic-fn", "eic-dest", "eic-cli", "eic-bad", "eic-dlq")) {
            Functions.create(
                    lambda, name, "python3.11", "app.handler", Functions.python("def handler(e, c):\n    return 1\n"));
        }
    }

    @AfterAll
    static void closeClient() {
        if (noRetry != null) {
            noRetry.close();
        }
    }

    @Test
    void putReplacesUpdateMergesGetListAndDeleteThroughTheSdk() {
        Instant before = Instant.now().minusSeconds(1);
        PutFunctionEventInvokeConfigResponse put = lambda.putFunctionEventInvokeConfig(b -> b.functionName("eic-fn")
                .maximumRetryAttempts(1)
                .maximumEventAgeInSeconds(3600)
                .destinationConfig(d -> d.onFailure(f -> f.destination(ARN + "eic-dest"))));
        assertEquals(ARN + "eic-fn:$LATEST", put.functionArn());
        assertEquals(1, put.maximumRetryAttempts());
        assertEquals(3600, put.maximumEventAgeInSeconds());
        assertEquals(ARN + "eic-dest", put.destinationConfig().onFailure().destination());
        assertNull(put.destinationConfig().onSuccess().destination(), "OnSuccess is there, empty");
        assertTrue(!put.lastModified().isBefore(before)
                && put.lastModified().isBefore(Instant.now().plusSeconds(1)));

        UpdateFunctionEventInvokeConfigResponse updated = lambda.updateFunctionEventInvokeConfig(b ->
                b.functionName("eic-fn").destinationConfig(d -> d.onSuccess(s -> s.destination(ARN + "eic-dest"))));
        assertEquals(1, updated.maximumRetryAttempts(), "update keeps what it does not set");
        assertEquals(3600, updated.maximumEventAgeInSeconds());
        assertEquals(ARN + "eic-dest", updated.destinationConfig().onSuccess().destination());
        assertEquals(ARN + "eic-dest", updated.destinationConfig().onFailure().destination());

        GetFunctionEventInvokeConfigResponse got = lambda.getFunctionEventInvokeConfig(
                b -> b.functionName(ARN + "eic-fn").qualifier("$LATEST"));
        assertEquals(updated.lastModified(), got.lastModified());
        assertEquals(updated.destinationConfig(), got.destinationConfig());

        PutFunctionEventInvokeConfigResponse replaced = lambda.putFunctionEventInvokeConfig(
                b -> b.functionName("eic-fn").maximumRetryAttempts(0));
        assertEquals(0, replaced.maximumRetryAttempts());
        assertNull(replaced.maximumEventAgeInSeconds(), "put replaces the whole configuration");
        assertNull(replaced.destinationConfig().onFailure().destination());

        List<FunctionEventInvokeConfig> listed = lambda
                .listFunctionEventInvokeConfigsPaginator(
                        b -> b.functionName("eic-fn").maxItems(1))
                .functionEventInvokeConfigs()
                .stream()
                .toList();
        assertEquals(1, listed.size());
        assertEquals(ARN + "eic-fn:$LATEST", listed.getFirst().functionArn());
        assertEquals(0, listed.getFirst().maximumRetryAttempts());

        lambda.deleteFunctionEventInvokeConfig(b -> b.functionName("eic-fn"));
        ResourceNotFoundException gone = assertThrows(
                ResourceNotFoundException.class,
                () -> noRetry.getFunctionEventInvokeConfig(b -> b.functionName("eic-fn")));
        assertEquals(
                "The function " + ARN + "eic-fn:$LATEST doesn't have an EventInvokeConfig",
                gone.awsErrorDetails().errorMessage());
        assertEquals(
                List.of(),
                lambda.listFunctionEventInvokeConfigs(b -> b.functionName("eic-fn"))
                        .functionEventInvokeConfigs());
    }

    @Test
    void everyOperationThroughTheCli() throws Exception {
        assumeTrue(AwsCli.available(), "the AWS CLI v2 (/usr/bin/aws, Debian package awscli) is not installed");
        Path work = Files.createDirectories(node.dataDir().resolve("cli-eic"));
        AwsCli aws = new AwsCli(node.endpoint(), work);
        JsonNode put = CliIT.ok(aws.run(
                "lambda",
                "put-function-event-invoke-config",
                "--function-name",
                "eic-cli",
                "--maximum-retry-attempts",
                "2",
                "--destination-config",
                "{\"OnSuccess\":{\"Destination\":\"" + ARN + "eic-dest\"}}"));
        assertEquals(ARN + "eic-cli:$LATEST", put.get("FunctionArn").asText());
        assertEquals(2, put.get("MaximumRetryAttempts").asInt());
        assertEquals(
                ARN + "eic-dest",
                put.get("DestinationConfig").get("OnSuccess").get("Destination").asText());
        Instant modified = Instant.parse(put.get("LastModified").asText().replace("+00:00", "Z"));
        assertTrue(Duration.between(modified, Instant.now()).abs().toMinutes() < 5, "LastModified " + modified);

        JsonNode updated = CliIT.ok(aws.run(
                "lambda",
                "update-function-event-invoke-config",
                "--function-name",
                "eic-cli",
                "--maximum-event-age-in-seconds",
                "120"));
        assertEquals(2, updated.get("MaximumRetryAttempts").asInt());
        assertEquals(120, updated.get("MaximumEventAgeInSeconds").asInt());

        JsonNode got = CliIT.ok(aws.run("lambda", "get-function-event-invoke-config", "--function-name", "eic-cli"));
        assertEquals(updated, got);

        JsonNode listed = CliIT.ok(aws.run(
                "lambda", "list-function-event-invoke-configs", "--function-name", "eic-cli", "--max-items", "1"));
        assertEquals(1, listed.get("FunctionEventInvokeConfigs").size());
        assertEquals(got, listed.get("FunctionEventInvokeConfigs").get(0));
        assertFalse(listed.has("NextToken"), "one configuration fits one page");

        CliIT.ok(aws.run("lambda", "delete-function-event-invoke-config", "--function-name", "eic-cli"));
        AwsCli.Result missing = aws.run("lambda", "get-function-event-invoke-config", "--function-name", "eic-cli");
        assertNotEquals(0, missing.exitCode());
        assertTrue(missing.stderr().contains("ResourceNotFoundException"), missing.stderr());
        assertTrue(missing.stderr().contains("doesn't have an EventInvokeConfig"), missing.stderr());

        AwsCli.Result bad = aws.run(
                "lambda",
                "put-function-event-invoke-config",
                "--function-name",
                "eic-cli",
                "--destination-config",
                "{\"OnFailure\":{\"Destination\":\"arn:aws:sns:us-east-1:000000000000:dlq\"}}");
        assertNotEquals(0, bad.exitCode());
        assertTrue(bad.stderr().contains("InvalidParameterValueException"), bad.stderr());
        assertTrue(bad.stderr().contains("no such service yet"), bad.stderr());
    }

    @Test
    void outOfRangeSettingsAreRefusedAndChangeNothing() {
        lambda.putFunctionEventInvokeConfig(b -> b.functionName("eic-bad").maximumRetryAttempts(1));
        modelViolation(
                () -> noRetry.putFunctionEventInvokeConfig(
                        b -> b.functionName("eic-bad").maximumRetryAttempts(3)),
                outOfRange(3, "maximumRetryAttempts", "less than or equal to 2"));
        modelViolation(
                () -> noRetry.updateFunctionEventInvokeConfig(
                        b -> b.functionName("eic-bad").maximumRetryAttempts(-1)),
                outOfRange(-1, "maximumRetryAttempts", "greater than or equal to 0"));
        modelViolation(
                () -> noRetry.putFunctionEventInvokeConfig(
                        b -> b.functionName("eic-bad").maximumEventAgeInSeconds(59)),
                outOfRange(59, "maximumEventAgeInSeconds", "greater than or equal to 60"));
        modelViolation(
                () -> noRetry.putFunctionEventInvokeConfig(
                        b -> b.functionName("eic-bad").maximumEventAgeInSeconds(21_601)),
                outOfRange(21601, "maximumEventAgeInSeconds", "less than or equal to 21600"));
        assertEquals(
                1,
                lambda.getFunctionEventInvokeConfig(b -> b.functionName("eic-bad"))
                        .maximumRetryAttempts(),
                "a refused change leaves the configuration as it was");
    }

    @Test
    void destinationsThisNodeCannotReachAreRefusedWithTheReason() {
        String elsewhere = "arn:aws:sqs:eu-west-1:000000000000:failures";
        invalid(
                () -> noRetry.putFunctionEventInvokeConfig(b ->
                        b.functionName("eic-bad").destinationConfig(d -> d.onFailure(f -> f.destination(elsewhere)))),
                "The destination ARN " + elsewhere + " is invalid: a queue destination is a standard queue of this"
                        + " node (us-east-1, account 000000000000).");
        String fifo = "arn:aws:sqs:us-east-1:000000000000:failures.fifo";
        invalid(
                () -> noRetry.putFunctionEventInvokeConfig(
                        b -> b.functionName("eic-bad").destinationConfig(d -> d.onFailure(f -> f.destination(fifo)))),
                "The destination ARN " + fifo + " is invalid: a queue destination is a standard queue of this"
                        + " node (us-east-1, account 000000000000).");
        invalid(
                () -> noRetry.putFunctionEventInvokeConfig(b -> b.functionName("eic-bad")
                        .destinationConfig(
                                d -> d.onSuccess(s -> s.destination("arn:aws:sns:us-east-1:000000000000:t")))),
                "The destination arn:aws:sns:us-east-1:000000000000:t is an Amazon SNS topic, and this Lamina node"
                        + " has no such service yet: only functions and queues can be destinations.");
        invalid(
                () -> noRetry.putFunctionEventInvokeConfig(b -> b.functionName("eic-bad")
                        .destinationConfig(d -> d.onSuccess(
                                s -> s.destination("arn:aws:events:us-east-1:000000000000:event-bus/default")))),
                "The destination arn:aws:events:us-east-1:000000000000:event-bus/default is an Amazon EventBridge"
                        + " event bus, and this Lamina node has no such service yet: only functions and queues can"
                        + " be destinations.");
        invalid(
                () -> noRetry.putFunctionEventInvokeConfig(b -> b.functionName("eic-bad")
                        .destinationConfig(d -> d.onFailure(f -> f.destination(ARN + "eic-nobody")))),
                "The destination ARN " + ARN + "eic-nobody is invalid.");
        modelViolation(
                () -> noRetry.putFunctionEventInvokeConfig(b -> b.functionName("eic-bad")
                        .destinationConfig(d -> d.onFailure(f -> f.destination("not-an-arn")))),
                "1 validation error detected: Value 'not-an-arn' at 'destinationConfig.onFailure.destination'"
                        + " failed to satisfy constraint: Member must satisfy regular expression pattern:"
                        + " $|kafka://([^.]([a-zA-Z0-9\\-_.]{0,248}))|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:((eusc-)?"
                        + "[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)");
        invalid(
                () -> noRetry.putFunctionEventInvokeConfig(b -> b.functionName("eic-bad")
                        .destinationConfig(d ->
                                d.onFailure(f -> f.destination("arn:aws:lambda:eu-west-1:000000000000:function:x")))),
                "The destination arn:aws:lambda:eu-west-1:000000000000:function:x is not a function of this node"
                        + " (us-east-1, account 000000000000).");
    }

    @Test
    void aFunctionThatDoesNotExistOrAVersionThatIsNotThereIsNotFound() {
        notFound(
                () -> noRetry.putFunctionEventInvokeConfig(
                        b -> b.functionName("eic-nobody").maximumRetryAttempts(1)),
                "The function doesn't exist.");
        notFound(
                () -> noRetry.updateFunctionEventInvokeConfig(
                        b -> b.functionName("eic-nobody").maximumRetryAttempts(1)),
                "The function doesn't exist.");
        notFound(
                () -> noRetry.listFunctionEventInvokeConfigs(b -> b.functionName("eic-nobody")),
                "The function doesn't exist.");
        notFound(
                () -> noRetry.getFunctionEventInvokeConfig(b -> b.functionName("eic-nobody")),
                "The function " + ARN + "eic-nobody:$LATEST doesn't have an EventInvokeConfig");
        notFound(
                () -> noRetry.deleteFunctionEventInvokeConfig(b -> b.functionName("eic-dest")),
                "The function " + ARN + "eic-dest:$LATEST doesn't have an EventInvokeConfig");
        notFound(
                () -> noRetry.updateFunctionEventInvokeConfig(
                        b -> b.functionName("eic-dest").maximumRetryAttempts(1)),
                "The function " + ARN + "eic-dest:$LATEST doesn't have an EventInvokeConfig");
        notFound(
                () -> noRetry.putFunctionEventInvokeConfig(
                        b -> b.functionName("eic-dest").qualifier("7").maximumRetryAttempts(1)),
                "The function doesn't exist."); // as Lambda says of a missing alias (facts §2.15)
        modelViolation(
                () -> noRetry.listFunctionEventInvokeConfigs(
                        b -> b.functionName("eic-dest").maxItems(51)),
                outOfRange(51, "maxItems", "less than or equal to 50"));
    }

    @Test
    void aDeletedFunctionTakesItsConfigurationWithIt() {
        Functions.create(
                lambda,
                "eic-gone",
                "python3.11",
                "app.handler",
                Functions.python("def handler(e, c):\n    return 1\n"));
        lambda.putFunctionEventInvokeConfig(b -> b.functionName("eic-gone").maximumRetryAttempts(0));
        lambda.deleteFunction(b -> b.functionName("eic-gone"));
        Functions.create(
                lambda,
                "eic-gone",
                "python3.11",
                "app.handler",
                Functions.python("def handler(e, c):\n    return 1\n"));
        assertThrows(
                ResourceNotFoundException.class,
                () -> noRetry.getFunctionEventInvokeConfig(b -> b.functionName("eic-gone")));

        lambda.createAlias(b -> b.functionName("eic-gone").name("live").functionVersion("$LATEST"));
        lambda.putFunctionEventInvokeConfig(
                b -> b.functionName("eic-gone").qualifier("live").maximumRetryAttempts(1));
        lambda.deleteAlias(b -> b.functionName("eic-gone").name("live"));
        lambda.createAlias(b -> b.functionName("eic-gone").name("live").functionVersion("$LATEST"));
        assertThrows(
                ResourceNotFoundException.class,
                () -> noRetry.getFunctionEventInvokeConfig(
                        b -> b.functionName("eic-gone").qualifier("live")),
                "a deleted alias takes its configuration with it");
    }

    @Test
    void aDeadLetterQueueIsAStandardQueueOfThisNodeAndAnEmptyTargetRemovesIt() {
        String queue = "arn:aws:sqs:us-east-1:000000000000:dead-letters";
        invalid(
                () -> noRetry.createFunction(Functions.request(
                                "eic-dlq-new",
                                "python3.11",
                                "app.handler",
                                Functions.python("def handler(e, c):\n    return 1\n"))
                        .deadLetterConfig(d -> d.targetArn("arn:aws:sns:us-east-1:000000000000:t"))
                        .build()),
                "DeadLetterConfig.TargetArn arn:aws:sns:us-east-1:000000000000:t is an Amazon SNS topic, and this"
                        + " Lamina node has no topics: a dead-letter queue is a queue of this node.");
        invalid(
                () -> noRetry.updateFunctionConfiguration(
                        b -> b.functionName("eic-dlq").deadLetterConfig(d -> d.targetArn(ARN + "eic-dest"))),
                "The provided target arn " + ARN + "eic-dest is invalid: a dead-letter queue is an Amazon SQS queue or"
                        + " an Amazon SNS topic.");
        for (String elsewhere : List.of(
                "arn:aws:sqs:eu-west-1:000000000000:dead-letters", "arn:aws:sqs:us-east-1:000000000000:letters.fifo")) {
            invalid(
                    () -> noRetry.updateFunctionConfiguration(
                            b -> b.functionName("eic-dlq").deadLetterConfig(d -> d.targetArn(elsewhere))),
                    "The provided target arn " + elsewhere + " is invalid: a dead-letter queue is a standard queue of"
                            + " this node (us-east-1, account 000000000000).");
        }
        modelViolation(
                () -> noRetry.updateFunctionConfiguration(
                        b -> b.functionName("eic-dlq").deadLetterConfig(d -> d.targetArn("dead letters"))),
                "1 validation error detected: Value 'dead letters' at 'deadLetterConfig.targetArn' failed to satisfy"
                        + " constraint: Member must satisfy regular expression pattern:"
                        + " (arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()");
        assertThrows(
                ResourceNotFoundException.class,
                () -> noRetry.getFunction(b -> b.functionName("eic-dlq-new")),
                "a refused create makes no function");
        assertEquals(
                null,
                lambda.getFunctionConfiguration(b -> b.functionName("eic-dlq")).deadLetterConfig(),
                "a refused update changes nothing");
        lambda.updateFunctionConfiguration(b -> b.functionName("eic-dlq").deadLetterConfig(d -> d.targetArn(queue)));
        lambda.waiter().waitUntilFunctionUpdatedV2(b -> b.functionName("eic-dlq"));
        assertEquals(
                queue,
                lambda.getFunctionConfiguration(b -> b.functionName("eic-dlq"))
                        .deadLetterConfig()
                        .targetArn());
        lambda.updateFunctionConfiguration(b -> b.functionName("eic-dlq").timeout(5));
        lambda.waiter().waitUntilFunctionUpdatedV2(b -> b.functionName("eic-dlq"));
        assertEquals(
                queue,
                lambda.getFunctionConfiguration(b -> b.functionName("eic-dlq"))
                        .deadLetterConfig()
                        .targetArn(),
                "an update that does not name it keeps it");
        lambda.updateFunctionConfiguration(b ->
                b.functionName("eic-dlq").deadLetterConfig(d -> d.targetArn("")).timeout(4));
        lambda.waiter().waitUntilFunctionUpdatedV2(b -> b.functionName("eic-dlq"));
        var config = lambda.getFunctionConfiguration(b -> b.functionName("eic-dlq"));
        assertEquals(4, config.timeout());
        assertEquals(null, config.deadLetterConfig(), "an empty target removes it");
    }

    static String outOfRange(int value, String member, String bound) {
        return "1 validation error detected: Value '" + value + "' at '" + member
                + "' failed to satisfy constraint: Member must have value " + bound;
    }

    /** Lambda's front end refuses what breaks the model's constraints with a ValidationException. */
    static void modelViolation(Executable call, String message) {
        LambdaException e = assertThrows(LambdaException.class, call);
        assertEquals(400, e.statusCode());
        assertEquals("ValidationException", e.awsErrorDetails().errorCode());
        assertEquals(message, e.awsErrorDetails().errorMessage());
    }

    static void invalid(Executable call, String message) {
        InvalidParameterValueException e = assertThrows(InvalidParameterValueException.class, call);
        assertEquals(400, e.statusCode());
        assertEquals(message, e.awsErrorDetails().errorMessage());
    }

    static void notFound(Executable call, String message) {
        LambdaException e = assertThrows(ResourceNotFoundException.class, call);
        assertEquals(404, e.statusCode());
        assertEquals(message, e.awsErrorDetails().errorMessage());
    }
}

package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/** Log groups keep their events 7 days unless told otherwise, through CloudWatch Logs' own calls. */
class LogRetentionIT extends NodeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GROUP = "/aws/lambda/retained";

    private static LogGroup describe(CloudWatchLogsClient logs) {
        return logs.describeLogGroups(b -> b.logGroupNamePrefix(GROUP)).logGroups().stream()
                .filter(g -> g.logGroupName().equals(GROUP))
                .findFirst()
                .orElseThrow(() -> new AssertionError(GROUP + " is not described"));
    }

    @Test
    void aFunctionsLogGroupKeepsAWeekByDefaultAndTakesAPolicyOfItsOwn() {
        CloudWatchLogsClient logs = node.logs();
        Functions.create(lambda, "retained", "python3.11", "app.handler", Functions.python("""
                def handler(event, context):
                    print("kept")
                    return 1
                """));
        lambda.invoke(b -> b.functionName("retained"));

        LogGroup group = describe(logs);
        assertEquals(7, group.retentionInDays());
        assertTrue(group.storedBytes() > 0, group.toString());
        assertEquals("arn:aws:logs:us-east-1:000000000000:log-group:" + GROUP + ":*", group.arn());
        assertEquals("arn:aws:logs:us-east-1:000000000000:log-group:" + GROUP, group.logGroupArn());
        assertTrue(group.creationTime() > 0, group.toString());

        logs.putRetentionPolicy(b -> b.logGroupName(GROUP).retentionInDays(30));
        assertEquals(30, describe(logs).retentionInDays());

        logs.deleteRetentionPolicy(b -> b.logGroupName(GROUP));
        assertNull(describe(logs).retentionInDays(), "no retentionInDays: never expire, as on AWS");

        InvalidParameterException bad = assertThrows(
                InvalidParameterException.class,
                () -> logs.putRetentionPolicy(b -> b.logGroupName(GROUP).retentionInDays(2)));
        assertTrue(bad.getMessage().contains("Member must satisfy enum value set"), bad.getMessage());
        assertNull(describe(logs).retentionInDays(), "a refused value changes nothing");
        assertThrows(
                ResourceNotFoundException.class,
                () -> logs.putRetentionPolicy(
                        b -> b.logGroupName("/aws/lambda/nobody").retentionInDays(7)));
    }

    @Test
    void theAwsCliSetsAndShowsRetention() throws Exception {
        assumeTrue(AwsCli.available(), "the AWS CLI v2 (/usr/bin/aws, Debian package awscli) is not installed");
        AwsCli aws = new AwsCli(
                node.endpoint(), Files.createDirectories(node.dataDir().resolve("cli-logs")));
        Functions.create(lambda, "retained-cli", "python3.11", "app.handler", Functions.python("""
                def handler(event, context):
                    return 1
                """));
        lambda.invoke(b -> b.functionName("retained-cli"));
        String group = "/aws/lambda/retained-cli";

        assertEquals(
                0,
                aws.run("logs", "put-retention-policy", "--log-group-name", group, "--retention-in-days", "14")
                        .exitCode());
        JsonNode groups = JSON.readTree(aws.run("logs", "describe-log-groups", "--log-group-name-prefix", group)
                .stdout());
        assertEquals(
                14, groups.path("logGroups").path(0).path("retentionInDays").asInt());
        assertEquals(
                0,
                aws.run("logs", "delete-retention-policy", "--log-group-name", group)
                        .exitCode());
        groups = JSON.readTree(aws.run("logs", "describe-log-groups", "--log-group-name-prefix", group)
                .stdout());
        assertFalse(groups.path("logGroups").path(0).has("retentionInDays"), groups.toString());

        AwsCli.Result bad =
                aws.run("logs", "put-retention-policy", "--log-group-name", group, "--retention-in-days", "2");
        assertNotEquals(0, bad.exitCode());
        assertTrue(bad.stderr().contains("InvalidParameterException"), bad.stderr());
    }
}

package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.PreconditionFailedException;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/** Tags and resource-based policies through the AWS SDK for Java v2 and the AWS CLI v2. */
class TagsAndPolicyIT extends NodeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARN = "arn:aws:lambda:us-east-1:000000000000:function:";

    @Test
    void tagsAreAddedListedAndRemoved() {
        String fn = "tp-tags";
        Functions.create(
                lambda,
                Functions.request(fn, "python3.11", "app.handler", VersionsIT.tagged("t"))
                        .tags(Map.of("team", "core"))
                        .build());
        lambda.tagResource(r -> r.resource(ARN + fn).tags(Map.of("env", "dev", "team", "edge")));
        assertEquals(
                Map.of("env", "dev", "team", "edge"),
                lambda.listTags(r -> r.resource(ARN + fn)).tags());
        assertEquals(
                Map.of("env", "dev", "team", "edge"),
                lambda.getFunction(r -> r.functionName(fn)).tags());
        lambda.untagResource(r -> r.resource(ARN + fn).tagKeys("env", "team"));
        assertTrue(lambda.listTags(r -> r.resource(ARN + fn)).tags().isEmpty());
        assertFalse(lambda.getFunction(r -> r.functionName(fn)).hasTags(), "GetFunction drops an empty Tags");

        assertThrows(
                InvalidParameterValueException.class,
                () -> lambda.tagResource(r -> r.resource(ARN + fn).tags(Map.of())));
        assertThrows(
                InvalidParameterValueException.class,
                () -> lambda.tagResource(r -> r.resource(ARN + fn + ":1").tags(Map.of("a", "b"))));
        assertThrows(
                InvalidParameterValueException.class,
                () -> lambda.tagResource(r -> r.resource(ARN + fn).tags(Map.of("aws:x", "b"))));
        assertThrows(ResourceNotFoundException.class, () -> lambda.listTags(r -> r.resource(ARN + "tp-none")));
        assertTrue(lambda.listTags(r -> r.resource(ARN + fn)).tags().isEmpty(), "a refused tagging changed nothing");
    }

    @Test
    void permissionsMakeAPolicyWithConditions() throws Exception {
        String fn = "tp-policy";
        Functions.create(lambda, fn, "python3.11", "app.handler", VersionsIT.tagged("p"));
        assertThrows(ResourceNotFoundException.class, () -> lambda.getPolicy(r -> r.functionName(fn)));
        String before = lambda.getFunctionConfiguration(r -> r.functionName(fn)).revisionId();
        var added = lambda.addPermission(r -> r.functionName(fn)
                .statementId("s3-invoke")
                .action("lambda:InvokeFunction")
                .principal("s3.amazonaws.com")
                .sourceArn("arn:aws:s3:::my-bucket")
                .sourceAccount("000000000000"));
        JsonNode statement = JSON.readTree(added.statement());
        assertEquals("s3-invoke", statement.get("Sid").asText());
        assertEquals("Allow", statement.get("Effect").asText());
        assertEquals(
                "s3.amazonaws.com", statement.get("Principal").get("Service").asText());
        assertEquals("lambda:InvokeFunction", statement.get("Action").asText());
        assertEquals(ARN + fn, statement.get("Resource").asText());
        assertEquals(
                "arn:aws:s3:::my-bucket",
                statement.get("Condition").get("ArnLike").get("AWS:SourceArn").asText());
        assertEquals(
                "000000000000",
                statement
                        .get("Condition")
                        .get("StringEquals")
                        .get("AWS:SourceAccount")
                        .asText());

        lambda.addPermission(r -> r.functionName(fn)
                .statementId("public-url")
                .action("lambda:InvokeFunctionUrl")
                .principal("*")
                .functionUrlAuthType("NONE"));
        var policy = lambda.getPolicy(r -> r.functionName(fn));
        JsonNode doc = JSON.readTree(policy.policy());
        assertEquals("2012-10-17", doc.get("Version").asText());
        assertEquals("default", doc.get("Id").asText());
        assertEquals(2, doc.get("Statement").size());
        assertEquals("*", doc.get("Statement").get(1).get("Principal").asText());
        String revision =
                lambda.getFunctionConfiguration(r -> r.functionName(fn)).revisionId();
        assertEquals(revision, policy.revisionId());
        assertNotEquals(before, revision, "a policy change gives the function a new revision");

        assertThrows(
                ResourceConflictException.class,
                () -> lambda.addPermission(r -> r.functionName(fn)
                        .statementId("s3-invoke")
                        .action("lambda:InvokeFunction")
                        .principal("s3.amazonaws.com")));
        assertThrows(
                InvalidParameterValueException.class,
                () -> lambda.addPermission(r -> r.functionName(fn)
                        .statementId("bad")
                        .action("s3:GetObject")
                        .principal("s3.amazonaws.com")));
        assertThrows(
                PreconditionFailedException.class,
                () -> lambda.addPermission(r -> r.functionName(fn)
                        .statementId("late")
                        .action("lambda:InvokeFunction")
                        .principal("123456789012")
                        .revisionId(before)));
        assertEquals(
                2,
                JSON.readTree(lambda.getPolicy(r -> r.functionName(fn)).policy())
                        .get("Statement")
                        .size());

        lambda.removePermission(r -> r.functionName(fn).statementId("s3-invoke"));
        assertThrows(
                ResourceNotFoundException.class,
                () -> lambda.removePermission(r -> r.functionName(fn).statementId("s3-invoke")));
        lambda.removePermission(r -> r.functionName(fn).statementId("public-url"));
        assertThrows(ResourceNotFoundException.class, () -> lambda.getPolicy(r -> r.functionName(fn)));

        lambda.publishVersion(r -> r.functionName(fn));
        lambda.addPermission(r -> r.functionName(fn)
                .qualifier("1")
                .statementId("acct")
                .action("lambda:InvokeFunction")
                .principal("123456789012"));
        JsonNode versionPolicy = JSON.readTree(
                lambda.getPolicy(r -> r.functionName(fn).qualifier("1")).policy());
        assertEquals(
                ARN + fn + ":1",
                versionPolicy.get("Statement").get(0).get("Resource").asText());
        assertEquals(
                "arn:aws:iam::123456789012:root",
                versionPolicy
                        .get("Statement")
                        .get(0)
                        .get("Principal")
                        .get("AWS")
                        .asText());
        assertThrows(ResourceNotFoundException.class, () -> lambda.getPolicy(r -> r.functionName(fn)));
    }

    @Test
    void tagsAndPolicyThroughTheCli() throws Exception {
        assumeTrue(AwsCli.available(), "the AWS CLI v2 (/usr/bin/aws, Debian package awscli) is not installed");
        AwsCli aws = new AwsCli(
                node.endpoint(), Files.createDirectories(node.dataDir().resolve("cli-tp")));
        String fn = "tp-cli";
        Functions.create(lambda, fn, "python3.11", "app.handler", VersionsIT.tagged("c"));
        ok(aws.run("lambda", "tag-resource", "--resource", ARN + fn, "--tags", "owner=me,stage=beta"));
        assertEquals(
                "me",
                ok(aws.run("lambda", "list-tags", "--resource", ARN + fn))
                        .get("Tags")
                        .get("owner")
                        .asText());
        ok(aws.run("lambda", "untag-resource", "--resource", ARN + fn, "--tag-keys", "owner", "stage"));
        assertTrue(ok(aws.run("lambda", "list-tags", "--resource", ARN + fn))
                .get("Tags")
                .isEmpty());

        JsonNode added = ok(aws.run(
                "lambda",
                "add-permission",
                "--function-name",
                fn,
                "--statement-id",
                "events",
                "--action",
                "lambda:InvokeFunction",
                "--principal",
                "events.amazonaws.com"));
        assertTrue(added.get("Statement").isTextual(), added.toString());
        JsonNode policy = ok(aws.run("lambda", "get-policy", "--function-name", fn));
        assertTrue(policy.get("RevisionId").isTextual());
        assertEquals(
                "events",
                JSON.readTree(policy.get("Policy").asText())
                        .get("Statement")
                        .get(0)
                        .get("Sid")
                        .asText());
        ok(aws.run("lambda", "remove-permission", "--function-name", fn, "--statement-id", "events"));
        AwsCli.Result none = aws.run("lambda", "get-policy", "--function-name", fn);
        assertNotEquals(0, none.exitCode());
        assertTrue(none.stderr().contains("ResourceNotFoundException"), none.stderr());
    }

    private static JsonNode ok(AwsCli.Result r) throws Exception {
        assertEquals(0, r.exitCode(), r.stderr());
        return r.stdout().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.stdout());
    }
}

package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code lamina deploy} and {@code lamina delete}, run as the launcher runs them, against a node. */
class DeployCommandIT {
    static TestNode node;
    static Path work;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(
                Files.isRegularFile(LauncherIT.TARGET.resolve(LauncherIT.JAR))
                        && Files.isDirectory(LauncherIT.TARGET.resolve("lib")),
                "the node's jar is built by the reactor's package phase: run through ./mvnw -pl lamina-it -am verify");
        node = TestNode.start();
        work = Files.createDirectories(node.dataDir().resolve("deploy-work"));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    record Result(int exit, String out, String err) {}

    static Result lamina(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint", node.endpoint()));
        Path out = Files.createTempFile(work, "lamina-", ".out");
        Path err = Files.createTempFile(work, "lamina-", ".err");
        ProcessBuilder pb = CliIT.laminaProcess(all.toArray(String[]::new));
        // the node's own class path, as ./lamina runs it, and a start-up cache as ./lamina maps one: the
        // first command records the classes it loads, the others map them (a short command spends most of
        // its time loading classes)
        pb.command().subList(1, 3).clear();
        pb.command()
                .addAll(
                        1,
                        List.of(
                                "-XX:+AutoCreateSharedArchive",
                                "-XX:SharedArchiveFile=" + work.resolve("cli.jsa"),
                                "-cp",
                                LauncherIT.TARGET.resolve(LauncherIT.JAR) + ":" + LauncherIT.TARGET.resolve("lib")
                                        + "/*"));
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            fail("lamina " + String.join(" ", args) + " hung");
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** An event line of the command's output: timestamp, logical id, type, status, and a reason containing {@code reason}. */
    static void assertEvent(Result r, String logicalId, String type, String status, String reason) {
        String line = "\\S+Z\\s+" + logicalId + "\\s+" + type + "\\s+" + status
                + (reason == null ? "" : "\\s+.*" + reason + ".*");
        assertTrue(r.out().lines().anyMatch(l -> l.matches(line)), logicalId + " " + status + " in:\n" + r.out());
    }

    static String invoke(String function) {
        return node.lambda()
                .invoke(r -> r.functionName(function).payload(SdkBytes.fromUtf8String("{}")))
                .payload()
                .asUtf8String();
    }

    @Test
    void deploysRedeploysUpdatesRollsBackAFailureAndDeletes() throws Exception {
        Path app = Files.createDirectories(work.resolve("app"));
        Path src = Files.createDirectories(app.resolve("src"));
        Files.writeString(src.resolve("app.py"), """
                import os
                def handler(event, context):
                    return {"v": 1, "greeting": os.environ["GREETING"]}
                """);
        Path template = Files.writeString(app.resolve("template.yaml"), """
                Transform: AWS::Serverless-2016-10-31
                Parameters:
                  Greeting:
                    Type: String
                    Default: hello
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      CodeUri: src/
                      Handler: app.handler
                      Runtime: python3.11
                      Environment:
                        Variables:
                          GREETING: !Ref Greeting
                      Events:
                        Daily:
                          Type: Schedule
                          Properties:
                            Schedule: rate(1 day)
                Outputs:
                  FunctionName:
                    Value: !Ref Fn
                """);
        String[] deploy = {
            "deploy",
            "--template-file",
            template.toString(),
            "--stack-name",
            "deploy-app",
            "--capabilities",
            "CAPABILITY_IAM"
        };
        List<String> first = new ArrayList<>(List.of(deploy));
        first.addAll(List.of("--parameter-overrides", "Greeting=hi"));
        Result created = lamina(first.toArray(String[]::new));
        assertEquals(0, created.exit(), created.out() + created.err());
        assertEvent(created, "Fn", "AWS::Lambda::Function", "CREATE_COMPLETE", null);
        assertEvent(created, "deploy-app", "AWS::CloudFormation::Stack", "CREATE_COMPLETE", null);
        assertTrue(created.out().contains("Successfully created/updated stack - deploy-app"), created.out());
        String function = created.out()
                .lines()
                .filter(l -> l.startsWith("  FunctionName: "))
                .findFirst()
                .orElseThrow(() -> new AssertionError(created.out()))
                .substring("  FunctionName: ".length());
        assertEquals("{\"v\": 1, \"greeting\": \"hi\"}", invoke(function));
        try (var beside = Files.list(app)) {
            assertEquals(
                    List.of("src", "template.yaml"),
                    beside.map(p -> p.getFileName().toString()).sorted().toList(),
                    "nothing is written beside the template");
        }

        Result unchanged = lamina(deploy);
        assertEquals(0, unchanged.exit(), unchanged.out() + unchanged.err());
        assertTrue(unchanged.out().contains("No changes to deploy. Stack deploy-app is up to date"), unchanged.out());

        Files.writeString(src.resolve("app.py"), """
                import os
                def handler(event, context):
                    return {"v": 2, "greeting": os.environ["GREETING"]}
                """);
        Result updated = lamina(deploy);
        assertEquals(0, updated.exit(), updated.out() + updated.err());
        assertEvent(updated, "Fn", "AWS::Lambda::Function", "UPDATE_COMPLETE", null);
        assertEquals("{\"v\": 2, \"greeting\": \"hi\"}", invoke(function), "the parameter keeps its value");

        Path broken = Files.writeString(app.resolve("broken.yaml"), """
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  Jobs:
                    Type: AWS::SQS::Queue
                  Broken:
                    Type: AWS::Serverless::Function
                    Properties:
                      CodeUri: src/
                      Handler: app.handler
                      Runtime: cobol85
                      Environment:
                        Variables:
                          QUEUE: !Ref Jobs
                """);
        Result failed = lamina(
                "deploy",
                "--template-file",
                broken.toString(),
                "--stack-name",
                "deploy-broken",
                "--capabilities",
                "CAPABILITY_IAM");
        assertNotEquals(0, failed.exit(), failed.out());
        assertEvent(failed, "Broken", "AWS::Lambda::Function", "CREATE_FAILED", "cobol85");
        assertTrue(
                failed.err().contains("Failed to create the stack deploy-broken: ROLLBACK_COMPLETE")
                        && failed.err().contains("cobol85"),
                failed.err());
        assertEvent(failed, "Jobs", "AWS::SQS::Queue", "DELETE_COMPLETE", null);

        try (S3Client s3 = S3Clients.pathStyle(node)) {
            assertEquals(
                    2,
                    s3.listObjectsV2(r -> r.bucket("lamina-deploy-artifacts"))
                            .contents()
                            .size(),
                    "one object per version of the code, none again for the same code");
        }

        Result deleted = lamina("delete", "--stack-name", "deploy-app");
        assertEquals(0, deleted.exit(), deleted.out() + deleted.err());
        assertEvent(deleted, "Fn", "AWS::Lambda::Function", "DELETE_COMPLETE", null);
        assertTrue(deleted.out().contains("Successfully deleted stack - deploy-app"), deleted.out());
        assertThrows(ResourceNotFoundException.class, () -> node.lambda().getFunction(r -> r.functionName(function)));

        Result missing = lamina("delete", "--stack-name", "deploy-app");
        assertEquals(1, missing.exit(), missing.out());
        assertTrue(missing.err().contains("Stack deploy-app does not exist"), missing.err());
    }
}

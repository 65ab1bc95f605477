package dev.lamina.iam.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.core.AwsException;
import dev.lamina.edge.HttpRequest;
import dev.lamina.iam.role.RolePermissions;
import dev.lamina.iam.role.Roles;
import dev.lamina.iam.role.SqliteRoleStore;
import dev.lamina.storage.Database;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IAM's query protocol: forms in, {@code <ActionResponse>} XML out, without a socket. */
class IamApiTest {
    private static final String TRUST = "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\"}]}";

    @TempDir
    Path dir;

    private Database db;
    private IamApi api;

    @BeforeEach
    void open() throws Exception {
        db = new Database(dir.resolve("iam.db"));
        Roles roles = new Roles(
                db,
                new SqliteRoleStore(db),
                new RolePermissions(),
                InstantSource.fixed(Instant.parse("2026-12-07T12:00:00Z")),
                new Random(1),
                "000000000000");
        api = new IamApi(roles, new Random(2));
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    private String call(String... pairs) {
        StringBuilder form = new StringBuilder("Version=2010-05-08");
        for (int i = 0; i < pairs.length; i += 2) {
            form.append('&')
                    .append(pairs[i])
                    .append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        var response = api.handle(new HttpRequest(
                "POST",
                "/",
                null,
                Map.of(),
                Map.of("content-type", List.of("application/x-www-form-urlencoded")),
                form.toString().getBytes(StandardCharsets.UTF_8)));
        assertEquals(200, response.status());
        assertEquals("text/xml", response.headers().get("Content-Type"));
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void createRoleAnswersTheRoleInIamsXml() {
        String xml = call(
                "Action", "CreateRole",
                "RoleName", "r",
                "Path", "/svc/",
                "AssumeRolePolicyDocument", TRUST,
                "Tags.member.1.Key", "team",
                "Tags.member.1.Value", "a&b");
        assertTrue(
                xml.startsWith("<CreateRoleResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
                        + "<CreateRoleResult><Role><Path>/svc/</Path><RoleName>r</RoleName><RoleId>AROA"),
                xml);
        assertTrue(
                xml.contains("<Arn>arn:aws:iam::000000000000:role/svc/r</Arn>"
                        + "<CreateDate>2026-12-07T12:00:00Z</CreateDate>"),
                xml);
        assertTrue(xml.contains("<AssumeRolePolicyDocument>%7B%22Statement%22%3A%20%5B"), xml);
        assertTrue(xml.contains("<Tags><member><Key>team</Key><Value>a&amp;b</Value></member></Tags>"), xml);
        assertTrue(xml.endsWith("</RequestId></ResponseMetadata></CreateRoleResponse>"), xml);
    }

    @Test
    void operationsThatReturnNothingAnswerOnlyTheirRequestId() {
        call("Action", "CreateRole", "RoleName", "r", "AssumeRolePolicyDocument", TRUST);
        String xml = call(
                "Action", "PutRolePolicy",
                "RoleName", "r",
                "PolicyName", "p",
                "PolicyDocument",
                        "{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}}");
        assertTrue(
                xml.matches("<PutRolePolicyResponse xmlns=\"[^\"]+\"><ResponseMetadata><RequestId>[0-9a-f-]{36}"
                        + "</RequestId></ResponseMetadata></PutRolePolicyResponse>"),
                xml);
        assertTrue(call("Action", "ListRolePolicies", "RoleName", "r")
                .contains("<PolicyNames><member>p</member></PolicyNames><IsTruncated>false</IsTruncated>"));
    }

    @Test
    void aMissingOrUnknownActionIsRefused() {
        assertEquals(
                "InvalidAction",
                assertThrows(AwsException.class, () -> call("Action", "CreateUser"))
                        .code());
        assertEquals(
                "MissingAction", assertThrows(AwsException.class, () -> call()).code());
    }
}

package dev.lamina.iam.role;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.core.AwsException;
import dev.lamina.spi.iam.Authorizer;
import dev.lamina.storage.Database;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class RolesTest {
    private static final String TRUST = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
             "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}""";
    private static final String READ = """
            {"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data/*"}]}""";
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00.250Z");

    @TempDir
    Path dir;

    private Database db;
    private RolePermissions permissions;
    private Roles roles;

    @BeforeEach
    void open() throws Exception {
        db = new Database(dir.resolve("iam.db"));
        permissions = new RolePermissions();
        roles = new Roles(
                db, new SqliteRoleStore(db), permissions, InstantSource.fixed(NOW), new Random(3), "123456789012");
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    private Role create(String name, String path) {
        return roles.create(new NewRole(name, path, TRUST, "reads data", null, Map.of("team", "a")));
    }

    @Test
    void aRoleHasItsArnIdAndCreateDate() {
        Role role = create("reader", "/service-role/");
        assertEquals("arn:aws:iam::123456789012:role/service-role/reader", role.arn());
        assertTrue(role.roleId().matches("AROA[A-Z2-7]{17}"), role.roleId());
        assertEquals(Instant.parse("2026-12-07T12:00:00Z"), role.created());
        assertEquals(3600, role.maxSessionDuration());
        Role read = roles.get("READER"); // names are unique without regard to case
        assertEquals(role, read);
        assertEquals(Map.of("team", "a"), read.tags());
    }

    @Test
    void badRequestsChangeNothing() {
        create("reader", null);
        assertCode("EntityAlreadyExists", 409, () -> create("Reader", null));
        assertCode("ValidationError", 400, () -> create("bad name", null));
        assertCode("ValidationError", 400, () -> create("x".repeat(65), null));
        assertCode("ValidationError", 400, () -> create("p", "no-slashes"));
        assertCode("MalformedPolicyDocument", 400, () -> roles.create(new NewRole("t", null, "{", null, null, null)));
        assertCode("ValidationError", 400, () -> roles.create(new NewRole("t", null, TRUST, null, 60, null)));
        assertCode("NoSuchEntity", 404, () -> roles.get("nobody"));
        assertCode("MalformedPolicyDocument", 400, () -> roles.putPolicy("reader", "p", "{\"Statement\": 1}"));
        assertCode("NoSuchEntity", 404, () -> roles.putPolicy("nobody", "p", READ));
        assertCode("NoSuchEntity", 404, () -> roles.attach("reader", "arn:aws:iam::aws:policy/NoSuchPolicy"));
        assertCode("InvalidInput", 400, () -> roles.attach("reader", "not-an-arn"));
        assertEquals(
                List.of("reader"),
                roles.list(null, null, null).items().stream().map(Role::name).toList());
        assertEquals(List.of(), roles.listPolicies("reader"));
        assertEquals(List.of(), roles.attached("reader"));
    }

    @Test
    void policiesDecideWhatTheRoleMayDoAndAnUnknownRoleMayDoAll() {
        Role role = create("reader", null);
        assertFalse(permissions.allows(role.arn(), "s3:GetObject", "arn:aws:s3:::data/a"));
        roles.putPolicy("reader", "read", READ);
        assertTrue(permissions.allows(role.arn(), "s3:GetObject", "arn:aws:s3:::data/a"));
        assertFalse(permissions.allows(role.arn(), "s3:PutObject", "arn:aws:s3:::data/a"));
        roles.attach("reader", "arn:aws:iam::aws:policy/AmazonS3FullAccess");
        assertTrue(permissions.allows(role.arn(), "s3:PutObject", "arn:aws:s3:::data/a"));
        roles.detach("reader", "arn:aws:iam::aws:policy/AmazonS3FullAccess");
        assertFalse(permissions.allows(role.arn(), "s3:PutObject", "arn:aws:s3:::data/a"));
        assertTrue(permissions.allows("arn:aws:iam::123456789012:role/other", "s3:PutObject", "*"));
        roles.putPolicy(
                "reader",
                "no-writes",
                "{\"Statement\": {\"Effect\": \"Deny\", \"Action\": \"s3:Put*\"," + " \"Resource\": \"*\"}}");
        assertEquals(
                Authorizer.Decision.EXPLICIT_DENY,
                permissions.decide(role.arn(), "s3:PutObject", "arn:aws:s3:::data/a"));
        assertEquals(
                Authorizer.Decision.IMPLICIT_DENY,
                permissions.decide(role.arn(), "s3:DeleteObject", "arn:aws:s3:::data/a"));
        roles.deletePolicy("reader", "no-writes");

        // a new Roles on the same store (a restarted node) knows the same
        RolePermissions again = new RolePermissions();
        new Roles(db, new SqliteRoleStore(db), again, InstantSource.fixed(NOW), new Random(4), "123456789012");
        assertTrue(again.allows(role.arn(), "s3:GetObject", "arn:aws:s3:::data/a"));
        assertFalse(again.allows(role.arn(), "s3:PutObject", "arn:aws:s3:::data/a"));
    }

    @Test
    void aRoleIsDeletedOnlyWithoutPolicies() {
        Role role = create("reader", null);
        roles.putPolicy("reader", "read", READ);
        roles.attach("reader", "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");
        assertCode("DeleteConflict", 409, () -> roles.delete("reader"));
        roles.deletePolicy("reader", "read");
        assertCode("NoSuchEntity", 404, () -> roles.deletePolicy("reader", "read"));
        assertCode("DeleteConflict", 409, () -> roles.delete("reader"));
        roles.detach("reader", "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");
        roles.delete("reader");
        assertCode("NoSuchEntity", 404, () -> roles.get("reader"));
        assertTrue(permissions.allows(role.arn(), "s3:PutObject", "*")); // no such role: the default
    }

    @Test
    void listingsPageByName() {
        for (String name : List.of("c", "a", "b")) {
            create(name, name.equals("b") ? "/svc/" : "/");
        }
        Roles.Page<Role> first = roles.list(null, null, 2);
        assertEquals(List.of("a", "b"), first.items().stream().map(Role::name).toList());
        Roles.Page<Role> second = roles.list(null, first.marker(), 2);
        assertEquals(List.of("c"), second.items().stream().map(Role::name).toList());
        assertNull(second.marker());
        assertEquals(
                List.of("b"),
                roles.list("/svc/", null, null).items().stream().map(Role::name).toList());
    }

    private static void assertCode(String code, int status, Executable call) {
        AwsException e = assertThrows(AwsException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        assertEquals(status, e.status());
    }
}

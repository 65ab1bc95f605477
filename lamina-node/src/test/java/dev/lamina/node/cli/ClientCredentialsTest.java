package dev.lamina.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.edge.auth.SigV4;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's credential chain: AWS's standard sources first, then Lamina's own. */
class ClientCredentialsTest {
    @TempDir
    Path home;

    Path dataDir() throws Exception {
        Path data = Files.createDirectories(home.resolve("lamina-data"));
        Files.writeString(
                data.resolve("credentials"),
                "[default]\naws_access_key_id = NODE\naws_secret_access_key = node-secret\n");
        return data;
    }

    Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    String keyId(Map<String, String> env) throws Exception {
        SigV4.Credentials found = ClientCredentials.find(dataDir(), env).credentials();
        return found == null ? null : found.accessKeyId();
    }

    @Test
    void theFirstSourceInAwsOrderWins() throws Exception {
        Path shared = home.resolve("creds");
        Files.writeString(shared, """
                [default]
                aws_access_key_id = SHARED_DEFAULT
                aws_secret_access_key = s1
                # a comment
                [dev]
                aws_access_key_id = SHARED_DEV
                aws_secret_access_key = s2
                aws_session_token = t2
                """);
        assertEquals("NODE", keyId(env()), "nothing standard: the local node's file");
        assertEquals("LAMINA", keyId(env("LAMINA_ACCESS_KEY_ID", "LAMINA", "LAMINA_SECRET_ACCESS_KEY", "x")));
        assertEquals(
                "SHARED_DEFAULT",
                keyId(env(
                        "AWS_SHARED_CREDENTIALS_FILE",
                        shared.toString(),
                        "LAMINA_ACCESS_KEY_ID",
                        "LAMINA",
                        "LAMINA_SECRET_ACCESS_KEY",
                        "x")));
        ClientCredentials dev = ClientCredentials.find(
                dataDir(), env("AWS_SHARED_CREDENTIALS_FILE", shared.toString(), "AWS_PROFILE", "dev"));
        assertEquals(new SigV4.Credentials("SHARED_DEV", "s2", "t2"), dev.credentials());
        assertTrue(dev.source().contains("\"dev\""), dev.source());
        assertEquals(
                "ENV",
                keyId(env(
                        "AWS_ACCESS_KEY_ID",
                        "ENV",
                        "AWS_SECRET_ACCESS_KEY",
                        "e",
                        "AWS_PROFILE",
                        "dev",
                        "AWS_SHARED_CREDENTIALS_FILE",
                        shared.toString())));
    }

    @Test
    void theDefaultFilesUnderHomeAndTheConfigFilesProfileSections() throws Exception {
        Path aws = Files.createDirectories(home.resolve(".aws"));
        Files.writeString(
                aws.resolve("credentials"), "[default]\naws_access_key_id = HOME\naws_secret_access_key = h\n");
        Files.writeString(
                aws.resolve("config"),
                "[default]\nregion = us-east-1\n[profile ci]\naws_access_key_id = CONFIG_CI\naws_secret_access_key = c\n");
        assertEquals("HOME", keyId(env()));
        assertEquals("CONFIG_CI", keyId(env("AWS_PROFILE", "ci")));
    }

    @Test
    void aNamedProfileThatNoFileHasIsAnError() throws Exception {
        ClientCredentials.ProfileNotFound e = assertThrows(
                ClientCredentials.ProfileNotFound.class,
                () -> ClientCredentials.find(dataDir(), env("AWS_PROFILE", "missing")));
        assertTrue(e.getMessage().contains("\"missing\""), e.getMessage());
    }

    @Test
    void nothingAnywhereLeavesRequestsUnsigned() throws Exception {
        assertNull(ClientCredentials.find(home.resolve("no-node"), env()).credentials());
        assertTrue(ClientCredentials.howToSign(home).contains("AWS_ACCESS_KEY_ID"));
    }
}

package dev.lamina.node.cli;

import dev.lamina.edge.auth.SigV4;
import dev.lamina.node.CredentialsFile;
import dev.lamina.node.NodeConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The key {@code lamina invoke} and {@code lamina logs} sign with, found as the AWS CLI and SDKs find
 * theirs, then by Lamina's own fallbacks. The first that yields a key wins:
 *
 * <ol>
 *   <li>{@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY} (with {@code AWS_SESSION_TOKEN});
 *   <li>the profile {@code AWS_PROFILE} names (else {@code default}) in the shared-credentials file
 *       ({@code AWS_SHARED_CREDENTIALS_FILE}, else {@code ~/.aws/credentials}), then in the config
 *       file ({@code AWS_CONFIG_FILE}, else {@code ~/.aws/config}, as {@code [profile name]});
 *   <li>{@code LAMINA_ACCESS_KEY_ID} and {@code LAMINA_SECRET_ACCESS_KEY}, the node's own variables;
 *   <li>a local node's {@code <data-dir>/credentials}.
 * </ol>
 *
 * A profile named in {@code AWS_PROFILE} that none of the files has is an error, as for the AWS CLI,
 * rather than a quiet fall-through to another key. {@code ~} is the environment's {@code HOME}.
 *
 * @param credentials the key, or {@code null} when none was found (requests then go unsigned)
 * @param source where it came from, for messages, e.g. {@code profile "dev" in /tmp/creds}
 */
record ClientCredentials(SigV4.Credentials credentials, String source) {

    /** Thrown when {@code AWS_PROFILE} names a profile no file holds. */
    static final class ProfileNotFound extends IllegalArgumentException {
        ProfileNotFound(String message) {
            super(message);
        }
    }

    /** Follows the chain over {@code env} (the process's environment) and a local node's {@code dataDir}. */
    static ClientCredentials find(Path dataDir, Map<String, String> env) throws IOException {
        if (env.get("AWS_ACCESS_KEY_ID") != null && env.get("AWS_SECRET_ACCESS_KEY") != null) {
            return new ClientCredentials(
                    new SigV4.Credentials(
                            env.get("AWS_ACCESS_KEY_ID"),
                            env.get("AWS_SECRET_ACCESS_KEY"),
                            env.get("AWS_SESSION_TOKEN")),
                    "AWS_ACCESS_KEY_ID");
        }
        String named = env.get("AWS_PROFILE") != null ? env.get("AWS_PROFILE") : env.get("AWS_DEFAULT_PROFILE");
        String profile = named == null ? "default" : named;
        Path home = Path.of(env.getOrDefault("HOME", System.getProperty("user.home")));
        Path shared = awsFile(env, "AWS_SHARED_CREDENTIALS_FILE", home, "credentials");
        Path config = awsFile(env, "AWS_CONFIG_FILE", home, "config");
        SigV4.Credentials fromShared = CredentialsFile.read(shared, profile);
        if (fromShared != null) {
            return new ClientCredentials(fromShared, "profile \"" + profile + "\" in " + shared);
        }
        SigV4.Credentials fromConfig =
                CredentialsFile.read(config, profile.equals("default") ? profile : "profile " + profile);
        if (fromConfig != null) {
            return new ClientCredentials(fromConfig, "profile \"" + profile + "\" in " + config);
        }
        if (named != null) {
            throw new ProfileNotFound(
                    "The profile \"" + named + "\" (AWS_PROFILE) has no key in " + shared + " or " + config + ".");
        }
        NodeConfig.Auth lamina = NodeConfig.Auth.fromEnvironment(env);
        if (lamina.credentials() != null) {
            return new ClientCredentials(lamina.credentials(), NodeConfig.Auth.ACCESS_KEY_VARIABLE);
        }
        Path local = dataDir.resolve("credentials");
        SigV4.Credentials fromNode = CredentialsFile.read(local);
        return fromNode != null
                ? new ClientCredentials(fromNode, local.toString())
                : new ClientCredentials(null, "nowhere");
    }

    /**
     * What to tell a user whose unsigned request a node refused: where the command looked and how to
     * give it the node's key.
     */
    static String howToSign(Path dataDir) {
        return "The node requires signed requests, and no credentials were found: set AWS_ACCESS_KEY_ID and"
                + " AWS_SECRET_ACCESS_KEY to the node's key, or AWS_PROFILE / AWS_SHARED_CREDENTIALS_FILE to a"
                + " profile holding it (e.g. AWS_SHARED_CREDENTIALS_FILE=<node's data dir>/credentials), or pass"
                + " --data-dir with the data directory of the node (no key in "
                + dataDir.resolve("credentials") + ").";
    }

    private static Path awsFile(Map<String, String> env, String variable, Path home, String name) {
        String set = env.get(variable);
        if (set == null || set.isEmpty()) {
            return home.resolve(".aws").resolve(name);
        }
        return set.startsWith("~/") ? home.resolve(set.substring(2)) : Path.of(set);
    }
}

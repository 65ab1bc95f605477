package dev.lamina.node;

import dev.lamina.edge.auth.SigV4;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * A node's access key in its data directory, in the AWS shared-credentials format, so that
 * {@code AWS_SHARED_CREDENTIALS_FILE=<data-dir>/credentials} points the AWS CLI and SDKs at it:
 *
 * <pre>
 * [default]
 * aws_access_key_id = LKIA...
 * aws_secret_access_key = ...
 * </pre>
 *
 * Only its owner may read it (mode 0600).
 */
public final class CredentialsFile {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final char[] ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    /** The key, and whether it was generated just now (then it has not been shown to anyone yet). */
    public record Loaded(SigV4.Credentials credentials, boolean generated) {}

    private CredentialsFile() {}

    /**
     * The key in {@code file}, or a new one from {@code random} (which must be a secure generator),
     * written to {@code file} first. A file that others may read is made owner-only again.
     */
    public static Loaded loadOrGenerate(Path file, RandomGenerator random) throws IOException {
        SigV4.Credentials existing = read(file);
        if (existing != null) {
            if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
            return new Loaded(existing, false);
        }
        SigV4.Credentials generated = generate(random);
        Path tmp = Files.createTempFile(
                file.getParent(), ".credentials-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            Files.writeString(tmp, format(generated), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return new Loaded(generated, true);
    }

    /**
     * The {@code [default]} key of a shared-credentials file, or {@code null} when the file does not
     * exist or lacks one.
     */
    public static SigV4.Credentials read(Path file) throws IOException {
        return read(file, "default");
    }

    /**
     * The key in section {@code [section]} of an AWS shared-credentials or config file (the AWS CLI's
     * INI format: {@code aws_access_key_id}, {@code aws_secret_access_key}, optional
     * {@code aws_session_token}; {@code #} and {@code ;} start comments), or {@code null} when the
     * file does not exist or the section has no key. A config file names its sections
     * {@code [profile name]}: pass that whole name.
     */
    public static SigV4.Credentials read(Path file, String section) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Map<String, String> values = new HashMap<>();
        String current = null;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String t = line.strip();
            if (t.startsWith("[") && t.endsWith("]")) {
                current = t.substring(1, t.length() - 1).strip();
            } else if (section.equals(current) && t.contains("=") && !t.startsWith("#") && !t.startsWith(";")) {
                int eq = t.indexOf('=');
                values.putIfAbsent(
                        t.substring(0, eq).strip(), t.substring(eq + 1).strip());
            }
        }
        String id = values.get("aws_access_key_id");
        String secret = values.get("aws_secret_access_key");
        String token = values.get("aws_session_token");
        return id == null || secret == null || id.isEmpty() || secret.isEmpty()
                ? null
                : new SigV4.Credentials(id, secret, token == null || token.isEmpty() ? null : token);
    }

    /** An access key id shaped like AWS's (LKIA and 16 base-32 characters) and a 40-character secret. */
    static SigV4.Credentials generate(RandomGenerator random) {
        StringBuilder id = new StringBuilder("LKIA");
        for (int i = 0; i < 16; i++) {
            id.append(ID_ALPHABET[random.nextInt(ID_ALPHABET.length)]);
        }
        byte[] secret = new byte[30];
        random.nextBytes(secret);
        return new SigV4.Credentials(id.toString(), Base64.getEncoder().encodeToString(secret));
    }

    private static String format(SigV4.Credentials credentials) {
        return "# The access key of this Lamina node (generated at its first start).\n"
                + "[default]\n"
                + "aws_access_key_id = " + credentials.accessKeyId() + "\n"
                + "aws_secret_access_key = " + credentials.secretAccessKey() + "\n";
    }
}

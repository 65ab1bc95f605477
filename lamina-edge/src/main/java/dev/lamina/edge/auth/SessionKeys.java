package dev.lamina.edge.auth;

import dev.lamina.core.SessionCredentials;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * The node's temporary credentials (decision 34): each set is an {@code ASIA…} access key id, a secret
 * and a session token, held in memory only, so none outlives the node. A request signed with one
 * must carry its token ({@code X-Amz-Security-Token}), as AWS requires of temporary credentials.
 * Thread-safe.
 */
public final class SessionKeys implements SessionCredentials {
    private static final char[] KEY_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    /** One live set: its secret, its token and whom it acts for. */
    record Session(String secret, String token, String principal) {
        boolean carries(String presented) {
            return presented != null
                    && MessageDigest.isEqual(
                            token.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final ConcurrentHashMap<String, Session> live = new ConcurrentHashMap<>();
    private final RandomGenerator random;

    /** @param random where keys, secrets and tokens come from: a {@link java.security.SecureRandom} */
    public SessionKeys(RandomGenerator random) {
        this.random = random;
    }

    @Override
    public Issued issue(String principal) {
        while (true) {
            StringBuilder id = new StringBuilder("ASIA");
            for (int i = 0; i < 16; i++) {
                id.append(KEY_ID_ALPHABET[random.nextInt(KEY_ID_ALPHABET.length)]);
            }
            Issued issued = new Issued(id.toString(), base64(30), base64(96));
            if (live.putIfAbsent(
                            issued.accessKeyId(),
                            new Session(issued.secretAccessKey(), issued.sessionToken(), principal))
                    == null) {
                return issued;
            }
        }
    }

    @Override
    public void revoke(String accessKeyId) {
        live.remove(accessKeyId);
    }

    /** The live set with this access key id, or {@code null}. */
    Session find(String accessKeyId) {
        return live.get(accessKeyId);
    }

    private String base64(int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }
}

package dev.lamina.edge.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signing keys derived from a secret for one day, region and service (four HMACs), kept so that each
 * request costs one HMAC for its signature instead of five. Thread-safe. The cache is emptied when it
 * grows past {@value #MAX_ENTRIES} entries, which only the turn of a day (or many keys) brings about.
 */
final class SigningKeys {
    private static final int MAX_ENTRIES = 256;

    private record Scope(String secret, String date, String region, String service) {}

    private final ConcurrentHashMap<Scope, byte[]> cache = new ConcurrentHashMap<>();

    /** The key for {@code date} (yyyyMMdd), {@code region} and {@code service}. Do not modify it. */
    byte[] key(String secret, String date, String region, String service) {
        Scope scope = new Scope(secret, date, region, service);
        byte[] key = cache.get(scope);
        if (key == null) {
            key = derive(secret, date, region, service);
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            cache.put(scope, key);
        }
        return key;
    }

    static byte[] derive(String secret, String date, String region, String service) {
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        return hmac(key, "aws4_request");
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

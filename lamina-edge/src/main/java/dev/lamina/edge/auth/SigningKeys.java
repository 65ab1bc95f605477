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

    /**
     * A day's signing key with an HMAC already keyed with it: each signature clones the HMAC rather
     * than look the algorithm up and key it again.
     */
    record Keyed(byte[] key, Mac mac) {
        /** The HMAC-SHA256 of {@code data} under the key. */
        byte[] sign(String data) {
            try {
                return ((Mac) mac.clone()).doFinal(data.getBytes(StandardCharsets.UTF_8));
            } catch (CloneNotSupportedException e) {
                return hmac(key, data);
            }
        }
    }

    private final ConcurrentHashMap<Scope, Keyed> cache = new ConcurrentHashMap<>();

    /** The key for {@code date} (yyyyMMdd), {@code region} and {@code service}. Do not modify it. */
    Keyed key(String secret, String date, String region, String service) {
        Scope scope = new Scope(secret, date, region, service);
        Keyed keyed = cache.get(scope);
        if (keyed == null) {
            byte[] key = derive(secret, date, region, service);
            keyed = new Keyed(key, mac(key));
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            cache.put(scope, keyed);
        }
        return keyed;
    }

    static byte[] derive(String secret, String date, String region, String service) {
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        return hmac(key, "aws4_request");
    }

    static byte[] hmac(byte[] key, String data) {
        return mac(key).doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.lamina.edge.auth;

import dev.lamina.edge.Authenticator;
import dev.lamina.edge.HttpRequest;
import java.io.InputStream;

/**
 * The node's {@link Authenticator} when it checks signatures: SigV4 with its keys, in its region; and,
 * for S3 only, the presigned URLs of Signature Version 2 that boto3 makes.
 */
public final class SigV4Authenticator implements Authenticator {
    private final SigV4Verifier verifier;

    public SigV4Authenticator(SigV4Verifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public String authenticate(HttpRequest r, String signingName, boolean unsignedPayload) {
        if (sigV2(r, signingName)) {
            return verifier.verifySigV2Query(r.method(), r.rawPath(), r.rawQuery(), r.headers());
        }
        return verifier.verify(
                r.method(), r.rawPath(), r.rawQuery(), r.headers(), r.body(), signingName, unsignedPayload);
    }

    private static boolean sigV2(HttpRequest r, String signingName) {
        return "s3".equals(signingName) && SigV4Verifier.isSigV2Query(r.rawQuery());
    }

    @Override
    public Streamed authenticateStreamed(HttpRequest head, InputStream body, String signingName) {
        if (signingName == null) {
            return new Streamed(null, StreamingPayload.open(head.headers(), body, null));
        }
        if (sigV2(head, signingName)) {
            String key = verifier.verifySigV2Query(head.method(), head.rawPath(), head.rawQuery(), head.headers());
            return new Streamed(key, body); // a SigV2 URL signs no payload
        }
        SeedSignature seed =
                verifier.verifyStreamed(head.method(), head.rawPath(), head.rawQuery(), head.headers(), signingName);
        return new Streamed(seed.accessKeyId(), StreamingPayload.open(head.headers(), body, seed));
    }

    @Override
    public String principal(String accessKeyId) {
        return verifier.principal(accessKeyId);
    }
}

package dev.lamina.edge.auth;

import dev.lamina.edge.Authenticator;
import dev.lamina.edge.HttpRequest;
import java.io.InputStream;

/** The node's {@link Authenticator} when it checks signatures: SigV4 with its keys, in its region. */
public final class SigV4Authenticator implements Authenticator {
    private final SigV4Verifier verifier;

    public SigV4Authenticator(SigV4Verifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public String authenticate(HttpRequest r, String signingName, boolean unsignedPayload) {
        return verifier.verify(
                r.method(), r.rawPath(), r.rawQuery(), r.headers(), r.body(), signingName, unsignedPayload);
    }

    @Override
    public InputStream authenticateStreamed(HttpRequest head, InputStream body, String signingName) {
        if (signingName == null) {
            return StreamingPayload.open(head.headers(), body, null);
        }
        SeedSignature seed =
                verifier.verifyStreamed(head.method(), head.rawPath(), head.rawQuery(), head.headers(), signingName);
        return StreamingPayload.open(head.headers(), body, seed);
    }
}

package dev.lamina.edge.auth;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/**
 * Turns a link to one of the node's own resources into a presigned URL that its holder may GET
 * without credentials until it expires, as S3 does for a function's {@code Code.Location}.
 */
@FunctionalInterface
public interface Presigner {
    /** Leaves links as they are: the node runs without authentication. */
    Presigner NONE = url -> url;

    URI presign(URI url);

    /** Presigns GETs with {@code credentials} for {@code service}, valid for {@code validity}. */
    static Presigner of(SigV4.Credentials credentials, String region, String service, Clock clock, Duration validity) {
        return url -> SigV4.presign("GET", url, credentials, region, service, clock.instant(), validity);
    }
}

package dev.lamina.lambda.api;

import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.PublicUrls;
import dev.lamina.edge.auth.Presigner;
import java.net.URI;

/**
 * Where a caller downloads a stored package (GetFunction's {@code Code.Location}, a layer version's
 * {@code Content.Location}): a link to this node's {@code /_lamina/code/<sha256>} on the public base
 * the caller reached it by, presigned when the node checks signatures (as S3's links are).
 */
public record CodeLinks(PublicUrls publicUrls, Presigner presigner) {
    /** The link to the package whose SHA-256 is {@code sha256Hex}, for {@code request}'s caller. */
    public String location(HttpRequest request, String sha256Hex) {
        return presigner
                .presign(URI.create(publicUrls.api(request.header("host")) + "/_lamina/code/" + sha256Hex))
                .toString();
    }
}

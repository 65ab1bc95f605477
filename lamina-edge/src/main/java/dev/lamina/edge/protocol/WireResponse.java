package dev.lamina.edge.protocol;

import java.util.Map;

/**
 * What a protocol puts on the wire: status, headers and body. The edge sends it as it is, adding only
 * {@code Date} (and a request id when the protocol wrote none).
 */
public record WireResponse(int status, Map<String, String> headers, byte[] body) {
    public WireResponse {
        headers = Map.copyOf(headers);
    }
}

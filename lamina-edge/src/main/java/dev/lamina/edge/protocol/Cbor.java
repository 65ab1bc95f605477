package dev.lamina.edge.protocol;

import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;

/**
 * AWS's CBOR encoding of a JSON protocol ({@code application/x-amz-cbor-1.1}), which the SDKs send to
 * some JSON 1.1 APIs (Kinesis) to save the base64 of blobs: the same documents, as CBOR maps. A blob
 * arrives as a byte string ({@link com.fasterxml.jackson.databind.JsonNode#binaryValue} reads it, as
 * it reads JSON's base64 text).
 */
public final class Cbor extends DocumentProtocol {
    public static final Cbor INSTANCE = new Cbor();

    private Cbor() {
        super("application/x-amz-cbor-1.1", new CBORMapper());
    }

    @Override
    public DocumentProtocol forContentType(String requestContentType) {
        return this;
    }
}

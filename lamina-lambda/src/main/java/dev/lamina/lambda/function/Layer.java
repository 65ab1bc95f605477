package dev.lamina.lambda.function;

/**
 * One layer version a function uses, as the function keeps it: its ARN and size (Lambda's
 * {@code Layers[{Arn, CodeSize}]}) and the stored zip it refers to. The function holds the content by
 * its hash, so deleting the layer version does not take it away from functions that use it.
 */
public record Layer(String arn, long codeSize, String sha256Hex) {
    public Layer {
        if (arn == null || sha256Hex == null || sha256Hex.length() != 64) {
            throw new IllegalArgumentException("a layer needs an ARN and a 64-hex-digit SHA-256");
        }
    }
}

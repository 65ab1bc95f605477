package dev.lamina.it.parity;

import dev.lamina.it.Zips;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CreateFunctionRequest;

/**
 * What a parity scenario works with: an SDK client that never retries, the node's region and
 * account, the shared fixture (function {@link #FN} with version 1 and alias {@link #ALIAS}, layer
 * {@link #LAYER} version 1), and fresh functions for scenarios that change what they touch.
 */
public final class ParityContext {
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "000000000000";
    public static final String ROLE = "arn:aws:iam::" + ACCOUNT + ":role/lambda-role";
    public static final String FN = "parity-fn";
    public static final String ALIAS = "live";
    public static final String LAYER = "parity-layer";
    public static final String RUNTIME = "python3.11";
    public static final byte[] ZIP = Zips.of("app.py", "def handler(event, context):\n    return {'ok': True}\n")
            .bytes();

    private final LambdaClient lambda;
    private final AtomicInteger fresh = new AtomicInteger();

    public ParityContext(LambdaClient lambda) {
        this.lambda = lambda;
    }

    /** {@code CodeSha256} of {@link #ZIP}: base64 of its SHA-256. */
    public static String zipSha256() {
        try {
            return java.util.Base64.getEncoder()
                    .encodeToString(
                            java.security.MessageDigest.getInstance("SHA-256").digest(ZIP));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public LambdaClient lambda() {
        return lambda;
    }

    public static String arn(String name) {
        return "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + name;
    }

    public static String layerArn(String name) {
        return "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":layer:" + name;
    }

    /** A create request valid in every member but those the caller changes. */
    public static CreateFunctionRequest.Builder create(String name) {
        return CreateFunctionRequest.builder()
                .functionName(name)
                .runtime(RUNTIME)
                .handler("app.handler")
                .role(ROLE)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(ZIP)));
    }

    /** A name no function has had yet on this node. */
    public String freshName(String prefix) {
        return prefix + "-" + fresh.incrementAndGet();
    }

    /** Creates a function of its own for a scenario and waits until it is Active; returns its name. */
    public String freshFunction(String prefix) {
        return function(freshName(prefix));
    }

    /** Creates the function {@code name} (the scenario's own) and waits until it is Active. */
    public String function(String name) {
        lambda.createFunction(create(name).build());
        lambda.waiter().waitUntilFunctionActiveV2(r -> r.functionName(name));
        return name;
    }

    /** A fresh function with version 1 published. */
    public String freshFunctionWithVersion(String prefix) {
        String name = freshFunction(prefix);
        lambda.publishVersion(r -> r.functionName(name));
        return name;
    }
}

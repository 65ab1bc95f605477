package dev.lamina.it;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CreateFunctionRequest;
import software.amazon.awssdk.services.lambda.model.CreateFunctionResponse;

/** Small helpers the integration tests share for creating functions. */
final class Functions {
    static final String ROLE = "arn:aws:iam::000000000000:role/lambda-role";

    private Functions() {}

    static CreateFunctionRequest.Builder request(String name, String runtime, String handler, byte[] zip) {
        return CreateFunctionRequest.builder()
                .functionName(name)
                .runtime(runtime)
                .handler(handler)
                .role(ROLE)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(zip)));
    }

    /** Creates a function and waits until it is Active. */
    static CreateFunctionResponse create(LambdaClient lambda, String name, String runtime, String handler, byte[] zip) {
        CreateFunctionResponse created =
                lambda.createFunction(request(name, runtime, handler, zip).build());
        lambda.waiter().waitUntilFunctionActiveV2(r -> r.functionName(name));
        return created;
    }

    static CreateFunctionResponse create(LambdaClient lambda, CreateFunctionRequest request) {
        CreateFunctionResponse created = lambda.createFunction(request);
        lambda.waiter().waitUntilFunctionActiveV2(r -> r.functionName(request.functionName()));
        return created;
    }

    static byte[] python(String source) {
        return Zips.of("app.py", source).bytes();
    }

    static byte[] node(String source) {
        return Zips.of("index.js", source).bytes();
    }
}

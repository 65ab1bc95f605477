package dev.lamina.lambda.api;

import dev.lamina.core.AwsException;
import dev.lamina.lambda.LambdaErrors;
import dev.lamina.lambda.validation.LambdaMembers;
import dev.lamina.lambda.validation.Violations;
import dev.lamina.spi.s3.ObjectSource;

/**
 * The model constraints of CreateFunction and UpdateFunctionConfiguration members other than the
 * function's name, checked together (AWS reports every broken one in one ValidationException), and
 * the code sources this node can and cannot take.
 */
final class CreateRequestRules {
    private CreateRequestRules() {}

    /** CreateFunction: {@code Role} is required; then the shared members. */
    static void check(RequestBody body) {
        Violations v = new Violations().require(LambdaMembers.ROLE, body.string("Role"));
        shared(v, body);
        v.checkList(LambdaMembers.ARCHITECTURES, LambdaMembers.ARCHITECTURE, body.stringList("Architectures"))
                .check(LambdaMembers.PACKAGE_TYPE, body.string("PackageType"))
                .throwIfAny();
        if ("Image".equals(body.string("PackageType"))) {
            throw LambdaErrors.invalidParameter("Container images are not supported yet by Lamina: PackageType Image"
                    + " cannot be created on this node. Deploy a .zip package (PackageType Zip) instead.");
        }
    }

    /** UpdateFunctionConfiguration: every member is optional. */
    static void checkUpdate(RequestBody body) {
        Violations v = new Violations().check(LambdaMembers.ROLE, body.string("Role"));
        shared(v, body);
        v.throwIfAny();
    }

    /** UpdateFunctionCode's {@code Architectures}. */
    static void checkCode(RequestBody body) {
        new Violations()
                .checkList(LambdaMembers.ARCHITECTURES, LambdaMembers.ARCHITECTURE, body.stringList("Architectures"))
                .throwIfAny();
    }

    private static void shared(Violations v, RequestBody body) {
        RequestBody snapStart = body.object("SnapStart");
        if (snapStart != null) {
            v.check(LambdaMembers.SNAP_START_APPLY_ON, snapStart.string("ApplyOn"));
        }
        RequestBody tracing = body.object("TracingConfig");
        if (tracing != null) {
            v.check(LambdaMembers.TRACING_MODE, tracing.string("Mode"));
        }
        v.checkList(LambdaMembers.LAYERS, LambdaMembers.LAYER_VERSION_ARN, body.stringList("Layers"));
    }

    /**
     * The package a request gives: {@code ZipFile}, or the object {@code S3Bucket}/{@code S3Key}
     * ({@code S3ObjectVersion}) names, read from the node's S3, whose errors Lambda reports as its
     * own 400 ("Error occurred while GetObject. S3 Error Code: …"); {@code null} when there is
     * neither. An image URI is for Image functions only.
     */
    static byte[] zip(RequestBody code, ObjectSource objects) {
        if (code.has("ImageUri")) {
            throw LambdaErrors.invalidParameter(
                    "Please don't provide ImageUri when updating a function with packageType Zip.");
        }
        if (!code.has("S3Bucket") && !code.has("S3Key")) {
            return code.blob("ZipFile");
        }
        String bucket = code.string("S3Bucket");
        String key = code.string("S3Key");
        if (bucket == null || key == null) {
            throw LambdaErrors.invalidParameter("Please provide a source for function code: S3Bucket and S3Key.");
        }
        if (objects == null) {
            throw getObjectFailed("NoSuchBucket", "The specified bucket does not exist");
        }
        try {
            return objects.read(bucket, key, code.string("S3ObjectVersion"));
        } catch (AwsException e) {
            throw getObjectFailed(e.code(), e.getMessage());
        }
    }

    private static AwsException getObjectFailed(String code, String message) {
        return LambdaErrors.invalidParameter(
                "Error occurred while GetObject. S3 Error Code: " + code + ". S3 Error Message: " + message);
    }
}

package dev.lamina.lambda.api;

import dev.lamina.lambda.LambdaErrors;
import dev.lamina.lambda.validation.LambdaMembers;
import dev.lamina.lambda.validation.Violations;

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
     * Where a package comes from: this node keeps no S3 buckets, so a bucket is one that does not
     * exist, answered as Lambda answers a missing bucket; an image URI is for Image functions only.
     */
    static void codeSource(RequestBody code) {
        if (code.has("S3Bucket") || code.has("S3Key")) {
            throw LambdaErrors.invalidParameter("Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error"
                    + " Message: The specified bucket does not exist");
        }
        if (code.has("ImageUri")) {
            throw LambdaErrors.invalidParameter(
                    "Please don't provide ImageUri when updating a function with packageType Zip.");
        }
    }
}

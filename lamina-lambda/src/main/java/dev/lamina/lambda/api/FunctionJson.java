package dev.lamina.lambda.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.lambda.function.Arns;
import dev.lamina.lambda.function.FunctionConfig;
import dev.lamina.lambda.function.FunctionSettings;

/** Renders a function version as Lambda's {@code FunctionConfiguration} shape. */
final class FunctionJson {
    private final ObjectMapper json;
    private final Arns arns;

    FunctionJson(ObjectMapper json, Arns arns) {
        this.json = json;
        this.arns = arns;
    }

    /**
     * @param inList lists omit State and LastUpdateStatus, as Lambda's do
     * @param arnQualifier what FunctionArn is qualified with (the version, or the alias it was asked
     *     for), or {@code null} for the unqualified ARN
     */
    ObjectNode configuration(FunctionConfig c, boolean inList, String arnQualifier) {
        FunctionSettings s = c.settings();
        ObjectNode o = json.createObjectNode();
        o.put("FunctionName", c.name());
        o.put("FunctionArn", arns.functionArn(c.name(), arnQualifier));
        o.put("Runtime", s.runtime());
        o.put("Role", s.role());
        o.put("Handler", s.handler());
        o.put("CodeSize", c.code().size());
        o.put("Description", s.description());
        o.put("Timeout", s.timeoutSeconds());
        o.put("MemorySize", s.memoryMb());
        o.put("LastModified", c.lastModified());
        o.put("CodeSha256", c.code().sha256Base64());
        o.put("Version", c.version());
        if (s.environmentSent() || !s.environment().isEmpty()) {
            ObjectNode vars = o.putObject("Environment").putObject("Variables");
            s.environment().forEach(vars::put);
        }
        if (s.deadLetterTargetArn() != null) {
            o.putObject("DeadLetterConfig").put("TargetArn", s.deadLetterTargetArn());
        }
        o.putObject("TracingConfig").put("Mode", s.tracingMode());
        if (!s.layers().isEmpty()) {
            var layers = o.putArray("Layers");
            s.layers().forEach(l -> layers.addObject().put("Arn", l.arn()).put("CodeSize", l.codeSize()));
        }
        o.put("RevisionId", c.revisionId());
        if (!inList) {
            o.put("State", c.state().name());
            if (c.state() == FunctionConfig.State.Pending) {
                o.put("StateReason", "The function is being created.");
                o.put("StateReasonCode", "Creating");
            } else if (c.state() == FunctionConfig.State.Failed) {
                o.put("StateReason", "The function's code could not be prepared.");
                o.put("StateReasonCode", "InternalError");
            }
            // a function being created has had no update yet: Lambda omits the key then
            if (c.state() != FunctionConfig.State.Pending) {
                o.put("LastUpdateStatus", c.lastUpdateStatus().name());
            }
            if (c.lastUpdateStatus() == FunctionConfig.UpdateStatus.InProgress) {
                o.put("LastUpdateStatusReason", "The function is being created.");
                o.put("LastUpdateStatusReasonCode", "Creating");
            }
        }
        o.put("PackageType", "Zip");
        o.putArray("Architectures").add(s.architectures().getFirst());
        o.putObject("EphemeralStorage").put("Size", s.ephemeralStorageMb());
        o.putObject("SnapStart").put("ApplyOn", "None").put("OptimizationStatus", "Off");
        if (!inList) {
            o.putObject("RuntimeVersionConfig").put("RuntimeVersionArn", runtimeVersionArn(s.runtime()));
        }
        ObjectNode logging =
                o.putObject("LoggingConfig").put("LogFormat", s.logging().logFormat());
        if (s.logging().json()) {
            logging.put("ApplicationLogLevel", s.logging().applicationLogLevel())
                    .put("SystemLogLevel", s.logging().systemLogLevel());
        }
        logging.put("LogGroup", s.logging().groupFor(c.name()));
        return o;
    }

    /**
     * The runtime version a function runs, in Lambda's form {@code arn:aws:lambda:<region>::runtime:<id>}
     * (no account). Lamina runs the host's interpreter for a runtime, so the id is a digest of the
     * runtime's name: stable for a runtime, different between runtimes.
     */
    private String runtimeVersionArn(String runtime) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(runtime.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "arn:aws:lambda:" + arns.region() + "::runtime:"
                    + java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.lamina.environment;

import dev.lamina.function.FunctionConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The environment variables a runtime process sees, as Lambda sets them (reference/runtime-api.md §4). */
final class RuntimeEnvironment {
    private RuntimeEnvironment() {}

    static Map<String, String> of(
            FunctionConfig config,
            String region,
            String logGroup,
            String logStream,
            String runtimeApi,
            Path taskRoot,
            Path runtimeDir,
            boolean provisioned) {
        Map<String, String> env = new LinkedHashMap<>();
        // Defaults a function may override:
        env.put("PATH", "/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin");
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put(
                "LD_LIBRARY_PATH",
                "/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib");
        env.put("NODE_PATH", "/opt/nodejs/node_modules:/var/runtime/node_modules:/var/runtime:/var/task");
        env.put("AWS_XRAY_CONTEXT_MISSING", "LOG_ERROR");
        env.putAll(config.settings().environment());
        // Reserved, set last so nothing overrides them:
        env.put("_HANDLER", config.settings().handler());
        env.put("AWS_REGION", region);
        env.put("AWS_DEFAULT_REGION", region);
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + config.settings().runtime());
        env.put("AWS_LAMBDA_FUNCTION_NAME", config.name());
        env.put(
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
                Integer.toString(config.settings().memoryMb()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", config.version());
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", provisioned ? "provisioned-concurrency" : "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", logGroup);
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", logStream);
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("LAMBDA_RUNTIME_DIR", runtimeDir.toString());
        return env;
    }
}

package dev.lamina.lambda.environment;

import dev.lamina.lambda.function.FunctionConfig;
import dev.lamina.lambda.runtime.RuntimeFamily;
import dev.lamina.lambda.runtime.RuntimePaths;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The environment variables a runtime process sees, as Lambda sets them (reference/runtime-api.md §4). */
final class RuntimeEnvironment {
    private RuntimeEnvironment() {}

    /** What every function of {@code runtime} starts from, before its own variables and the reserved ones. */
    static Map<String, String> defaults(String runtime, RuntimePaths paths) {
        Map<String, String> env = new LinkedHashMap<>();
        Path opt = paths.optDir();
        // Layer content is found under /opt, as on Lambda:
        env.put("PATH", "/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:" + opt.resolve("bin"));
        env.put("LANG", "en_US.UTF-8");
        // A sandbox's uid has no passwd entry, and what asks for a home (Node's os.homedir(), which the
        // AWS SDK calls to look for ~/.aws) fails without one: this is Lambda's user's home, which
        // does not exist there either.
        env.put("HOME", "/home/sbx_user1051");
        env.put("TZ", ":UTC");
        env.put(
                "LD_LIBRARY_PATH",
                "/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:"
                        + opt.resolve("lib"));
        String nodeModules = opt.resolve("nodejs/node_modules") + ":"
                + paths.runtimeDir().resolve("node_modules") + ":" + paths.runtimeDir() + ":" + paths.taskRoot();
        if (RuntimeFamily.of(runtime) == RuntimeFamily.NODEJS) {
            String major = runtime.substring("nodejs".length(), runtime.indexOf('.'));
            nodeModules = opt.resolve("nodejs/node" + major + "/node_modules") + ":" + nodeModules;
        }
        env.put("NODE_PATH", nodeModules);
        if (paths.optElsewhere() && RuntimeFamily.of(runtime) == RuntimeFamily.PYTHON) {
            // The Python client adds /opt/python itself; plain processes see the layers elsewhere.
            String version = runtime.substring("python".length());
            env.put(
                    "PYTHONPATH",
                    opt.resolve("python/lib/python" + version + "/site-packages") + ":" + opt.resolve("python"));
        }
        if (RuntimeFamily.of(runtime) == RuntimeFamily.RUBY) {
            // Where Lambda's Ruby runtimes look for the function's files, its vendored gems and its
            // layers' (decision 59); the trailing separator keeps the host Ruby's own gems in reach.
            String gems = runtime.substring("ruby".length()) + ".0";
            Path task = paths.taskRoot();
            env.put("RUBYLIB", task + ":" + task.resolve("lib") + ":" + opt.resolve("ruby/lib"));
            env.put(
                    "GEM_PATH",
                    task.resolve("vendor/bundle/ruby/" + gems) + ":" + opt.resolve("ruby/gems/" + gems) + ":");
        }
        env.put("AWS_XRAY_CONTEXT_MISSING", "LOG_ERROR");
        // The runtime's working directory, as a shell would say (bubblewrap sets it on its own too).
        env.put("PWD", paths.taskRoot().toString());
        return env;
    }

    /**
     * Where the runtime reaches the node.
     *
     * @param runtimeApi its Runtime API, {@code host:port}
     * @param node the node's AWS endpoint as the runtime reaches it (its {@code AWS_ENDPOINT_URL},
     *     which AWS SDKs and the CLI use for every service), or {@code null} when it cannot
     */
    record Endpoints(String runtimeApi, String node) {}

    static Map<String, String> of(
            FunctionConfig config,
            String region,
            Endpoints endpoints,
            String logGroup,
            String logStream,
            RuntimePaths paths,
            boolean provisioned) {
        Map<String, String> env = defaults(config.settings().runtime(), paths);
        if (endpoints.node() != null) {
            // before the function's own variables: a function may point its SDK elsewhere
            env.put("AWS_ENDPOINT_URL", endpoints.node());
        }
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
        if (config.settings().logging().json()) {
            // what AWS's runtime interface clients read to write JSON records at or above the level
            env.put("AWS_LAMBDA_LOG_FORMAT", "JSON");
            env.put("AWS_LAMBDA_LOG_LEVEL", config.settings().logging().applicationLogLevel());
        }
        env.put("AWS_LAMBDA_RUNTIME_API", endpoints.runtimeApi());
        env.put("LAMBDA_TASK_ROOT", paths.taskRoot().toString());
        env.put("LAMBDA_RUNTIME_DIR", paths.runtimeDir().toString());
        return env;
    }
}

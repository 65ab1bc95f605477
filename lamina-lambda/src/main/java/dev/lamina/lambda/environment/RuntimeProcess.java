package dev.lamina.lambda.environment;

import dev.lamina.core.SessionCredentials;
import dev.lamina.lambda.function.FunctionConfig;
import dev.lamina.lambda.runtime.HostRuntime;
import dev.lamina.lambda.runtime.RuntimeFamily;
import dev.lamina.lambda.runtime.RuntimePaths;
import dev.lamina.lambda.runtimeapi.RuntimeApiServer;
import dev.lamina.lambda.runtimeapi.RuntimeApiServer.PeerCheck;
import dev.lamina.lambda.runtimeapi.RuntimeSession;
import dev.lamina.lambda.sandbox.ProcessLauncher;
import dev.lamina.lambda.sandbox.SandboxSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What one execution environment runs on: its sandbox and the runtime process in it, its Runtime API
 * endpoint (and the relay into a sandbox without network), and its log. {@link #start} makes them
 * all, or none: a start that fails releases what it made before it throws. {@link #close} releases
 * them once the process is gone.
 */
final class RuntimeProcess implements AutoCloseable {
    private final String id;
    private final EnvironmentLog log;
    private final ProcessLauncher.Sandbox sandbox;
    private final Process process;
    private final RuntimeApiServer runtimeApi;
    /** Relays the Runtime API into a sandbox without network; {@code null} otherwise. */
    private final RuntimeApiRelay relay;
    /** The directory of the spare sandbox it took, removed at close; else {@code null}. */
    private final Path spareDir;
    /** Why the entry point cannot be executed ({@link Entrypoints}), or {@code null}. */
    private final String entrypointProblem;
    /** The role's temporary credentials the runtime holds, revoked at close. */
    private final Credentials credentials;

    /** Temporary credentials issued to one runtime, and where to revoke them. */
    private record Credentials(SessionCredentials issuer, SessionCredentials.Issued issued) {
        static Credentials issue(SessionCredentials issuer, String role) {
            return new Credentials(issuer, issuer.issue(role));
        }

        void revoke() {
            issuer.revoke(issued.accessKeyId());
        }
    }

    private RuntimeProcess(
            String id,
            EnvironmentLog log,
            ProcessLauncher.Sandbox sandbox,
            Process process,
            RuntimeApiServer runtimeApi,
            RuntimeApiRelay relay,
            Path spareDir,
            String entrypointProblem,
            Credentials credentials) {
        this.id = id;
        this.log = log;
        this.sandbox = sandbox;
        this.process = process;
        this.runtimeApi = runtimeApi;
        this.relay = relay;
        this.spareDir = spareDir;
        this.entrypointProblem = entrypointProblem;
        this.credentials = credentials;
    }

    /** What a start needs beyond the node's parts: the function, its code, and who answers its Runtime API. */
    record Request(
            FunctionConfig config,
            Path taskRoot,
            Path optDir,
            Spares spares,
            boolean provisioned,
            RuntimeSession session) {}

    /**
     * Starts the runtime: takes the runtime's spare sandbox when one is waiting (else prepares a
     * sandbox and its log pipe), opens its Runtime API endpoint, and starts (or releases) the runtime
     * process with Lambda's environment. Returns once the process is spawned; the runtime may call its
     * Runtime API before this returns. Called on the invoker's or the pool's thread.
     *
     * @throws IOException when any step fails; nothing of it is left behind
     */
    static RuntimeProcess start(EnvironmentContext ctx, Request request) throws IOException {
        FunctionConfig config = request.config();
        HostRuntime runtime = ctx.runtimes().require(config.settings().runtime());
        Spares.Claimed claimed = request.spares() == null
                ? null
                : request.spares()
                        .claim(
                                runtime,
                                request.taskRoot(),
                                request.optDir(),
                                config.settings().ephemeralStorageMb(),
                                config.settings().memoryMb(),
                                config.settings().environment(),
                                spareBox -> command(ctx, runtime, config, paths(spareBox, request)));
        Spares.Spare spare = claimed == null ? null : claimed.spare();
        String id = spare != null ? spare.id() : newId(ctx);
        Path spareDir = spare != null ? spare.dir() : null;
        EnvironmentLog log;
        if (spare != null) {
            log = spare.log();
            log.assign(config.settings().logging().groupFor(config.name()), config.version(), id);
        } else {
            log = new EnvironmentLog(ctx, config.settings().logging().groupFor(config.name()), config.version(), id);
        }
        ProcessLauncher.Sandbox box = spare != null ? spare.box() : null;
        RuntimeApiServer api = null;
        RuntimeApiRelay relay = null;
        Credentials credentials = null;
        try {
            if (box == null) {
                box = ctx.launcher().prepare(spec(ctx, config, id, runtime, request));
            } else {
                box.resize(config.settings().memoryMb());
            }
            PeerCheck peers = RuntimeApiPeers.of(ctx, box);
            api = RuntimeApiPeers.open(ctx, box, request.session(), peers);
            String apiAddress = api.address();
            if (box.runtimeApiSocket().isPresent()) {
                relay = new RuntimeApiRelay(
                        box.runtimeApiSocket().get(),
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), api.port()));
                if (peers instanceof RuntimeApiPeers owners) {
                    owners.relayedBy(relay);
                }
                apiAddress = ProcessLauncher.RELAYED_RUNTIME_API;
            }
            RuntimePaths paths = paths(box, request);
            List<String> command = claimed != null && claimed.command() != null
                    ? claimed.command() // what the preloaded spare was checked with
                    : command(ctx, runtime, config, paths);
            String problem = entrypointProblem(ctx, runtime, request, paths);
            if (problem != null) {
                // Lambda fails init without running anything; this stands in for the runtime until
                // the environment fails its first invocation and stops.
                command = PLACEHOLDER;
            }
            Map<String, String> env = RuntimeEnvironment.of(
                    config,
                    ctx.arns().region(),
                    new RuntimeEnvironment.Endpoints(
                            apiAddress, ctx.launcher().nodeEndpoint(box).orElse(null)),
                    log.group(),
                    log.stream(),
                    paths,
                    request.provisioned());
            // the role's credentials, as Lambda gives them (reserved: set after the function's own)
            credentials = Credentials.issue(ctx.credentials(), config.settings().role());
            env.put("AWS_ACCESS_KEY_ID", credentials.issued().accessKeyId());
            env.put("AWS_SECRET_ACCESS_KEY", credentials.issued().secretAccessKey());
            env.put("AWS_SESSION_TOKEN", credentials.issued().sessionToken());
            Process process;
            if (spare != null) {
                box.release(command, env);
                process = spare.process();
            } else {
                process = box.start(command, env, log.pipePath());
            }
            log.unlink();
            return new RuntimeProcess(id, log, box, process, api, relay, spareDir, problem, credentials);
        } catch (IOException | RuntimeException e) {
            if (box != null) {
                box.destroy(0);
            }
            if (credentials != null) {
                credentials.revoke();
            }
            release(box, spareDir, api, relay, log);
            throw e;
        }
    }

    private static RuntimePaths paths(ProcessLauncher.Sandbox box, Request request) {
        return new RuntimePaths(
                box.taskRootInside(),
                box.runtimeDirInside(),
                box.optDirInside(),
                request.optDir() != null && !Files.exists(request.taskRoot().resolve("bootstrap")));
    }

    private static List<String> command(
            EnvironmentContext ctx, HostRuntime runtime, FunctionConfig config, RuntimePaths paths) {
        return ctx.runtimeFiles()
                .command(
                        runtime,
                        config.settings().handler(),
                        config.settings().memoryMb(),
                        paths,
                        config.settings().environment());
    }

    /** Runs until killed; found in every sandbox, whose root is the host's {@code /usr}. */
    private static final List<String> PLACEHOLDER = List.of("/usr/bin/sleep", "infinity");

    /** Why a custom runtime's bootstrap cannot be executed here, or {@code null}. */
    private static String entrypointProblem(
            EnvironmentContext ctx, HostRuntime runtime, Request request, RuntimePaths paths) {
        if (runtime.family() != RuntimeFamily.PROVIDED) {
            return null;
        }
        Path hostRoot = paths.bootstrapInOpt() ? request.optDir() : request.taskRoot();
        Path insideRoot = paths.bootstrapInOpt() ? paths.optDir() : paths.taskRoot();
        return ctx.entrypoints()
                .problem(
                        hostRoot.resolve("bootstrap"),
                        insideRoot.resolve("bootstrap").toString(),
                        inside -> {
                            Path path = Path.of(inside);
                            if (path.startsWith(paths.taskRoot())) {
                                return request.taskRoot()
                                        .resolve(paths.taskRoot().relativize(path));
                            }
                            if (request.optDir() != null && path.startsWith(paths.optDir())) {
                                return request.optDir().resolve(paths.optDir().relativize(path));
                            }
                            return path; // the sandbox's root is the host's /usr and its links
                        })
                .orElse(null);
    }

    private static String newId(EnvironmentContext ctx) {
        byte[] random = new byte[16];
        ctx.random().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static SandboxSpec spec(
            EnvironmentContext ctx, FunctionConfig config, String id, HostRuntime runtime, Request request) {
        return new SandboxSpec(
                id,
                request.taskRoot(),
                ctx.runtimeFiles().dir(),
                runtime.interpreter(),
                config.settings().memoryMb(),
                config.settings().ephemeralStorageMb(),
                request.optDir());
    }

    String id() {
        return id;
    }

    /** Why the runtime's entry point cannot be executed (it was not started), or {@code null}. */
    String entrypointProblem() {
        return entrypointProblem;
    }

    EnvironmentLog log() {
        return log;
    }

    ProcessLauncher.Sandbox sandbox() {
        return sandbox;
    }

    /** The event loop that serves its Runtime API, for timers that belong with its requests. */
    ScheduledExecutorService loop() {
        return runtimeApi.loop();
    }

    /** Calls {@code then} once the runtime process has exited, on the JDK's process-exit thread. */
    void onExit(Runnable then) {
        process.onExit().thenRun(then);
    }

    int exitValue() {
        return process.exitValue();
    }

    /** SIGTERM, then SIGKILL for the whole tree after {@code graceMillis}; waits until the process is gone. */
    void stop(long graceMillis) {
        sandbox.destroy(graceMillis);
        process.onExit().join();
    }

    /** Releases the sandbox, its directory, the endpoint, the relay and the log; call once the process is gone. */
    @Override
    public void close() {
        credentials.revoke();
        release(sandbox, spareDir, runtimeApi, relay, log);
    }

    private static void release(
            ProcessLauncher.Sandbox box,
            Path spareDir,
            RuntimeApiServer api,
            RuntimeApiRelay relay,
            EnvironmentLog log) {
        if (box != null) {
            box.close();
        }
        if (spareDir != null) {
            Spares.deleteTree(spareDir);
        }
        if (api != null) {
            api.close();
        }
        if (relay != null) {
            relay.close();
        }
        log.close();
    }
}

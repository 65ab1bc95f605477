package dev.lamina.lambda.function;

import dev.lamina.core.AwsException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Prepares a function's code off the request thread: unpacks its package and merges its layers, so
 * that an execution environment starts from files already in place (decision 15). A new function is
 * {@code Pending} and an updated one {@code InProgress} until its preparation ends; {@link Functions}
 * starts it and records the end ({@link Finish}).
 *
 * <p>Threads: {@link #prepare} is called under the registry's monitor by {@link Functions}; the work
 * and its {@link Finish} run on the preparer (a virtual thread on a node). {@link #underway} and
 * {@link #await} are called by the invoke path, which may wait (bounded) for a function created a
 * moment ago, as its caller expects it to run. At most one preparation per function is remembered:
 * a later one replaces an earlier one, whose end then no longer counts.
 */
public final class CodePreparation {
    private static final Logger LOG = Logger.getLogger(CodePreparation.class.getName());

    /** How long an invocation waits for a function's code to be prepared: long enough to unpack a large package. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(30);

    /** Records how a preparation ended; called on the preparer, once per {@link #prepare}. */
    @FunctionalInterface
    interface Finish {
        /**
         * @param prepared the configuration whose code was prepared
         * @param succeeded whether its code is in place
         * @return the configuration the function has now
         */
        FunctionConfig finished(FunctionConfig prepared, boolean succeeded);
    }

    private final CodeStore code;
    private final Executor preparer;
    private final Duration maxWait;
    private final Map<String, CompletableFuture<FunctionConfig>> underway = new ConcurrentHashMap<>();

    /**
     * @param preparer runs each preparation; never the request thread
     * @param maxWait how long {@link #await} waits; {@link #MAX_WAIT} on a node
     */
    public CodePreparation(CodeStore code, Executor preparer, Duration maxWait) {
        this.code = code;
        this.preparer = preparer;
        this.maxWait = maxWait;
    }

    /**
     * Unpacks {@code config}'s code and merges its layers on the preparer, then tells {@code finish}
     * whether that worked; a failure is logged, not thrown.
     */
    void prepare(FunctionConfig config, Finish finish) {
        CompletableFuture<FunctionConfig> done = new CompletableFuture<>();
        underway.put(config.name(), done);
        preparer.execute(() -> {
            FunctionConfig result;
            try {
                code.unpacked(config.code().sha256Hex());
                if (!config.settings().layers().isEmpty()) {
                    code.layerTree(config.settings().layerHashes());
                }
                result = finish.finished(config, true);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "preparing " + config.name() + " failed", e);
                result = finish.finished(config, false);
            }
            underway.remove(config.name(), done);
            done.complete(result);
        });
    }

    /** The preparation under way for a function's code, completing with its configuration after; {@code null} when none is. */
    CompletableFuture<FunctionConfig> underway(String functionName) {
        return underway.get(functionName);
    }

    /**
     * Waits at most {@code maxWait} for a preparation to end.
     *
     * @return the configuration it ended with; {@code null} when it failed to finish or took too long
     * @throws AwsException (a service error) when the waiting thread is interrupted
     */
    FunctionConfig await(CompletableFuture<FunctionConfig> preparation) {
        try {
            return preparation.get(maxWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AwsException.service("Interrupted");
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }
}

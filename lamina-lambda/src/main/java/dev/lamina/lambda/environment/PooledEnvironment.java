package dev.lamina.lambda.environment;

import dev.lamina.lambda.function.FunctionConfig;

/** What the pool needs to know of an environment to hand it out again. */
public interface PooledEnvironment {
    FunctionConfig config();

    /** Initialised, not stopped, and not running an invocation. */
    boolean isFree();

    boolean isStopped();

    /** Started for provisioned concurrency: kept initialised ahead of traffic. */
    boolean provisioned();

    /** When its last invocation ended, by the node's {@link dev.lamina.core.Ticker}. */
    long lastUsedNanos();
}

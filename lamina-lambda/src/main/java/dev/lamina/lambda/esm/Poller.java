package dev.lamina.lambda.esm;

/** A running mapping's pollers, of whatever source. */
interface Poller {
    void start();

    /** Stops polling; a batch being invoked ends in the background. */
    void stop();
}

package dev.lamina.lambda;

import dev.lamina.spi.lambda.InvocationObserver;
import dev.lamina.spi.lambda.InvocationReport;

/**
 * The observer the invoke path is built with, forwarding to the one the node attaches later (its
 * metering and metrics are made after Lambda); hears nothing until then. One volatile read per call.
 */
final class AttachedObserver implements InvocationObserver {
    private volatile InvocationObserver target = InvocationObserver.NONE;

    void attach(InvocationObserver observer) {
        this.target = observer;
    }

    @Override
    public void ended(InvocationReport report) {
        target.ended(report);
    }

    @Override
    public void throttled(String function) {
        target.throttled(function);
    }
}

package dev.lamina.spi.lambda;

/** Hears of changes to functions; see {@link Lambda#subscribe}. */
public interface FunctionListener {
    /** A function was created, changed (code, configuration, versions, aliases) or deleted. */
    void changed(String functionName);
}

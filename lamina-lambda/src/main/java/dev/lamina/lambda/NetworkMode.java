package dev.lamina.lambda;

import java.util.Locale;

/** What network a sandboxed function gets (decision 26). Plain processes always share the host's. */
public enum NetworkMode {
    /** A network namespace of its own: outbound access; of the host, only the node's endpoints. */
    ISOLATED,
    /** The host's network, loopback included. */
    HOST,
    /** Only a loopback of its own; the Runtime API is relayed in. */
    NONE;

    /** From the {@code --network} option's value. */
    public static NetworkMode parse(String value) {
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--network must be isolated, host or none, not '" + value + "'");
        }
    }

    /** As the option and {@code /health} spell it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

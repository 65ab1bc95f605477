package dev.lamina.lambda.layer;

import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Where layer versions persist: the embedded database on one node, PostgreSQL in a cluster. Called
 * by {@link Layers} on control-plane threads, never on the invoke path; implementations are
 * thread-safe.
 */
public interface LayerStore {
    /**
     * Takes the next version number of {@code name} (1 for a new name; never one used before, even
     * if every version was deleted) and stores the version {@code make} builds for it, atomically:
     * if {@code make} or the write fails, the number is not taken.
     */
    LayerVersion publish(String name, LongFunction<LayerVersion> make);

    Optional<LayerVersion> get(String name, long version);

    /** The versions of {@code name} still present, newest first; empty for an unknown name. */
    List<LayerVersion> versions(String name);

    /** Every present version of every layer, by name, newest first within a name. */
    List<LayerVersion> all();

    /** Removes one version, with its policy; nothing happens when it is not there. */
    void delete(String name, long version);

    /** The version's resource policy, if one was ever written. */
    Optional<LayerPolicy> policy(String name, long version);

    /** Writes the version's resource policy in place of the one it had. */
    void putPolicy(String name, long version, LayerPolicy policy);
}

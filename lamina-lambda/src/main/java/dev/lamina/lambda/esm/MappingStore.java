package dev.lamina.lambda.esm;

import java.util.List;
import java.util.Optional;

/** Where event source mappings are kept; each write is durable when it returns. */
public interface MappingStore {
    void put(EventSourceMapping mapping);

    Optional<EventSourceMapping> get(String uuid);

    void delete(String uuid);

    /** Every mapping, oldest first. */
    List<EventSourceMapping> all();
}

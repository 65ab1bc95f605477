package dev.lamina.cloudformation.stack;

import java.util.List;
import java.util.Optional;

/**
 * Where stacks, their events and change sets are kept (SQLite on one node; a shared database in a
 * cluster). Each call is its own unit of work. Thread-safe.
 */
public interface StackStore {
    /** The live stack named {@code name}, or the stack (live or deleted) whose ARN is {@code name}. */
    Optional<Stack> find(String nameOrId);

    /** Adds or replaces the stack with {@code stack.id()}. */
    void put(Stack stack);

    /** Every stack, deleted ones included, newest first. */
    List<Stack> all();

    /** Appends an event to its stack's history. */
    void append(StackEvent event);

    /** A stack's events, newest first. */
    List<StackEvent> events(String stackId);

    /** Adds or replaces the change set with {@code changeSet.id()}. */
    void put(ChangeSet changeSet);

    /** The change set whose ARN is {@code nameOrId}, or the one named so of {@code stackId}. */
    Optional<ChangeSet> changeSet(String stackId, String nameOrId);

    /** A stack's change sets. */
    List<ChangeSet> changeSets(String stackId);
}

package dev.lamina.iam.role;

import dev.lamina.storage.Transaction;
import java.util.List;
import java.util.Optional;

/**
 * Where the node's roles are kept, one record a role, found by name without regard to case (IAM's
 * names are unique that way). Node-local on SQLite ({@link SqliteRoleStore}); a cluster's store
 * replaces it.
 */
public interface RoleStore {
    /** Adds {@code role}; false when a role of that name (in any case) exists. */
    boolean create(Transaction tx, Role role);

    /** Replaces the role of {@code role}'s name; false when there is none. */
    boolean update(Transaction tx, Role role);

    Optional<Role> find(Transaction tx, String name);

    /** Removes the role; false when there is none. */
    boolean delete(Transaction tx, String name);

    /** Every role, by name. */
    List<Role> list(Transaction tx);
}

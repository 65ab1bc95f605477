package dev.lamina.scheduler.rules;

import dev.lamina.storage.Transaction;
import java.util.List;
import java.util.Optional;

/**
 * Where rules and their targets are kept: SQLite on one node ({@link SqliteRuleStore}), PostgreSQL in a
 * cluster. Every method runs in the caller's transaction.
 */
public interface RuleStore {

    /** Adds or replaces a rule. */
    void put(Transaction tx, Rule rule);

    Optional<Rule> get(Transaction tx, String name);

    Optional<Rule> byArn(Transaction tx, String arn);

    /** Rules whose name starts with {@code prefix} (any when {@code null}) after {@code after}, by name. */
    List<Rule> list(Transaction tx, String prefix, String after, int limit);

    /** Removes a rule and its targets. */
    void delete(Transaction tx, String name);

    /** Adds or replaces a target of a rule. */
    void putTarget(Transaction tx, String rule, RuleTarget target);

    /** Removes a rule's target; false if it had none with that id. */
    boolean removeTarget(Transaction tx, String rule, String id);

    /** A rule's targets, by id. */
    List<RuleTarget> targets(Transaction tx, String rule);
}

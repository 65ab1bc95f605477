package dev.lamina.dynamodb.partiql;

import java.util.List;
import java.util.Objects;

/**
 * One PartiQL statement of the subset DynamoDB runs, as {@link StatementParser} reads it: a SELECT of
 * one table or index, an INSERT of one item, an UPDATE or DELETE of one item named by its key in the
 * WHERE clause. Names stay as written; values and {@code ?} parameters stay unresolved until
 * {@link Translation} binds them.
 */
public sealed interface Statement {
    /** The table the statement reads or writes. */
    String table();

    /**
     * {@code SELECT projection FROM "table"."index" WHERE where ORDER BY orderBy}.
     *
     * @param index {@code null}: the table itself
     * @param projection the paths listed; {@code null} for {@code *}
     * @param where {@code null}: every item
     * @param orderBy the ORDER BY's attributes, in order (empty: none)
     */
    record Select(String table, String index, List<Expr.Path> projection, Expr where, List<Ordering> orderBy)
            implements Statement {
        public Select {
            Objects.requireNonNull(table, "table");
            projection = projection == null ? null : List.copyOf(projection);
            orderBy = List.copyOf(orderBy);
        }
    }

    /** One attribute of an ORDER BY, {@code ASC} or {@code DESC}. */
    record Ordering(Expr.Path path, boolean descending) {}

    /** {@code INSERT INTO "table" VALUE {...}}. */
    record Insert(String table, Expr.Value item) implements Statement {}

    /**
     * {@code UPDATE "table" SET ... REMOVE ... WHERE where RETURNING returning}.
     *
     * @param returning {@code null}: nothing
     */
    record Update(String table, List<Assignment> sets, List<Expr.Path> removes, Expr where, Returning returning)
            implements Statement {
        public Update {
            sets = List.copyOf(sets);
            removes = List.copyOf(removes);
        }
    }

    /** {@code DELETE FROM "table" WHERE where RETURNING returning}. */
    record Delete(String table, Expr where, Returning returning) implements Statement {}

    /**
     * {@code EXISTS(SELECT * FROM "table" WHERE key AND conditions)}: a condition check, in
     * ExecuteTransaction only.
     */
    record Exists(Select select) implements Statement {
        @Override
        public String table() {
            return select.table();
        }
    }

    /** One {@code path = value} of an UPDATE's SET. */
    record Assignment(Expr.Path target, Expr value) {}

    /** {@code RETURNING (ALL | MODIFIED) (OLD | NEW) *}. */
    enum Returning {
        ALL_OLD,
        ALL_NEW,
        MODIFIED_OLD,
        MODIFIED_NEW;

        /** UpdateItem's ReturnValues for it. */
        public String returnValues() {
            return switch (this) {
                case ALL_OLD -> "ALL_OLD";
                case ALL_NEW -> "ALL_NEW";
                case MODIFIED_OLD -> "UPDATED_OLD";
                case MODIFIED_NEW -> "UPDATED_NEW";
            };
        }

        @Override
        public String toString() {
            return name().replace('_', ' ') + " *";
        }
    }
}

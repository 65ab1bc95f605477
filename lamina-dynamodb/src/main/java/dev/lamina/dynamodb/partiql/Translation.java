package dev.lamina.dynamodb.partiql;

import dev.lamina.core.AwsException;
import dev.lamina.dynamodb.attribute.AttributeValue;
import dev.lamina.dynamodb.expression.ExpressionAttributes;
import dev.lamina.dynamodb.item.ItemWrite;
import dev.lamina.dynamodb.table.KeySchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a parsed PartiQL statement, its bound parameters and the key schema it runs against into the
 * request DynamoDB's own API would make, expressions and all, so a statement runs through the same
 * item operations, conditions, stream records and errors as GetItem, Query, Scan, PutItem, UpdateItem
 * and DeleteItem. Examples (table key {@code pk}, {@code sk}):
 *
 * <pre>
 * SELECT a FROM "T" WHERE pk = 'x' AND sk > 3 AND b = 1
 *   → Query  KeyCondition #n0 = :v0 AND #n1 > :v1, Filter #n2 = :v2, Projection #n3
 * SELECT * FROM "T" WHERE b = 1                 → Scan  Filter #n0 = :v0
 * INSERT INTO "T" VALUE {'pk': 'x', 'sk': 1}    → Put   Condition attribute_not_exists(#n0)
 * UPDATE "T" SET a = a + 1 REMOVE c WHERE pk = 'x' AND sk = 1 AND a &lt; 9
 *   → Update Key {pk, sk}, SET #n0 = #n1 + :v0 REMOVE #n2, Condition attribute_exists(#n3) AND (#n4 &lt; :v1)
 * DELETE FROM "T" WHERE pk = 'x' AND sk = 1     → Delete Key {pk, sk}
 * DELETE FROM "T" WHERE pk = 'x' AND sk = 1 AND a = 2
 *   → Delete Key {pk, sk}, Condition attribute_not_exists(#n0) OR (#n1 = :v0)
 * </pre>
 *
 * An UPDATE must find its item (as DynamoDB's does: a missing item fails its condition); an INSERT must
 * not; a DELETE of an item that is not there succeeds whatever its conditions. Pure.
 */
public final class Translation {
    private static final Set<String> RANGE_COMPARATORS = Set.of("=", "<", "<=", ">", ">=");

    private Translation() {}

    /**
     * A SELECT as Query ({@code keyCondition} given) or Scan ({@code keyCondition} {@code null}).
     *
     * @param index {@code null}: the table
     * @param forward a Query's ScanIndexForward (false for ORDER BY the range key DESC)
     */
    public record Read(
            String table,
            String index,
            String keyCondition,
            String filter,
            String projection,
            boolean forward,
            Map<String, String> names,
            Map<String, AttributeValue> values) {
        /** The request's expression attributes, fresh for one run. */
        public ExpressionAttributes attributes() {
            return attributes(names, values);
        }

        static ExpressionAttributes attributes(Map<String, String> names, Map<String, AttributeValue> values) {
            return new ExpressionAttributes(
                    names.isEmpty() ? null : new LinkedHashMap<>(names),
                    values.isEmpty() ? null : new LinkedHashMap<>(values));
        }
    }

    /** What an item that an INSERT finds answers, alone and in a transaction. */
    public static final String DUPLICATE = "Duplicate primary key exists in table";

    private static final ItemWrite.Refusal DUPLICATE_ITEM = new ItemWrite.Refusal("DuplicateItem", DUPLICATE);

    /**
     * A write as PutItem (INSERT), UpdateItem or DeleteItem, or (EXISTS) a condition check in a
     * transaction.
     *
     * @param action the item operation; in a transaction an INSERT's failed condition is
     *     {@code DuplicateItem}
     * @param returnValues ReturnValues, {@code null}: NONE
     */
    public record Write(ItemWrite action, String returnValues) {}

    /** A SELECT that names one item by its whole key and nothing else, as a GetItem. */
    public record KeyRead(
            String table,
            Map<String, AttributeValue> key,
            String projection,
            Map<String, String> names,
            Map<String, AttributeValue> values) {
        public ExpressionAttributes attributes() {
            return Read.attributes(names, values);
        }
    }

    /** A SELECT over the table or index whose key is {@code key}. */
    public static Read read(Statement.Select select, KeySchema key, List<AttributeValue> parameters) {
        ExpressionText text = new ExpressionText(parameters);
        List<Expr> conjuncts = ExpressionText.conjuncts(select.where());
        Expr hash = conjuncts.stream()
                .filter(c -> keyEquality(c, key.hash().name()) != null)
                .findFirst()
                .orElse(null);
        String keyCondition = null;
        List<Expr> rest = conjuncts;
        if (hash != null) {
            rest = new ArrayList<>(conjuncts);
            rest.remove(hash);
            StringBuilder k = new StringBuilder(text.condition(pathFirst(hash)));
            if (key.range() != null) {
                Expr range = rest.stream()
                        .filter(c -> rangeCondition(c, key.range().name()))
                        .findFirst()
                        .orElse(null);
                if (range != null) {
                    rest.remove(range);
                    k.append(" AND ").append(text.condition(pathFirst(range)));
                }
            }
            keyCondition = k.toString();
        }
        String filter = rest.isEmpty() ? null : conjunction(text, rest);
        String projection = projection(text, select.projection());
        return new Read(
                select.table(),
                select.index(),
                keyCondition,
                filter,
                projection,
                forward(select.orderBy(), key, hash != null),
                text.names(),
                text.values());
    }

    /**
     * Whether a Query reads in key order: ORDER BY may name only key attributes, needs the hash key's
     * equality, and reads backwards when the range key (or, without it, the first attribute named) is
     * DESC.
     */
    private static boolean forward(List<Statement.Ordering> orderBy, KeySchema key, boolean query) {
        if (orderBy.isEmpty()) {
            return true;
        }
        if (!query) {
            throw AwsException.validation("Must have at least one non-optional hash key condition in WHERE clause"
                    + " when using ORDER BY clause.");
        }
        for (Statement.Ordering o : orderBy) {
            if (!o.path().simple() || !key.names().contains(o.path().attribute())) {
                throw AwsException.validation("Variable reference " + o.path().attribute()
                        + " in ORDER BY clause must be part of the primary key");
            }
        }
        Statement.Ordering decisive = orderBy.stream()
                .filter(o -> key.range() != null
                        && o.path().attribute().equals(key.range().name()))
                .findFirst()
                .orElse(orderBy.getFirst());
        return !decisive.descending();
    }

    /** A SELECT of one item by its whole key (BatchExecuteStatement, ExecuteTransaction), or a refusal. */
    public static KeyRead keyRead(Statement.Select select, KeySchema key, List<AttributeValue> parameters) {
        if (select.index() != null) {
            throw AwsException.validation("Reads on indices are not supported within transactions.");
        }
        ExpressionText text = new ExpressionText(parameters);
        Keyed keyed = keyed(select.where(), key, text);
        if (keyed == null || !keyed.rest().isEmpty()) {
            throw AwsException.validation(
                    "Select statements within ExecuteTransaction must specify the primary key in the where clause.");
        }
        String projection = projection(text, select.projection());
        return new KeyRead(select.table(), keyed.key(), projection, text.names(), text.values());
    }

    /** An INSERT, UPDATE or DELETE on the table whose key is {@code key}. */
    public static Write write(Statement statement, KeySchema key, List<AttributeValue> parameters) {
        ExpressionText text = new ExpressionText(parameters);
        return switch (statement) {
            case Statement.Insert insert -> {
                if (!(text.resolve(insert.item()) instanceof AttributeValue.M item)) {
                    throw AwsException.validation("Unsupported format in item expression. Please use struct format"
                            + " {...} to express item values for insert statement.");
                }
                String condition =
                        "attribute_not_exists(" + text.name(key.hash().name()) + ")";
                yield write(ItemWrite.Kind.PUT, insert.table(), item.value(), null, condition, text, null);
            }
            case Statement.Update update -> {
                Keyed keyed = fullKey(update.where(), key, text);
                String actions = updateActions(text, update);
                yield write(
                        ItemWrite.Kind.UPDATE,
                        update.table(),
                        keyed.key(),
                        actions,
                        existing(text, key, keyed.rest()),
                        text,
                        update.returning() == null ? null : update.returning().returnValues());
            }
            case Statement.Delete delete -> {
                Keyed keyed = fullKey(delete.where(), key, text);
                yield write(
                        ItemWrite.Kind.DELETE,
                        delete.table(),
                        keyed.key(),
                        null,
                        keyed.rest().isEmpty() ? null : absentOr(text, key, keyed.rest()),
                        text,
                        delete.returning() == null ? null : delete.returning().returnValues());
            }
            case Statement.Exists exists -> {
                Statement.Select select = exists.select();
                if (select.index() != null) {
                    throw AwsException.validation("Operations on indices are not supported in transactions");
                }
                Keyed keyed = keyed(select.where(), key, text);
                if (keyed == null || keyed.rest().isEmpty()) {
                    throw AwsException.validation("EXISTS() must contain a single item read with additional condition");
                }
                yield write(
                        ItemWrite.Kind.CONDITION_CHECK,
                        select.table(),
                        keyed.key(),
                        null,
                        existing(text, key, keyed.rest()),
                        text,
                        null);
            }
            case Statement.Select select -> throw new IllegalArgumentException("a SELECT is a read: " + select);
        };
    }

    /** The write, its expression attributes those {@code text} gathered (read after all its expressions were written). */
    private static Write write(
            ItemWrite.Kind kind,
            String table,
            Map<String, AttributeValue> item,
            String update,
            String condition,
            ExpressionText text,
            String returnValues) {
        ItemWrite action = new ItemWrite(
                kind,
                table,
                item,
                update,
                condition,
                Read.attributes(text.names(), text.values()),
                false,
                kind == ItemWrite.Kind.PUT ? DUPLICATE_ITEM : ItemWrite.Refusal.CONDITION_FAILED);
        return new Write(action, returnValues);
    }

    /** The condition that the item is not there or meets {@code rest}: a DELETE of no item is no error. */
    private static String absentOr(ExpressionText text, KeySchema key, List<Expr> rest) {
        return "attribute_not_exists(" + text.name(key.hash().name()) + ") OR (" + conjunction(text, rest) + ")";
    }

    /** The condition that the item exists and meets {@code rest}. */
    private static String existing(ExpressionText text, KeySchema key, List<Expr> rest) {
        List<String> conditions = new ArrayList<>();
        conditions.add("attribute_exists(" + text.name(key.hash().name()) + ")");
        rest.forEach(c -> conditions.add("(" + text.condition(c) + ")"));
        return String.join(" AND ", conditions);
    }

    /** The key a WHERE names by equalities at its top, and the rest of its conditions. */
    private record Keyed(Map<String, AttributeValue> key, List<Expr> rest) {}

    private static Keyed fullKey(Expr where, KeySchema key, ExpressionText text) {
        Keyed keyed = keyed(where, key, text);
        if (keyed == null) {
            throw AwsException.validation("Where clause does not contain a mandatory equality on all key attributes");
        }
        return keyed;
    }

    /** {@code null} when some key attribute has no equality at the top of {@code where}. */
    private static Keyed keyed(Expr where, KeySchema key, ExpressionText text) {
        Map<String, AttributeValue> found = new LinkedHashMap<>();
        List<Expr> rest = new ArrayList<>();
        for (Expr c : ExpressionText.conjuncts(where)) {
            String attribute = key.names().stream()
                    .filter(n -> !found.containsKey(n) && keyEquality(c, n) != null)
                    .findFirst()
                    .orElse(null);
            if (attribute == null) {
                rest.add(c);
            } else {
                found.put(attribute, text.resolve(keyEquality(c, attribute)));
            }
        }
        if (found.size() != key.names().size()) {
            return null;
        }
        Map<String, AttributeValue> ordered = new LinkedHashMap<>();
        key.names().forEach(n -> ordered.put(n, found.get(n)));
        return new Keyed(ordered, rest);
    }

    /** The value {@code c} sets {@code attribute} equal to ({@code attribute = v} or {@code v = attribute}). */
    private static Expr.Value keyEquality(Expr c, String attribute) {
        if (c instanceof Expr.Compare(String op, Expr left, Expr right) && op.equals("=")) {
            if (names(left, attribute) && right instanceof Expr.Value v) {
                return v;
            }
            if (names(right, attribute) && left instanceof Expr.Value v) {
                return v;
            }
        }
        return null;
    }

    /** Whether {@code c} is a condition a KeyConditionExpression may put on the range key. */
    private static boolean rangeCondition(Expr c, String attribute) {
        return switch (c) {
            case Expr.Compare(String op, Expr left, Expr right) ->
                RANGE_COMPARATORS.contains(op)
                        && ((names(left, attribute) && right instanceof Expr.Value)
                                || (names(right, attribute) && left instanceof Expr.Value));
            case Expr.Between(Expr operand, Expr low, Expr high) ->
                names(operand, attribute) && low instanceof Expr.Value && high instanceof Expr.Value;
            case Expr.Call(String name, List<Expr> args) ->
                name.equals("begins_with")
                        && args.size() == 2
                        && names(args.get(0), attribute)
                        && args.get(1) instanceof Expr.Value;
            default -> false;
        };
    }

    /** {@code c} with its path on the left ({@code 3 < sk} as {@code sk > 3}), as a key condition is written. */
    private static Expr pathFirst(Expr c) {
        if (c instanceof Expr.Compare(String op, Expr left, Expr right) && left instanceof Expr.Value) {
            String flipped = switch (op) {
                case "<" -> ">";
                case "<=" -> ">=";
                case ">" -> "<";
                case ">=" -> "<=";
                default -> op;
            };
            return new Expr.Compare(flipped, right, left);
        }
        return c;
    }

    private static boolean names(Expr e, String attribute) {
        return e instanceof Expr.Path p && p.simple() && p.attribute().equals(attribute);
    }

    private static String conjunction(ExpressionText text, List<Expr> conditions) {
        if (conditions.size() == 1) {
            return text.condition(conditions.getFirst());
        }
        return conditions.stream().map(c -> "(" + text.condition(c) + ")").collect(Collectors.joining(" AND "));
    }

    private static String projection(ExpressionText text, List<Expr.Path> paths) {
        return paths == null ? null : paths.stream().map(text::path).collect(Collectors.joining(", "));
    }

    /** An UPDATE's SET and REMOVE as an UpdateExpression; {@code set_add}/{@code set_delete} become ADD/DELETE. */
    private static String updateActions(ExpressionText text, Statement.Update update) {
        List<String> sets = new ArrayList<>();
        List<String> adds = new ArrayList<>();
        List<String> deletes = new ArrayList<>();
        for (Statement.Assignment a : update.sets()) {
            if (a.value() instanceof Expr.Call call
                    && (call.name().equals("set_add") || call.name().equals("set_delete"))) {
                String op = call.name().substring(4).toUpperCase(java.util.Locale.ROOT);
                if (call.arguments().size() != 2) {
                    throw AwsException.validation("SET_" + op + " must have exactly two arguments");
                }
                if (!call.arguments().get(0).equals(a.target())) {
                    throw AwsException.validation(
                            "The first argument to SET_" + op + " must equal the assignment value");
                }
                if (!(call.arguments().get(1) instanceof Expr.Value v)
                        || !Set.of("SS", "NS", "BS").contains(text.resolve(v).type())) {
                    throw AwsException.validation(
                            "The second argument to SET_" + op + " must be a value with type SET");
                }
                (op.equals("ADD") ? adds : deletes).add(text.path(a.target()) + " " + text.value(text.resolve(v)));
            } else {
                sets.add(text.path(a.target()) + " = " + text.term(a.value()));
            }
        }
        List<String> removes = update.removes().stream().map(text::path).toList();
        StringBuilder out = new StringBuilder();
        clause(out, "SET", sets);
        clause(out, "REMOVE", removes);
        clause(out, "ADD", adds);
        clause(out, "DELETE", deletes);
        return out.toString();
    }

    private static void clause(StringBuilder out, String keyword, List<String> actions) {
        if (!actions.isEmpty()) {
            out.append(out.isEmpty() ? "" : " ").append(keyword).append(' ').append(String.join(", ", actions));
        }
    }
}

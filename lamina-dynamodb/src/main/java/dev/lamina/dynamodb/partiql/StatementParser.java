package dev.lamina.dynamodb.partiql;

import dev.lamina.core.AwsException;
import dev.lamina.dynamodb.attribute.AttributeValue;
import dev.lamina.dynamodb.attribute.Numbers;
import dev.lamina.dynamodb.partiql.Lexer.Kind;
import dev.lamina.dynamodb.partiql.Lexer.Token;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A recursive-descent parser for the PartiQL subset DynamoDB runs:
 *
 * <pre>
 * statement  := (select | insert | update | delete | EXISTS "(" select ")") ";"?
 * select     := SELECT ("*" | path ("," path)*) FROM name ("." name)? (WHERE condition
 *               (ORDER BY path (ASC | DESC)? ("," path (ASC | DESC)?)*)?)?
 * insert     := INSERT INTO name VALUE map
 * update     := UPDATE name (SET path "=" term ("," path "=" term)* | REMOVE path ("," path)*)+
 *               WHERE condition returning?
 * delete     := DELETE FROM name WHERE condition returning?
 * returning  := RETURNING (ALL | MODIFIED) (OLD | NEW) "*"
 * condition  := and (OR and)*
 * and        := not (AND not)*
 * not        := NOT not | "(" condition ")" | operand (comparator operand | NOT? BETWEEN operand AND operand
 *               | NOT? IN ("[" | "(") operand ("," operand)* ("]" | ")") | IS NOT? (MISSING | NULL))?
 * term       := operand (("+" | "-") operand)?
 * operand    := value | path | word "(" term ("," term)* ")"
 * value      := 'string' | number | TRUE | FALSE | NULL | "?" | "[" values "]" | "{" 'key' ":" value, ... "}"
 *               | "&lt;&lt;" values "&gt;&gt;"
 * path       := name ("." name | "[" digits "]")*      name := word | "quoted"
 * </pre>
 *
 * Keywords may be written in any case; names are kept as written. A statement that does not follow the
 * grammar is a {@code ValidationException} worded as DynamoDB's ({@code Statement wasn't well formed,
 * can't be processed: ...}); a form DynamoDB does not run (aliases, several items, GROUP BY) gets
 * DynamoDB's own refusal. Pure, not thread-safe (one instance a statement).
 */
public final class StatementParser {
    private static final Set<String> KEYWORDS =
            Set.of(("SELECT FROM WHERE AND OR NOT BETWEEN IN IS MISSING NULL TRUE FALSE SET REMOVE VALUE VALUES"
                            + " INSERT INTO UPDATE DELETE RETURNING AS ORDER GROUP BY LIMIT HAVING JOIN OFFSET")
                    .split(" "));
    private static final Set<String> CLAUSES = Set.of("ORDER", "GROUP", "LIMIT", "HAVING", "JOIN", "OFFSET");
    private static final Set<String> COMPARATORS = Set.of("=", "<>", "!=", "<", "<=", ">", ">=");

    private final TokenCursor in;
    private int parameters;
    /** How deep the parser is in parentheses, NOTs and nested literals. */
    private int depth;

    private static final int MAX_DEPTH = 100;

    private StatementParser(String text) {
        this.in = new TokenCursor(Lexer.tokens(text));
    }

    /** A statement and how many {@code ?} parameters it has. */
    public record Parsed(Statement statement, int parameters) {}

    /**
     * Parses one statement.
     *
     * @throws AwsException a {@code ValidationException} for a statement DynamoDB would refuse
     */
    public static Parsed parse(String text) {
        if (text == null || text.isBlank()) {
            throw malformed("Expected data manipulation");
        }
        StatementParser parser = new StatementParser(text);
        Statement statement = parser.statement();
        return new Parsed(statement, parser.parameters);
    }

    static AwsException malformed(String detail) {
        return AwsException.validation("Statement wasn't well formed, can't be processed: " + detail);
    }

    private Statement statement() {
        Token first = in.peek();
        Statement statement;
        if (first.isWord("SELECT")) {
            statement = select();
        } else if (first.isWord("INSERT")) {
            statement = insert();
        } else if (first.isWord("UPDATE")) {
            statement = update();
        } else if (first.isWord("DELETE")) {
            statement = delete();
        } else if (first.isWord("EXISTS") && in.peek(1).is("(")) {
            in.next();
            in.next();
            if (!in.peek().isWord("SELECT")) {
                throw malformed("Expected SELECT, found " + in.peek().shown());
            }
            statement = new Statement.Exists((Statement.Select) select());
            in.expect(")");
        } else {
            throw malformed("Expected data manipulation");
        }
        in.accept(";");
        if (in.peek().kind() != Kind.END) {
            throw malformed("Unexpected token after expression: " + in.peek().shown());
        }
        return statement;
    }

    private Statement select() {
        in.next();
        List<Expr.Path> projection = null;
        if (in.accept("*")) {
            if (in.peek().is(",")) {
                throw AwsException.validation(
                        "Other attributes should not be present in the projection when '*' is used.");
            }
        } else {
            projection = new ArrayList<>();
            do {
                projection.add(path());
                if (in.peek().isWord("AS")) {
                    throw AwsException.validation("Aliasing is not supported");
                }
            } while (in.accept(","));
        }
        in.expectWord("FROM");
        String table = name();
        String index = in.accept(".") ? name() : null;
        if (in.peek().is(",") || in.peek().isWord("JOIN")) {
            throw AwsException.validation("Only select from a single table or index is supported.");
        }
        Expr where = in.acceptWord("WHERE") ? condition() : null;
        List<Statement.Ordering> orderBy = new ArrayList<>();
        if (in.peek().isWord("ORDER") && in.peek(1).isWord("BY")) {
            in.next();
            in.next();
            if (where == null) {
                throw AwsException.validation("Must have WHERE clause in the statement when using ORDER BY clause.");
            }
            do {
                Expr.Path path = path();
                boolean descending = in.acceptWord("DESC");
                if (!descending) {
                    in.acceptWord("ASC");
                }
                orderBy.add(new Statement.Ordering(path, descending));
            } while (in.accept(","));
        }
        refuseClauses();
        return new Statement.Select(table, index, projection, where, orderBy);
    }

    private Statement insert() {
        in.next();
        in.expectWord("INTO");
        String table = name();
        if (in.peek().isWord("VALUES")) {
            throw AwsException.validation("Unsupported operation: Inserting multiple items in a single statement is"
                    + " not supported, use \"INSERT INTO tableName VALUE item\" instead");
        }
        in.expectWord("VALUE");
        Expr.Value item = value();
        if (!(item instanceof Expr.MapOf) && !(item instanceof Expr.Parameter)) {
            throw AwsException.validation("Unsupported format in item expression. Please use struct format {...} to"
                    + " express item values for insert statement.");
        }
        if (in.peek().is(",")) {
            throw AwsException.validation("Unsupported operation: Inserting multiple items in a single statement is"
                    + " not supported, use \"INSERT INTO tableName VALUE item\" instead");
        }
        if (in.peek().isWord("RETURNING")) {
            throw AwsException.validation("RETURNING is not supported in INSERT");
        }
        return new Statement.Insert(table, item);
    }

    private Statement update() {
        in.next();
        String table = name();
        List<Statement.Assignment> sets = new ArrayList<>();
        List<Expr.Path> removes = new ArrayList<>();
        while (true) {
            if (in.acceptWord("SET")) {
                do {
                    Expr.Path target = path();
                    in.expect("=");
                    sets.add(new Statement.Assignment(target, term()));
                } while (in.accept(","));
            } else if (in.acceptWord("REMOVE")) {
                do {
                    removes.add(path());
                } while (in.accept(","));
            } else {
                break;
            }
        }
        if (sets.isEmpty() && removes.isEmpty()) {
            throw malformed("Expected SET or REMOVE, found " + in.peek().shown());
        }
        Expr where = where();
        return new Statement.Update(table, sets, removes, where, returning());
    }

    private Statement delete() {
        in.next();
        in.expectWord("FROM");
        String table = name();
        Expr where = where();
        Statement.Returning returning = returning();
        if (returning != null && returning != Statement.Returning.ALL_OLD) {
            throw AwsException.validation("Invalid returning clause: RETURNING " + returning
                    + ". Only RETURNING ALL OLD * is allowed in DELETE statements.");
        }
        return new Statement.Delete(table, where, returning);
    }

    /** An UPDATE's or DELETE's WHERE, which must be there to name the item. */
    private Expr where() {
        if (!in.acceptWord("WHERE")) {
            if (in.peek().kind() == Kind.END || in.peek().is(";")) {
                throw AwsException.validation(
                        "Where clause does not contain a mandatory equality on all key attributes");
            }
            throw malformed("Expected WHERE, found " + in.peek().shown());
        }
        return condition();
    }

    private Statement.Returning returning() {
        if (!in.acceptWord("RETURNING")) {
            return null;
        }
        String which = in.word("ALL or MODIFIED");
        String image = in.word("OLD or NEW");
        if (!Set.of("ALL", "MODIFIED").contains(which) || !Set.of("OLD", "NEW").contains(image)) {
            throw malformed("Expected ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause");
        }
        if (!in.accept("*")) {
            throw AwsException.validation("Expected '*' after ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause");
        }
        return Statement.Returning.valueOf(which + "_" + image);
    }

    private void refuseClauses() {
        Token t = in.peek();
        if (t.kind() == Kind.WORD && CLAUSES.contains(t.text().toUpperCase(Locale.ROOT))) {
            String clause = t.text().toUpperCase(Locale.ROOT);
            in.next();
            if (in.acceptWord("BY")) {
                clause += " BY";
            }
            throw AwsException.validation("Unsupported clause: " + clause);
        }
    }

    private Expr condition() {
        Expr left = and();
        while (in.acceptWord("OR")) {
            left = new Expr.Or(left, and());
        }
        return left;
    }

    private Expr and() {
        Expr left = not();
        while (in.acceptWord("AND")) {
            left = new Expr.And(left, not());
        }
        return left;
    }

    private Expr not() {
        deeper();
        try {
            return negation();
        } finally {
            depth--;
        }
    }

    /** Refuses nesting that could exhaust the stack before the statement's end is reached. */
    private void deeper() {
        if (++depth > MAX_DEPTH) {
            throw malformed("Statement is nested more than " + MAX_DEPTH + " levels deep");
        }
    }

    private Expr negation() {
        if (in.acceptWord("NOT")) {
            return new Expr.Not(not());
        }
        if (in.accept("(")) {
            Expr inner = condition();
            in.expect(")");
            return inner;
        }
        Expr left = operand();
        Token t = in.peek();
        if (t.kind() == Kind.PUNCT && COMPARATORS.contains(t.text())) {
            in.next();
            return new Expr.Compare(t.is("!=") ? "<>" : t.text(), left, operand());
        }
        boolean negated = false;
        if (t.isWord("NOT") && (in.peek(1).isWord("BETWEEN") || in.peek(1).isWord("IN"))) {
            in.next();
            negated = true;
        }
        Expr predicate = null;
        if (in.acceptWord("BETWEEN")) {
            Expr low = operand();
            in.expectWord("AND");
            predicate = new Expr.Between(left, low, operand());
        } else if (in.acceptWord("IN")) {
            String close = in.accept("[") ? "]" : null;
            if (close == null) {
                in.expect("(");
                close = ")";
            }
            List<Expr> candidates = new ArrayList<>();
            do {
                candidates.add(operand());
            } while (in.accept(","));
            in.expect(close);
            predicate = new Expr.In(left, candidates);
        } else if (in.acceptWord("IS")) {
            boolean not = in.acceptWord("NOT");
            String type = in.word("MISSING or NULL");
            if (!type.equals("MISSING") && !type.equals("NULL")) {
                throw AwsException.validation("Unsupported data type for IS operator: " + type + ". Supported data"
                        + " types are [MISSING, NULL, BOOLEAN, BLOB, STRING, NUMERIC, STRUCT, TUPLE, LIST]");
            }
            return new Expr.Is(left, type, not);
        }
        if (predicate != null) {
            return negated ? new Expr.Not(predicate) : predicate;
        }
        if (left instanceof Expr.Call) {
            return left;
        }
        throw AwsException.validation("WHERE clause must contain an expression that resolves to a boolean");
    }

    /** The right side of a SET: an operand, or two added or subtracted. */
    private Expr term() {
        Expr left = operand();
        if (in.peek().is("+") || in.peek().is("-")) {
            String op = in.next().text();
            return new Expr.Arithmetic(op, left, operand());
        }
        return left;
    }

    private Expr operand() {
        Token t = in.peek();
        if (t.kind() == Kind.WORD
                && in.peek(1).is("(")
                && (t.isWord("MISSING") || !KEYWORDS.contains(t.text().toUpperCase(Locale.ROOT)))) {
            in.next();
            in.next();
            List<Expr> arguments = new ArrayList<>();
            if (!in.accept(")")) {
                do {
                    arguments.add(term());
                } while (in.accept(","));
                in.expect(")");
            }
            return new Expr.Call(t.text().toLowerCase(Locale.ROOT), arguments);
        }
        if (t.kind() == Kind.QUOTED || (t.kind() == Kind.WORD && !isLiteralWord(t))) {
            return path();
        }
        return value();
    }

    private static boolean isLiteralWord(Token t) {
        return t.isWord("TRUE") || t.isWord("FALSE") || t.isWord("NULL") || t.isWord("MISSING");
    }

    private Expr.Value value() {
        deeper();
        try {
            return literal();
        } finally {
            depth--;
        }
    }

    private Expr.Value literal() {
        Token t = in.next();
        switch (t.kind()) {
            case STRING -> {
                return new Expr.Literal(new AttributeValue.S(t.text()));
            }
            case NUMBER -> {
                return number(t.text());
            }
            case PARAMETER -> {
                return new Expr.Parameter(parameters++);
            }
            case WORD -> {
                if (t.isWord("TRUE") || t.isWord("FALSE")) {
                    return new Expr.Literal(new AttributeValue.Bool(t.isWord("TRUE")));
                }
                if (t.isWord("NULL")) {
                    return new Expr.Literal(new AttributeValue.Null());
                }
                if (t.isWord("MISSING")) {
                    throw AwsException.validation("MISSING must be compared using IS operator");
                }
            }
            case PUNCT -> {
                if (t.is("-") && in.peek().kind() == Kind.NUMBER) {
                    return number("-" + in.next().text());
                }
                if (t.is("[")) {
                    return new Expr.ListOf(values("]"));
                }
                if (t.is("<<")) {
                    List<Expr.Value> elements = values(">>");
                    if (elements.isEmpty()) {
                        throw AwsException.validation("Empty bags are not supported");
                    }
                    return new Expr.SetOf(elements);
                }
                if (t.is("{")) {
                    return map();
                }
            }
            default -> {}
        }
        throw malformed("Unexpected " + t.shown());
    }

    private static Expr.Literal number(String text) {
        try {
            return new Expr.Literal(new AttributeValue.N(Numbers.parse(text)));
        } catch (AwsException e) {
            throw malformed("Invalid number: " + text);
        }
    }

    private List<Expr.Value> values(String close) {
        List<Expr.Value> out = new ArrayList<>();
        if (in.accept(close)) {
            return out;
        }
        do {
            out.add(value());
        } while (in.accept(","));
        in.expect(close);
        return out;
    }

    private Expr.MapOf map() {
        Map<String, Expr.Value> entries = new LinkedHashMap<>();
        if (in.accept("}")) {
            return new Expr.MapOf(entries);
        }
        do {
            Token key = in.next();
            if (key.kind() != Kind.STRING) {
                throw AwsException.validation("Tuple keys must be of type String. Actual type: " + key.shown());
            }
            in.expect(":");
            if (entries.put(key.text(), value()) != null) {
                throw AwsException.validation("Duplicate keys in tuple. Key: " + key.text());
            }
        } while (in.accept(","));
        in.expect("}");
        return new Expr.MapOf(entries);
    }

    private Expr.Path path() {
        List<Object> segments = new ArrayList<>();
        segments.add(name());
        while (true) {
            if (in.peek().is(".")
                    && (in.peek(1).kind() == Kind.WORD || in.peek(1).kind() == Kind.QUOTED)) {
                in.next();
                segments.add(name());
            } else if (in.accept("[")) {
                Token index = in.next();
                if (index.kind() != Kind.NUMBER || !index.text().chars().allMatch(Character::isDigit)) {
                    throw malformed("Expected a list index, found " + index.shown());
                }
                segments.add(Integer.parseInt(index.text()));
                in.expect("]");
            } else {
                return new Expr.Path(segments);
            }
        }
    }

    /** A table, index or attribute name: {@code "quoted"} as written, or a bare word that is no keyword. */
    private String name() {
        Token t = in.next();
        if (t.kind() == Kind.QUOTED && !t.text().isEmpty()) {
            return t.text();
        }
        if (t.kind() == Kind.WORD && !KEYWORDS.contains(t.text().toUpperCase(Locale.ROOT))) {
            return t.text();
        }
        throw malformed("Expected identifier, found " + t.shown());
    }
}

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
 * select     := SELECT ("*" | path ("," path)*) FROM name ("." name)? (WHERE condition)?
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
 * can't be processed: ...}); a form DynamoDB does not run (aliases, ORDER BY, several items) gets
 * DynamoDB's own refusal. Pure, not thread-safe (one instance a statement).
 */
public final class StatementParser {
    private static final Set<String> KEYWORDS = Set.of(
            "SELECT",
            "FROM",
            "WHERE",
            "AND",
            "OR",
            "NOT",
            "BETWEEN",
            "IN",
            "IS",
            "MISSING",
            "NULL",
            "TRUE",
            "FALSE",
            "SET",
            "REMOVE",
            "VALUE",
            "VALUES",
            "INSERT",
            "INTO",
            "UPDATE",
            "DELETE",
            "RETURNING",
            "AS",
            "ORDER",
            "GROUP",
            "BY",
            "LIMIT",
            "HAVING",
            "JOIN",
            "OFFSET");
    private static final Set<String> CLAUSES = Set.of("ORDER", "GROUP", "LIMIT", "HAVING", "JOIN", "OFFSET");
    private static final Set<String> COMPARATORS = Set.of("=", "<>", "!=", "<", "<=", ">", ">=");

    private final List<Token> tokens;
    private int at;
    private int parameters;

    private StatementParser(String text) {
        this.tokens = Lexer.tokens(text);
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
        Token first = peek();
        Statement statement;
        if (first.isWord("SELECT")) {
            statement = select();
        } else if (first.isWord("INSERT")) {
            statement = insert();
        } else if (first.isWord("UPDATE")) {
            statement = update();
        } else if (first.isWord("DELETE")) {
            statement = delete();
        } else if (first.isWord("EXISTS") && peek(1).is("(")) {
            next();
            next();
            if (!peek().isWord("SELECT")) {
                throw malformed("Expected SELECT, found " + peek().shown());
            }
            statement = new Statement.Exists((Statement.Select) select());
            expect(")");
        } else {
            throw malformed("Expected data manipulation");
        }
        accept(";");
        if (peek().kind() != Kind.END) {
            throw malformed("Unexpected token after expression: " + peek().shown());
        }
        return statement;
    }

    private Statement select() {
        next();
        List<Expr.Path> projection = null;
        if (accept("*")) {
            if (peek().is(",")) {
                throw AwsException.validation(
                        "Other attributes should not be present in the projection when '*' is used.");
            }
        } else {
            projection = new ArrayList<>();
            do {
                projection.add(path());
                if (peek().isWord("AS")) {
                    throw AwsException.validation("Aliasing is not supported");
                }
            } while (accept(","));
        }
        expectWord("FROM");
        String table = name();
        String index = accept(".") ? name() : null;
        if (peek().is(",") || peek().isWord("JOIN")) {
            throw AwsException.validation("Only select from a single table or index is supported.");
        }
        Expr where = acceptWord("WHERE") ? condition() : null;
        refuseClauses();
        return new Statement.Select(table, index, projection, where);
    }

    private Statement insert() {
        next();
        expectWord("INTO");
        String table = name();
        if (peek().isWord("VALUES")) {
            throw AwsException.validation("Unsupported operation: Inserting multiple items in a single statement is"
                    + " not supported, use \"INSERT INTO tableName VALUE item\" instead");
        }
        expectWord("VALUE");
        Expr.Value item = value();
        if (!(item instanceof Expr.MapOf) && !(item instanceof Expr.Parameter)) {
            throw AwsException.validation("Unsupported format in item expression. Please use struct format {...} to"
                    + " express item values for insert statement.");
        }
        if (peek().is(",")) {
            throw AwsException.validation("Unsupported operation: Inserting multiple items in a single statement is"
                    + " not supported, use \"INSERT INTO tableName VALUE item\" instead");
        }
        if (peek().isWord("RETURNING")) {
            throw AwsException.validation("RETURNING is not supported in INSERT");
        }
        return new Statement.Insert(table, item);
    }

    private Statement update() {
        next();
        String table = name();
        List<Statement.Assignment> sets = new ArrayList<>();
        List<Expr.Path> removes = new ArrayList<>();
        while (true) {
            if (acceptWord("SET")) {
                do {
                    Expr.Path target = path();
                    expect("=");
                    sets.add(new Statement.Assignment(target, term()));
                } while (accept(","));
            } else if (acceptWord("REMOVE")) {
                do {
                    removes.add(path());
                } while (accept(","));
            } else {
                break;
            }
        }
        if (sets.isEmpty() && removes.isEmpty()) {
            throw malformed("Expected SET or REMOVE, found " + peek().shown());
        }
        Expr where = where();
        return new Statement.Update(table, sets, removes, where, returning());
    }

    private Statement delete() {
        next();
        expectWord("FROM");
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
        if (!acceptWord("WHERE")) {
            if (peek().kind() == Kind.END || peek().is(";")) {
                throw AwsException.validation(
                        "Where clause does not contain a mandatory equality on all key attributes");
            }
            throw malformed("Expected WHERE, found " + peek().shown());
        }
        return condition();
    }

    private Statement.Returning returning() {
        if (!acceptWord("RETURNING")) {
            return null;
        }
        String which = word("ALL or MODIFIED");
        String image = word("OLD or NEW");
        if (!Set.of("ALL", "MODIFIED").contains(which) || !Set.of("OLD", "NEW").contains(image)) {
            throw malformed("Expected ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause");
        }
        if (!accept("*")) {
            throw AwsException.validation("Expected '*' after ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause");
        }
        return Statement.Returning.valueOf(which + "_" + image);
    }

    private void refuseClauses() {
        Token t = peek();
        if (t.kind() == Kind.WORD && CLAUSES.contains(t.text().toUpperCase(Locale.ROOT))) {
            String clause = t.text().toUpperCase(Locale.ROOT);
            next();
            if (acceptWord("BY")) {
                clause += " BY";
            }
            throw AwsException.validation("Unsupported clause: " + clause);
        }
    }

    private Expr condition() {
        Expr left = and();
        while (acceptWord("OR")) {
            left = new Expr.Or(left, and());
        }
        return left;
    }

    private Expr and() {
        Expr left = not();
        while (acceptWord("AND")) {
            left = new Expr.And(left, not());
        }
        return left;
    }

    private Expr not() {
        if (acceptWord("NOT")) {
            return new Expr.Not(not());
        }
        if (accept("(")) {
            Expr inner = condition();
            expect(")");
            return inner;
        }
        Expr left = operand();
        Token t = peek();
        if (t.kind() == Kind.PUNCT && COMPARATORS.contains(t.text())) {
            next();
            return new Expr.Compare(t.is("!=") ? "<>" : t.text(), left, operand());
        }
        boolean negated = false;
        if (t.isWord("NOT") && (peek(1).isWord("BETWEEN") || peek(1).isWord("IN"))) {
            next();
            negated = true;
        }
        Expr predicate = null;
        if (acceptWord("BETWEEN")) {
            Expr low = operand();
            expectWord("AND");
            predicate = new Expr.Between(left, low, operand());
        } else if (acceptWord("IN")) {
            String close = accept("[") ? "]" : null;
            if (close == null) {
                expect("(");
                close = ")";
            }
            List<Expr> candidates = new ArrayList<>();
            do {
                candidates.add(operand());
            } while (accept(","));
            expect(close);
            predicate = new Expr.In(left, candidates);
        } else if (acceptWord("IS")) {
            boolean not = acceptWord("NOT");
            String type = word("MISSING or NULL");
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
        if (peek().is("+") || peek().is("-")) {
            String op = next().text();
            return new Expr.Arithmetic(op, left, operand());
        }
        return left;
    }

    private Expr operand() {
        Token t = peek();
        if (t.kind() == Kind.WORD
                && peek(1).is("(")
                && (t.isWord("MISSING") || !KEYWORDS.contains(t.text().toUpperCase(Locale.ROOT)))) {
            next();
            next();
            List<Expr> arguments = new ArrayList<>();
            if (!accept(")")) {
                do {
                    arguments.add(term());
                } while (accept(","));
                expect(")");
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
        Token t = next();
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
                if (t.is("-") && peek().kind() == Kind.NUMBER) {
                    return number("-" + next().text());
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
        if (accept(close)) {
            return out;
        }
        do {
            out.add(value());
        } while (accept(","));
        expect(close);
        return out;
    }

    private Expr.MapOf map() {
        Map<String, Expr.Value> entries = new LinkedHashMap<>();
        if (accept("}")) {
            return new Expr.MapOf(entries);
        }
        do {
            Token key = next();
            if (key.kind() != Kind.STRING) {
                throw AwsException.validation("Tuple keys must be of type String. Actual type: " + key.shown());
            }
            expect(":");
            if (entries.put(key.text(), value()) != null) {
                throw AwsException.validation("Duplicate keys in tuple. Key: " + key.text());
            }
        } while (accept(","));
        expect("}");
        return new Expr.MapOf(entries);
    }

    private Expr.Path path() {
        List<Object> segments = new ArrayList<>();
        segments.add(name());
        while (true) {
            if (peek().is(".") && (peek(1).kind() == Kind.WORD || peek(1).kind() == Kind.QUOTED)) {
                next();
                segments.add(name());
            } else if (accept("[")) {
                Token index = next();
                if (index.kind() != Kind.NUMBER || !index.text().chars().allMatch(Character::isDigit)) {
                    throw malformed("Expected a list index, found " + index.shown());
                }
                segments.add(Integer.parseInt(index.text()));
                expect("]");
            } else {
                return new Expr.Path(segments);
            }
        }
    }

    /** A table, index or attribute name: {@code "quoted"} as written, or a bare word that is no keyword. */
    private String name() {
        Token t = next();
        if (t.kind() == Kind.QUOTED && !t.text().isEmpty()) {
            return t.text();
        }
        if (t.kind() == Kind.WORD && !KEYWORDS.contains(t.text().toUpperCase(Locale.ROOT))) {
            return t.text();
        }
        throw malformed("Expected identifier, found " + t.shown());
    }

    private String word(String expected) {
        Token t = next();
        if (t.kind() != Kind.WORD) {
            throw malformed("Expected " + expected + ", found " + t.shown());
        }
        return t.text().toUpperCase(Locale.ROOT);
    }

    private Token peek() {
        return tokens.get(at);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(at + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(at);
        if (t.kind() != Kind.END) {
            at++;
        }
        return t;
    }

    private boolean accept(String punct) {
        if (peek().is(punct)) {
            next();
            return true;
        }
        return false;
    }

    private boolean acceptWord(String word) {
        if (peek().isWord(word)) {
            next();
            return true;
        }
        return false;
    }

    private void expect(String punct) {
        if (!accept(punct)) {
            throw malformed("Expected " + punct + ", found " + peek().shown());
        }
    }

    private void expectWord(String word) {
        if (!acceptWord(word)) {
            throw malformed("Expected " + word + ", found " + peek().shown());
        }
    }
}

package dev.lamina.dynamodb.expression;

import dev.lamina.dynamodb.attribute.AttributeValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A recursive-descent parser over {@link Tokenizer}'s tokens for DynamoDB's expression grammar:
 *
 * <pre>
 * condition  := and ("OR" and)*
 * and        := not ("AND" not)*
 * not        := "NOT" not | "(" condition ")" | function | operand comparison
 * comparison := comparator operand | "BETWEEN" operand "AND" operand | "IN" "(" operand ("," operand)* ")"
 * operand    := path | :value | size(path)
 * path       := (name | #name) ("." (name | #name) | "[" digits "]")*
 * update     := ("SET" set ("," set)* | "REMOVE" path ("," path)* | ("ADD" | "DELETE") path :value ("," ...)*)+
 * set        := path "=" term (("+" | "-") term)?
 * term       := path | :value | if_not_exists(path, term) | list_append(term, term)
 * projection := path ("," path)*
 * </pre>
 *
 * AND binds tighter than OR, NOT tighter than both, as in DynamoDB. Names and values are resolved
 * while parsing, so the trees hold attribute names and values, not references.
 */
final class Parser {
    private static final Set<String> CONDITION_FUNCTIONS =
            Set.of("attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains");
    private static final Set<String> UPDATE_FUNCTIONS = Set.of("if_not_exists", "list_append");
    private static final Set<String> COMPARATORS = Set.of("=", "<>", "<", "<=", ">", ">=");
    private static final Set<String> TYPES = Set.of("B", "NULL", "SS", "BOOL", "L", "BS", "N", "NS", "S", "M");

    private final String text;
    private final List<Token> tokens;
    private final ExpressionAttributes attributes;
    private int at;
    /** The first undefined reference or reserved word: DynamoDB reports a syntax error before it. */
    private ExpressionException deferred;

    Parser(String text, ExpressionAttributes attributes) {
        this.text = text;
        this.tokens = Tokenizer.tokens(text);
        this.attributes = attributes;
    }

    Condition condition() {
        return whole(() -> {
            Condition c = or();
            expectEnd();
            return c;
        });
    }

    List<DocumentPath> projection() {
        return whole(() -> {
            List<DocumentPath> paths = new ArrayList<>();
            do {
                paths.add(path());
            } while (accept(","));
            expectEnd();
            checkOverlaps(paths);
            return paths;
        });
    }

    UpdateActions update() {
        return whole(this::updateActions);
    }

    /**
     * Parses with {@code parse}; a syntax error wins over an undefined reference or reserved word found
     * before it, which wins over any other error (such an error may come of the placeholder standing
     * in for an undefined value).
     */
    private <T> T whole(java.util.function.Supplier<T> parse) {
        T result;
        try {
            result = parse.get();
        } catch (ExpressionException e) {
            throw e.syntax() || deferred == null ? e : deferred;
        }
        if (deferred != null) {
            throw deferred;
        }
        return result;
    }

    private UpdateActions updateActions() {
        List<UpdateActions.Set> sets = new ArrayList<>();
        List<DocumentPath> removes = new ArrayList<>();
        List<UpdateActions.Add> adds = new ArrayList<>();
        List<UpdateActions.Add> deletes = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        do {
            Token clause = next();
            String keyword = clause.text().toUpperCase(java.util.Locale.ROOT);
            if (clause.kind() != Token.Kind.WORD
                    || !Set.of("SET", "REMOVE", "ADD", "DELETE").contains(keyword)) {
                throw syntaxAt(clause);
            }
            if (!seen.add(keyword)) {
                throw new ExpressionException(
                        "The \"" + keyword + "\" section can only be used once in an update expression;");
            }
            do {
                switch (keyword) {
                    case "SET" -> {
                        DocumentPath path = path();
                        expect("=");
                        Operand value = term();
                        if (peek().is("+") || peek().is("-")) {
                            boolean plus = next().is("+");
                            value = new Operand.Arithmetic(value, plus, term());
                        }
                        sets.add(new UpdateActions.Set(path, value));
                    }
                    case "REMOVE" -> removes.add(path());
                    default -> {
                        DocumentPath path = path();
                        Operand.Value value = valueOperand();
                        checkAddOrDelete(keyword, value.value());
                        (keyword.equals("ADD") ? adds : deletes).add(new UpdateActions.Add(path, value));
                    }
                }
            } while (accept(","));
        } while (peek().kind() != Token.Kind.END);
        UpdateActions actions = new UpdateActions(sets, removes, adds, deletes);
        checkOverlaps(actions.paths());
        return actions;
    }

    private static void checkAddOrDelete(String keyword, AttributeValue value) {
        boolean set = value instanceof AttributeValue.SS
                || value instanceof AttributeValue.NS
                || value instanceof AttributeValue.BS;
        boolean ok = keyword.equals("ADD") ? set || value instanceof AttributeValue.N : set;
        if (!ok) {
            throw new ExpressionException("Incorrect operand type for operator or function; operator: " + keyword
                    + ", operand type: " + Evaluator.longType(value));
        }
    }

    private static void checkOverlaps(List<DocumentPath> paths) {
        for (int i = 0; i < paths.size(); i++) {
            for (int j = i + 1; j < paths.size(); j++) {
                if (paths.get(i).overlaps(paths.get(j))) {
                    throw new ExpressionException("Two document paths overlap with each other; must remove or rewrite"
                            + " one of these paths; path one: " + paths.get(i) + ", path two: " + paths.get(j));
                }
            }
        }
    }

    private Operand term() {
        Token t = peek();
        if (t.kind() == Token.Kind.WORD && peekAt(1).is("(")) {
            String name = next().text();
            if (!UPDATE_FUNCTIONS.contains(name)) {
                throw new ExpressionException((CONDITION_FUNCTIONS.contains(name) || name.equals("size")
                                ? "The function is not allowed in an update expression; function: "
                                : "Invalid function name; function: ")
                        + name);
            }
            expect("(");
            Operand result;
            if (name.equals("if_not_exists")) {
                Operand first = term();
                if (!(first instanceof Operand.Path path)) {
                    throw new ExpressionException(
                            "Operator or function requires a document path; operator or function: if_not_exists");
                }
                expect(",");
                result = new Operand.IfNotExists(path.path(), term());
            } else {
                Operand first = term();
                expect(",");
                Operand second = term();
                for (Operand o : List.of(first, second)) {
                    if (o instanceof Operand.Value v && !(v.value() instanceof AttributeValue.L)) {
                        throw new ExpressionException("Incorrect operand type for operator or function; operator or"
                                + " function: list_append, operand type: "
                                + v.value().type());
                    }
                }
                result = new Operand.ListAppend(first, second);
            }
            expect(")");
            return result;
        }
        return t.kind() == Token.Kind.VALUE_REF ? valueOperand() : new Operand.Path(path());
    }

    private Condition or() {
        Condition left = and();
        while (accept("OR")) {
            left = new Condition.Or(left, and());
        }
        return left;
    }

    private Condition and() {
        Condition left = not();
        while (accept("AND")) {
            left = new Condition.And(left, not());
        }
        return left;
    }

    private Condition not() {
        if (accept("NOT")) {
            return new Condition.Not(not());
        }
        if (accept("(")) {
            Condition inner = or();
            expect(")");
            return inner;
        }
        Token t = peek();
        if (t.kind() == Token.Kind.WORD && peekAt(1).is("(") && CONDITION_FUNCTIONS.contains(t.text())) {
            return function();
        }
        Operand left = operand();
        Token op = peek();
        if (op.kind() == Token.Kind.SYMBOL && COMPARATORS.contains(op.text())) {
            next();
            return new Condition.Compare(left, op.text(), operand());
        }
        if (accept("BETWEEN")) {
            Operand low = operand();
            expect("AND");
            Operand high = operand();
            if (low instanceof Operand.Value l
                    && high instanceof Operand.Value h
                    && Evaluator.compare(l.value(), h.value()) > 0) {
                throw new ExpressionException("The BETWEEN operator requires upper bound to be greater than or equal"
                        + " to lower bound; lower bound operand: AttributeValue: " + shown(l.value())
                        + ", upper bound operand: AttributeValue: " + shown(h.value()));
            }
            return new Condition.Between(left, low, high);
        }
        if (accept("IN")) {
            expect("(");
            List<Operand> candidates = new ArrayList<>();
            do {
                candidates.add(operand());
            } while (accept(","));
            expect(")");
            if (candidates.size() > 100) {
                throw new ExpressionException("The IN operator is provided with too many operands; number of"
                        + " operands: " + candidates.size());
            }
            return new Condition.In(left, candidates);
        }
        if (left instanceof Operand.Size) {
            throw new ExpressionException(
                    "The function is not allowed to be used this way in an expression; function: size");
        }
        throw syntaxAt(peek());
    }

    private static String shown(AttributeValue v) {
        return "{" + v.type() + ":" + (v instanceof AttributeValue.N n ? n.text() : v.toString()) + "}";
    }

    private Condition function() {
        String name = next().text();
        expect("(");
        List<Operand> args = new ArrayList<>();
        if (!peek().is(")")) {
            do {
                args.add(operand());
            } while (accept(","));
        }
        expect(")");
        int wanted = name.startsWith("attribute_") && !name.equals("attribute_type") ? 1 : 2;
        if (args.size() != wanted) {
            throw new ExpressionException("Incorrect number of operands for operator or function; operator or"
                    + " function: " + name + ", number of operands: " + args.size());
        }
        if (name.startsWith("attribute_") && !(args.getFirst() instanceof Operand.Path)) {
            throw new ExpressionException(
                    "Operator or function requires a document path; operator or function: " + name);
        }
        if (name.equals("attribute_type")) {
            if (!(args.get(1) instanceof Operand.Value v) || !(v.value() instanceof AttributeValue.S type)) {
                throw new ExpressionException("Incorrect operand type for operator or function; operator or function:"
                        + " attribute_type, operand type: "
                        + args.get(1).getClass().getSimpleName());
            }
            if (!TYPES.contains(type.value())) {
                throw new ExpressionException("Invalid attribute type name found; type: " + type.value()
                        + ", valid types: { B,NULL,SS,BOOL,L,BS,N,NS,S,M }");
            }
        }
        if (name.equals("begins_with")) {
            for (Operand o : args) {
                if (o instanceof Operand.Value v
                        && !(v.value() instanceof AttributeValue.S || v.value() instanceof AttributeValue.B)) {
                    throw new ExpressionException("Incorrect operand type for operator or function; operator or"
                            + " function: begins_with, operand type: "
                            + v.value().type());
                }
            }
        }
        return new Condition.Function(name, args);
    }

    private Operand operand() {
        Token t = peek();
        if (t.kind() == Token.Kind.VALUE_REF) {
            return valueOperand();
        }
        if (t.kind() == Token.Kind.WORD && peekAt(1).is("(")) {
            String name = t.text();
            if (!name.equals("size")) {
                throw new ExpressionException((CONDITION_FUNCTIONS.contains(name) || UPDATE_FUNCTIONS.contains(name)
                                ? "The function is not allowed to be used this way in an expression; function: "
                                : "Invalid function name; function: ")
                        + name);
            }
            next();
            expect("(");
            Operand inner = operand();
            expect(")");
            if (!(inner instanceof Operand.Path path)) {
                throw new ExpressionException(
                        "Operator or function requires a document path; operator or function: size");
            }
            return new Operand.Size(path.path());
        }
        return new Operand.Path(path());
    }

    private Operand.Value valueOperand() {
        Token t = next();
        if (t.kind() != Token.Kind.VALUE_REF) {
            throw syntaxAt(t);
        }
        try {
            return new Operand.Value(attributes.value(t.text()));
        } catch (ExpressionException e) {
            defer(e);
            return new Operand.Value(new AttributeValue.Null());
        }
    }

    private DocumentPath path() {
        List<DocumentPath.Element> elements = new ArrayList<>();
        elements.add(new DocumentPath.Name(name(next())));
        while (true) {
            if (accept(".")) {
                elements.add(new DocumentPath.Name(name(next())));
            } else if (accept("[")) {
                Token index = next();
                if (index.kind() != Token.Kind.NUMBER) {
                    throw syntaxAt(index);
                }
                int value;
                try {
                    value = Integer.parseInt(index.text());
                } catch (NumberFormatException e) {
                    throw new ExpressionException("List index is too large; index: " + index.text());
                }
                elements.add(new DocumentPath.Index(value));
                expect("]");
            } else {
                return new DocumentPath(elements);
            }
        }
    }

    private String name(Token t) {
        return switch (t.kind()) {
            case NAME_REF -> {
                try {
                    yield attributes.name(t.text());
                } catch (ExpressionException e) {
                    defer(e);
                    yield t.text();
                }
            }
            case WORD -> {
                if (ReservedWords.contains(t.text())) {
                    defer(new ExpressionException(
                            "Attribute name is a reserved keyword; reserved keyword: " + t.text()));
                }
                yield t.text();
            }
            default -> throw syntaxAt(t);
        };
    }

    private void defer(ExpressionException e) {
        if (deferred == null) {
            deferred = e;
        }
    }

    private Token peek() {
        return tokens.get(at);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(at + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(at);
        if (t.kind() != Token.Kind.END) {
            at++;
        }
        return t;
    }

    private boolean accept(String symbolOrKeyword) {
        if (peek().is(symbolOrKeyword)) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(String symbolOrKeyword) {
        if (!accept(symbolOrKeyword)) {
            throw syntaxAt(peek());
        }
    }

    private void expectEnd() {
        if (peek().kind() != Token.Kind.END) {
            throw syntaxAt(peek());
        }
    }

    private ExpressionException syntaxAt(Token t) {
        int index = tokens.indexOf(t);
        return ExpressionException.syntax(text, tokens.subList(0, Math.max(0, index)), t);
    }
}

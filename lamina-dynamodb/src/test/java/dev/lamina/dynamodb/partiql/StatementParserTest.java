package dev.lamina.dynamodb.partiql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.core.AwsException;
import dev.lamina.dynamodb.attribute.AttributeValue;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatementParserTest {
    private static final String MALFORMED = "Statement wasn't well formed, can't be processed: ";

    private static Statement parse(String text) {
        return StatementParser.parse(text).statement();
    }

    private static Expr.Path path(Object... segments) {
        return new Expr.Path(List.of(segments));
    }

    private static Expr.Literal s(String value) {
        return new Expr.Literal(new AttributeValue.S(value));
    }

    private static Expr.Literal n(String value) {
        return new Expr.Literal(new AttributeValue.N(new BigDecimal(value)));
    }

    @Test
    void aSelectReadsItsProjectionSourceAndCondition() {
        Statement.Select select = (Statement.Select) parse(
                "select a, \"b c\".d[2] FROM \"Music\".\"ByTitle\" where pk = ? and sk between 1 and 5 -- note\n;");
        assertEquals("Music", select.table());
        assertEquals("ByTitle", select.index());
        assertEquals(List.of(path("a"), path("b c", "d", 2)), select.projection());
        assertEquals(
                new Expr.And(
                        new Expr.Compare("=", path("pk"), new Expr.Parameter(0)),
                        new Expr.Between(path("sk"), n("1"), n("5"))),
                select.where());
    }

    @Test
    void aSelectOfEverythingHasNoProjectionAndMayHaveNoWhere() {
        Statement.Select select = (Statement.Select) parse("SELECT * /* all */ FROM Music");
        assertNull(select.projection());
        assertNull(select.where());
        assertNull(select.index());
    }

    @Test
    void conditionsBindAsDynamoDbs() {
        Statement.Select select = (Statement.Select) parse("SELECT * FROM t WHERE NOT a = 1 OR b <> 'x' AND c != -2.5"
                + " OR d IN [1, 2] OR e NOT IN ('y') OR f IS NOT MISSING OR begins_with(g, 'p') OR size(h) >= 3");
        Expr where = select.where();
        Expr expected = new Expr.Or(
                new Expr.Or(
                        new Expr.Or(
                                new Expr.Or(
                                        new Expr.Or(
                                                new Expr.Or(
                                                        new Expr.Not(new Expr.Compare("=", path("a"), n("1"))),
                                                        new Expr.And(
                                                                new Expr.Compare("<>", path("b"), s("x")),
                                                                new Expr.Compare("<>", path("c"), n("-2.5")))),
                                                new Expr.In(path("d"), List.of(n("1"), n("2")))),
                                        new Expr.Not(new Expr.In(path("e"), List.of(s("y"))))),
                                new Expr.Is(path("f"), "MISSING", true)),
                        new Expr.Call("begins_with", List.of(path("g"), s("p")))),
                new Expr.Compare(">=", new Expr.Call("size", List.of(path("h"))), n("3")));
        assertEquals(expected, where);
    }

    @Test
    void anInsertReadsItsItemInIonLikeSyntax() {
        StatementParser.Parsed parsed = StatementParser.parse("INSERT INTO \"Music\" VALUE {'pk': ?, 'n': 1e2,"
                + " 'tags': <<'a', 'b'>>, 'list': [true, null, ?], 'm': {'it''s': 'x'}}");
        assertEquals(2, parsed.parameters());
        Statement.Insert insert = (Statement.Insert) parsed.statement();
        assertEquals("Music", insert.table());
        Map<String, Expr.Value> item = ((Expr.MapOf) insert.item()).entries();
        assertEquals(List.of("pk", "n", "tags", "list", "m"), List.copyOf(item.keySet()));
        assertEquals(new Expr.Parameter(0), item.get("pk"));
        assertEquals(n("100"), item.get("n"));
        assertEquals(new Expr.SetOf(List.of(s("a"), s("b"))), item.get("tags"));
        assertEquals(
                new Expr.ListOf(List.of(
                        new Expr.Literal(new AttributeValue.Bool(true)),
                        new Expr.Literal(new AttributeValue.Null()),
                        new Expr.Parameter(1))),
                item.get("list"));
        assertEquals(new Expr.MapOf(Map.of("it's", s("x"))), item.get("m"));
    }

    @Test
    void anUpdateReadsItsSetsRemovesAndReturning() {
        Statement.Update update = (Statement.Update) parse("UPDATE t SET a = ?, b = b + 1 SET c = set_add(c, <<1>>)"
                + " REMOVE d, e[0] WHERE pk = 'k' RETURNING MODIFIED NEW *");
        assertEquals(
                List.of(
                        new Statement.Assignment(path("a"), new Expr.Parameter(0)),
                        new Statement.Assignment(path("b"), new Expr.Arithmetic("+", path("b"), n("1"))),
                        new Statement.Assignment(
                                path("c"),
                                new Expr.Call("set_add", List.of(path("c"), new Expr.SetOf(List.of(n("1"))))))),
                update.sets());
        assertEquals(List.of(path("d"), path("e", 0)), update.removes());
        assertEquals(new Expr.Compare("=", path("pk"), s("k")), update.where());
        assertEquals(Statement.Returning.MODIFIED_NEW, update.returning());
        assertEquals("UPDATED_NEW", update.returning().returnValues());
    }

    @Test
    void aDeleteReadsItsKeyAndReturning() {
        Statement.Delete delete = (Statement.Delete) parse("DELETE FROM \"t\" WHERE pk = 'k' RETURNING ALL OLD *");
        assertEquals("t", delete.table());
        assertEquals(Statement.Returning.ALL_OLD, delete.returning());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "SELEC * FROM t|" + MALFORMED + "Expected data manipulation",
                "UPSERT INTO t VALUE {'a': 1}|" + MALFORMED + "Expected data manipulation",
                "SELECT * FROM t; SELECT * FROM t|" + MALFORMED + "Unexpected token after expression: SELECT",
                "SELECT * FROM t WHERE a = 'x|" + MALFORMED + "Unterminated string literal",
                "SELECT * FROM t WHERE a = 1 AND|" + MALFORMED + "Unexpected end of statement",
                "SELECT * FROM t WHERE select = 1|" + MALFORMED + "Expected identifier, found select",
                "SELECT * FROM t WHERE a = 1 GROUP BY a|Unsupported clause: GROUP BY",
                "SELECT * FROM t ORDER BY a|Must have WHERE clause in the statement when using ORDER BY clause.",
                "SELECT a AS b FROM t|Aliasing is not supported",
                "SELECT *, a FROM t|Other attributes should not be present in the projection when '*' is used.",
                "SELECT * FROM t, u|Only select from a single table or index is supported.",
                "SELECT * FROM t WHERE a|WHERE clause must contain an expression that resolves to a boolean",
                "SELECT * FROM t WHERE a IS STRING|Unsupported data type for IS operator: STRING. Supported data"
                        + " types are [MISSING, NULL, BOOLEAN, BLOB, STRING, NUMERIC, STRUCT, TUPLE, LIST]",
                "SELECT * FROM t WHERE a = MISSING|MISSING must be compared using IS operator",
                "INSERT INTO t VALUES ('a')|Unsupported operation: Inserting multiple items in a single statement is"
                        + " not supported, use \"INSERT INTO tableName VALUE item\" instead",
                "INSERT INTO t VALUE {'a': 1}, {'a': 2}|Unsupported operation: Inserting multiple items in a single"
                        + " statement is not supported, use \"INSERT INTO tableName VALUE item\" instead",
                "INSERT INTO t VALUE [1]|Unsupported format in item expression. Please use struct format {...} to"
                        + " express item values for insert statement.",
                "INSERT INTO t VALUE {'a': 1} RETURNING ALL OLD *|RETURNING is not supported in INSERT",
                "INSERT INTO t VALUE {'a': 1, 'a': 2}|Duplicate keys in tuple. Key: a",
                "INSERT INTO t VALUE {a: 1}|Tuple keys must be of type String. Actual type: a",
                "INSERT INTO t VALUE {'a': <<>>}|Empty bags are not supported",
                "UPDATE t SET a = 1|Where clause does not contain a mandatory equality on all key attributes",
                "UPDATE t WHERE pk = 1|" + MALFORMED + "Expected SET or REMOVE, found WHERE",
                "DELETE FROM t|Where clause does not contain a mandatory equality on all key attributes",
                "DELETE FROM t WHERE pk = 1 RETURNING ALL NEW *|Invalid returning clause: RETURNING ALL NEW *. Only"
                        + " RETURNING ALL OLD * is allowed in DELETE statements.",
            })
    void badStatementsGetDynamoDbsValidationErrors(String statement, String message) {
        AwsException e = assertThrows(AwsException.class, () -> StatementParser.parse(statement));
        assertEquals("ValidationException", e.code());
        assertEquals(400, e.status());
        assertEquals(message, e.getMessage());
    }

    @Test
    void existsWrapsASelect() {
        Statement.Exists exists = (Statement.Exists) parse("EXISTS(SELECT * FROM \"t\" WHERE pk = 'k' AND a > 1)");
        assertEquals("t", exists.table());
        assertEquals(
                new Expr.And(new Expr.Compare("=", path("pk"), s("k")), new Expr.Compare(">", path("a"), n("1"))),
                exists.select().where());
        assertEquals(
                MALFORMED + "Expected SELECT, found DELETE",
                assertThrows(AwsException.class, () -> parse("EXISTS(DELETE FROM t WHERE pk = 1)"))
                        .getMessage());
    }

    @Test
    void orderByListsAttributesAscendingUnlessDesc() {
        Statement.Select select = (Statement.Select) parse("SELECT * FROM t WHERE pk = 1 ORDER BY sk DESC, pk ASC");
        assertEquals(
                List.of(new Statement.Ordering(path("sk"), true), new Statement.Ordering(path("pk"), false)),
                select.orderBy());
    }

    @Test
    void returningNeedsItsStar() {
        assertEquals(
                "Expected '*' after ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause",
                assertThrows(
                                AwsException.class,
                                () -> StatementParser.parse("UPDATE t SET a = 1 WHERE pk = 1 RETURNING ALL NEW"))
                        .getMessage());
    }

    @Test
    void anEmptyStatementIsNotWellFormed() {
        assertEquals(
                MALFORMED + "Expected data manipulation",
                assertThrows(AwsException.class, () -> StatementParser.parse("  "))
                        .getMessage());
    }

    @Test
    void setsOfNumbersAndStringsAreBags() {
        Statement.Insert insert = (Statement.Insert) parse("INSERT INTO t VALUE {'ns': <<1, 2>>, 'ss': <<'x'>>}");
        Map<String, Expr.Value> item = ((Expr.MapOf) insert.item()).entries();
        assertEquals(Set.of("ns", "ss"), item.keySet());
        assertEquals(new Expr.SetOf(List.of(n("1"), n("2"))), item.get("ns"));
    }

    @Test
    void nestingDeeperThanAHundredLevelsIsRefusedBeforeItCanExhaustTheStack() {
        String deep = "SELECT * FROM \"T\" WHERE " + "(".repeat(5000) + "a = 1" + ")".repeat(5000);
        AwsException e = assertThrows(AwsException.class, () -> parse(deep));
        assertEquals("ValidationException", e.code());
        assertEquals(
                "Statement wasn't well formed, can't be processed: Statement is nested more than 100 levels deep",
                e.getMessage());
        String list = "INSERT INTO \"T\" VALUE {'pk': " + "[".repeat(5000) + "1" + "]".repeat(5000) + "}";
        assertEquals(
                "ValidationException",
                assertThrows(AwsException.class, () -> parse(list)).code());
        parse("SELECT * FROM \"T\" WHERE " + "(".repeat(90) + "a = 1" + ")".repeat(90));
    }
}

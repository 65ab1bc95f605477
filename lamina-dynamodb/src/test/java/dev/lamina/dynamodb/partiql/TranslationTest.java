package dev.lamina.dynamodb.partiql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.core.AwsException;
import dev.lamina.dynamodb.attribute.AttributeValue;
import dev.lamina.dynamodb.item.ItemWrite;
import dev.lamina.dynamodb.table.KeyAttribute;
import dev.lamina.dynamodb.table.KeySchema;
import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PartiQL statements as the expressions of DynamoDB's own requests: pure, no table. */
class TranslationTest {
    private static final KeySchema KEY = new KeySchema(new KeyAttribute("pk", "S"), new KeyAttribute("sk", "N"));

    private static AttributeValue s(String v) {
        return new AttributeValue.S(v);
    }

    private static AttributeValue n(String v) {
        return new AttributeValue.N(new BigDecimal(v));
    }

    private static Translation.Read read(String statement, AttributeValue... parameters) {
        return Translation.read(
                (Statement.Select) StatementParser.parse(statement).statement(), KEY, List.of(parameters));
    }

    private static Translation.Write write(String statement, AttributeValue... parameters) {
        return Translation.write(StatementParser.parse(statement).statement(), KEY, List.of(parameters));
    }

    @Test
    void aSelectOnTheHashKeyIsAQueryWithTheRestAsItsFilter() {
        Translation.Read read = read("SELECT a, b.c FROM t WHERE x = 1 AND pk = ? AND sk > 3 AND sk < 9", s("k"));
        assertEquals("#n0 = :v0 AND #n1 > :v1", read.keyCondition());
        assertEquals("(#n2 = :v2) AND (#n3 < :v3)", read.filter());
        assertEquals("#n4, #n5.#n6", read.projection());
        assertEquals(
                Map.of("#n0", "pk", "#n1", "sk", "#n2", "x", "#n3", "sk", "#n4", "a", "#n5", "b", "#n6", "c"),
                read.names());
        assertEquals(Map.of(":v0", s("k"), ":v1", n("3"), ":v2", n("1"), ":v3", n("9")), read.values());
    }

    @Test
    void aRangeConditionWrittenAnyWayRoundIsAKeyCondition() {
        assertEquals(
                "#n0 = :v0 AND #n1 >= :v1",
                read("SELECT * FROM t WHERE 'k' = pk AND 2 <= sk").keyCondition());
        assertEquals(
                "#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2",
                read("SELECT * FROM t WHERE pk = 'k' AND sk BETWEEN 1 AND 2").keyCondition());
        assertEquals(
                "#n0 = :v0 AND begins_with(#n1, :v1)",
                read("SELECT * FROM t WHERE pk = 'k' AND begins_with(sk, '1')").keyCondition());
        Translation.Read notKey = read("SELECT * FROM t WHERE pk = 'k' AND sk <> 2");
        assertEquals("#n0 = :v0", notKey.keyCondition());
        assertEquals("#n1 <> :v1", notKey.filter());
    }

    @Test
    void aSelectWithoutAnEqualityOnTheHashKeyIsAScan() {
        Translation.Read scan = read("SELECT * FROM t WHERE pk = 'a' OR pk = 'b'");
        assertNull(scan.keyCondition());
        assertEquals("(#n0 = :v0) OR (#n1 = :v1)", scan.filter());
        assertNull(scan.projection());
        Translation.Read all = read("SELECT * FROM t");
        assertNull(all.keyCondition());
        assertNull(all.filter());
        assertEquals(
                "(attribute_not_exists(#n0)) AND (NOT (#n1 IN (:v0, :v1)))",
                read("SELECT * FROM t WHERE a IS MISSING AND NOT b IN [1, 2]").filter());
    }

    @Test
    void orderByTheRangeKeyDescendingReadsBackwards() {
        assertEquals(true, read("SELECT * FROM t WHERE pk = 'k'").forward());
        assertEquals(
                false, read("SELECT * FROM t WHERE pk = 'k' ORDER BY sk DESC").forward());
        assertEquals(
                true,
                read("SELECT * FROM t WHERE pk = 'k' ORDER BY pk DESC, sk").forward());
        assertEquals(
                "Must have at least one non-optional hash key condition in WHERE clause when using ORDER BY clause.",
                assertThrows(AwsException.class, () -> read("SELECT * FROM t WHERE sk = 1 ORDER BY sk"))
                        .getMessage());
        assertEquals(
                "Variable reference a in ORDER BY clause must be part of the primary key",
                assertThrows(AwsException.class, () -> read("SELECT * FROM t WHERE pk = 'k' ORDER BY a"))
                        .getMessage());
    }

    @Test
    void missingAndNullBecomeFunctions() {
        Translation.Read read = read("SELECT * FROM t WHERE a IS MISSING AND b IS NOT NULL AND missing(c)");
        assertEquals(
                "(attribute_not_exists(#n0)) AND (NOT attribute_type(#n1, :v0)) AND (attribute_not_exists(#n2))",
                read.filter());
        assertEquals(s("NULL"), read.values().get(":v0"));
    }

    @Test
    void anInsertIsAPutThatTheItemMustNotExistFor() {
        Translation.Write insert = write(
                "INSERT INTO t VALUE {'pk': ?, 'sk': 1, 'tags': <<'a', 'b'>>, 'l': [?, {'m': true}]}", s("k"), n("5"));
        assertEquals(ItemWrite.Kind.PUT, insert.action().kind());
        assertEquals("attribute_not_exists(#n0)", insert.action().condition());
        assertEquals(Map.of("#n0", "pk"), insert.action().attributes().names());
        assertEquals(s("k"), insert.action().item().get("pk"));
        assertEquals(n("1"), insert.action().item().get("sk"));
        assertEquals(
                new AttributeValue.SS(new LinkedHashSet<>(List.of("a", "b"))),
                insert.action().item().get("tags"));
        assertEquals(
                new AttributeValue.L(List.of(n("5"), new AttributeValue.M(Map.of("m", new AttributeValue.Bool(true))))),
                insert.action().item().get("l"));
    }

    @Test
    void anUpdateIsAnUpdateItemOfAnItemThatMustExist() {
        Translation.Write update = write(
                "UPDATE t SET a = ?, b = b + 1, c = list_append(c, [1]), s = set_add(s, <<'x'>>) REMOVE d.e[0]"
                        + " WHERE sk = 2 AND pk = ? AND a < 10 RETURNING ALL NEW *",
                s("new"),
                s("k"));
        assertEquals(Map.of("pk", s("k"), "sk", n("2")), update.action().item());
        assertEquals(List.of("pk", "sk"), List.copyOf(update.action().item().keySet()));
        assertEquals(
                "SET #n0 = :v0, #n1 = #n2 + :v1, #n3 = list_append(#n4, :v2) REMOVE #n6.#n7[0] ADD #n5 :v3",
                update.action().update());
        assertEquals("attribute_exists(#n8) AND (#n9 < :v4)", update.action().condition());
        assertEquals("ALL_NEW", update.returnValues());
        assertEquals("s", update.action().attributes().names().get("#n5"));
        assertEquals(
                new AttributeValue.SS(new LinkedHashSet<>(List.of("x"))),
                update.action().attributes().values().get(":v3"));
    }

    @Test
    void aDeleteIsADeleteItemWithTheRestAsItsCondition() {
        Translation.Write delete = write("DELETE FROM t WHERE pk = 'k' AND sk = 1");
        assertEquals(Map.of("pk", s("k"), "sk", n("1")), delete.action().item());
        assertNull(delete.action().condition());
        assertNull(delete.returnValues());
        Translation.Write conditional = write("DELETE FROM t WHERE pk = 'k' AND sk = 1 AND v = 3 RETURNING ALL OLD *");
        assertEquals(
                "attribute_not_exists(#n0) OR (#n1 = :v0)", conditional.action().condition());
        assertEquals("ALL_OLD", conditional.returnValues());
    }

    @Test
    void existsIsAConditionCheckOnAnItemThatMustExist() {
        Translation.Write check = write("EXISTS(SELECT * FROM t WHERE pk = 'k' AND sk = 1 AND size(a) > 2)");
        assertEquals(ItemWrite.Kind.CONDITION_CHECK, check.action().kind());
        assertEquals(Map.of("pk", s("k"), "sk", n("1")), check.action().item());
        assertEquals(
                "attribute_exists(#n0) AND (size(#n1) > :v0)", check.action().condition());
        assertEquals(
                "EXISTS() must contain a single item read with additional condition",
                assertThrows(AwsException.class, () -> write("EXISTS(SELECT * FROM t WHERE pk = 'k' AND sk = 1)"))
                        .getMessage());
        assertEquals(
                "Operations on indices are not supported in transactions",
                assertThrows(AwsException.class, () -> write("EXISTS(SELECT * FROM t.i WHERE pk = 'k' AND a = 1)"))
                        .getMessage());
    }

    @Test
    void writesMustNameTheWholeKeyByEquality() {
        for (String statement : List.of(
                "DELETE FROM t WHERE pk = 'k'",
                "DELETE FROM t WHERE pk = 'k' OR sk = 1",
                "UPDATE t SET a = 1 WHERE pk = 'k' AND sk > 1",
                "UPDATE t SET a = 1 WHERE pk = 'k' AND sk = other")) {
            AwsException e = assertThrows(AwsException.class, () -> write(statement), statement);
            assertEquals("Where clause does not contain a mandatory equality on all key attributes", e.getMessage());
        }
    }

    @Test
    void aKeyReadNamesOneItemAndNothingElse() {
        Statement.Select select = (Statement.Select)
                StatementParser.parse("SELECT a FROM t WHERE pk = ? AND sk = 1").statement();
        Translation.KeyRead read = Translation.keyRead(select, KEY, List.of(s("k")));
        assertEquals(Map.of("pk", s("k"), "sk", n("1")), read.key());
        assertEquals("#n0", read.projection());
        for (String statement :
                List.of("SELECT * FROM t WHERE pk = 'k'", "SELECT * FROM t WHERE pk = 'k' AND sk = 1 AND a = 2")) {
            Statement.Select s =
                    (Statement.Select) StatementParser.parse(statement).statement();
            assertEquals(
                    "Select statements within ExecuteTransaction must specify the primary key in the where clause.",
                    assertThrows(AwsException.class, () -> Translation.keyRead(s, KEY, List.of()))
                            .getMessage());
        }
        Statement.Select index = (Statement.Select) StatementParser.parse("SELECT * FROM t.i WHERE pk = 'k' AND sk = 1")
                .statement();
        assertEquals(
                "Reads on indices are not supported within transactions.",
                assertThrows(AwsException.class, () -> Translation.keyRead(index, KEY, List.of()))
                        .getMessage());
    }

    @Test
    void refusalsNameWhatDynamoDbDoesNotRun() {
        assertEquals(
                "The first argument to SET_ADD must equal the assignment value",
                assertThrows(
                                AwsException.class,
                                () -> write("UPDATE t SET a = set_add(b, <<1>>) WHERE pk = 'k' AND sk = 1"))
                        .getMessage());
        assertEquals(
                "The second argument to SET_DELETE must be a value with type SET",
                assertThrows(
                                AwsException.class,
                                () -> write("UPDATE t SET a = set_delete(a, 1) WHERE pk = 'k' AND sk = 1"))
                        .getMessage());
        assertEquals(
                "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags",
                assertThrows(AwsException.class, () -> write("INSERT INTO t VALUE {'pk': 'k', 's': <<1, 'x'>>}"))
                        .getMessage());
        assertEquals(
                "Unrecognized function: frobnicate",
                assertThrows(AwsException.class, () -> read("SELECT * FROM t WHERE frobnicate(a)"))
                        .getMessage());
        assertEquals(
                "EXISTS can only be used in ExecuteTransaction write requests.",
                assertThrows(AwsException.class, () -> read("SELECT * FROM t WHERE exists(a)"))
                        .getMessage());
        assertEquals(
                "Unsupported format in item expression. Please use struct format {...} to express item values for"
                        + " insert statement.",
                assertThrows(AwsException.class, () -> write("INSERT INTO t VALUE ?", s("x")))
                        .getMessage());
    }
}

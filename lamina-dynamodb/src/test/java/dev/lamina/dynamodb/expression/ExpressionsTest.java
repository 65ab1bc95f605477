package dev.lamina.dynamodb.expression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.core.AwsException;
import dev.lamina.dynamodb.attribute.AttributeDocuments;
import dev.lamina.dynamodb.attribute.AttributeValue;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The expression language parsed and evaluated without a table: conditions, updates, projections, and
 * the messages DynamoDB gives for malformed ones. Examples follow DynamoDB's developer guide (its
 * ProductCatalog item).
 */
class ExpressionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The guide's ProductCatalog item 123, abridged. */
    private static final Map<String, AttributeValue> PRODUCT = item("{'Id':{'N':'123'},'Title':{'S':'Bicycle 123'},"
            + "'Price':{'N':'500'},'Color':{'SS':['Red','Black']},'ProductCategory':{'S':'Bicycle'},"
            + "'InStock':{'BOOL':true},'QuantityOnHand':{'NULL':true},"
            + "'RelatedItems':{'L':[{'N':'341'},{'N':'472'},{'N':'649'}]},"
            + "'Pictures':{'M':{'FrontView':{'S':'http://example.com/front.jpg'},"
            + "'SideView':{'S':'http://example.com/side.jpg'}}},"
            + "'ProductReviews':{'M':{'FiveStar':{'L':[{'S':'Excellent!'},{'S':'Do yourself a favor'}]},"
            + "'OneStar':{'L':[{'S':'Terrible product!'}]}}}}");

    private static Map<String, AttributeValue> item(String json) {
        try {
            return AttributeDocuments.item(JSON.readTree(json.replace('\'', '"')));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ExpressionAttributes attributes(String names, String values) {
        Map<String, String> n = null;
        if (names != null) {
            n = new java.util.LinkedHashMap<>();
            for (String pair : names.split(",")) {
                String[] kv = pair.split("=");
                n.put(kv[0], kv[1]);
            }
        }
        return new ExpressionAttributes(n, values == null ? null : item(values));
    }

    private static boolean test(String condition, String names, String values) {
        ExpressionAttributes attributes = attributes(names, values);
        Condition c = Expressions.condition("ConditionExpression", condition, attributes);
        attributes.checkAllUsed();
        return Evaluator.test(c, PRODUCT);
    }

    private static String refused(Runnable parse) {
        AwsException e = assertThrows(AwsException.class, parse::run);
        assertEquals("ValidationException", e.code());
        return e.getMessage();
    }

    @Test
    void comparatorsOrderNumbersByValueAndStringsByBytes() {
        assertTrue(test("Price > :p", null, "{':p':{'N':'99.5'}}"));
        assertFalse(test("Price < :p", null, "{':p':{'N':'1e2'}}"));
        assertTrue(test("Price = :p", null, "{':p':{'N':'500.00'}}"));
        assertTrue(test("Title >= :t AND Title <= :u", null, "{':t':{'S':'Bicycle'},':u':{'S':'Bicycle 2'}}"));
        // a comparison across types is false, and <> with a missing attribute true
        assertFalse(test("Price > :s", null, "{':s':{'S':'1'}}"));
        assertTrue(test("Absent <> :s", null, "{':s':{'S':'1'}}"));
        assertFalse(test("Absent = :s", null, "{':s':{'S':'1'}}"));
    }

    @Test
    void betweenInAndTheLogicalOperatorsWithTheirPrecedence() {
        assertTrue(test("Price BETWEEN :lo AND :hi", null, "{':lo':{'N':'500'},':hi':{'N':'600'}}"));
        assertTrue(test("ProductCategory IN (:c1, :c2)", null, "{':c1':{'S':'Book'},':c2':{'S':'Bicycle'}}"));
        // AND binds tighter than OR: true OR (false AND false)
        assertTrue(test("Price = :p OR Price = :q AND Id = :q", null, "{':p':{'N':'500'},':q':{'N':'1'}}"));
        assertFalse(test("(Price = :p OR Price = :q) AND Id = :q", null, "{':p':{'N':'500'},':q':{'N':'1'}}"));
        assertTrue(test("NOT Price = :q AND NOT Id = :q", null, "{':q':{'N':'1'}}"));
    }

    @Test
    void functionsOnStringsSetsListsAndPaths() {
        assertTrue(test("attribute_exists(Pictures.SideView)", null, null));
        assertTrue(test("attribute_not_exists(Pictures.RearView)", null, null));
        assertTrue(test("attribute_type(QuantityOnHand, :t)", null, "{':t':{'S':'NULL'}}"));
        assertTrue(test("begins_with(Pictures.FrontView, :v)", null, "{':v':{'S':'http://'}}"));
        assertTrue(test("contains(Color, :c)", null, "{':c':{'S':'Red'}}"));
        assertTrue(test("contains(Title, :c)", null, "{':c':{'S':'cle 1'}}"));
        assertTrue(test("contains(RelatedItems, :r)", null, "{':r':{'N':'472'}}"));
        assertTrue(test("size(ProductReviews.FiveStar) = :two", null, "{':two':{'N':'2'}}"));
        assertTrue(test("size(Title) > :n", null, "{':n':{'N':'10'}}"));
        assertTrue(test("RelatedItems[1] = :r", null, "{':r':{'N':'472'}}"));
        assertTrue(test("#pr.#1star[0] = :t", "#pr=ProductReviews,#1star=OneStar", "{':t':{'S':'Terrible product!'}}"));
    }

    @Test
    void namesAndValuesMustBeDefinedAndUsed() {
        assertEquals(
                "Invalid ConditionExpression: An expression attribute value used in expression is not defined;"
                        + " attribute value: :nope",
                refused(() -> test("Price = :nope", null, "{':p':{'N':'1'}}")));
        assertEquals(
                "Invalid ConditionExpression: An expression attribute name used in the document path is not defined;"
                        + " attribute name: #nope",
                refused(() -> test("#nope = :p", "#p=Price", "{':p':{'N':'1'}}")));
        assertEquals(
                "Value provided in ExpressionAttributeValues unused in expressions: keys: {:extra}",
                refused(() -> test("Price = :p", null, "{':p':{'N':'1'},':extra':{'N':'2'}}")));
        assertEquals(
                "Value provided in ExpressionAttributeNames unused in expressions: keys: {#x}",
                refused(() -> test("Price = :p", "#x=Title", "{':p':{'N':'1'}}")));
        assertEquals(
                "ExpressionAttributeValues contains invalid key: Syntax error; key: \"p\"",
                refused(() -> test("Price = :p", null, "{'p':{'N':'1'}}")));
        assertEquals(
                "ExpressionAttributeNames contains invalid key: Syntax error; key: \"#a-b\"",
                refused(() -> test("Price = :p", "#a-b=Price", "{':p':{'N':'1'}}")));
        assertEquals(
                "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: Name",
                refused(() -> test("Name = :p", null, "{':p':{'N':'1'}}")));
    }

    @Test
    void malformedExpressionsGetDynamoDbsMessages() {
        assertEquals(
                "Invalid ConditionExpression: Syntax error; token: \"=\", near: \"= = :p\"",
                refused(() -> test("Price = = :p", null, "{':p':{'N':'1'}}")));
        // a syntax error is reported before a reserved word or an undefined value seen on the way
        assertEquals(
                "Invalid ConditionExpression: Syntax error; token: \")\", near: \":nope)\"",
                refused(() -> test("Name = :nope)", null, null)));
        assertEquals(
                "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"=\"",
                refused(() -> test("Price =", null, null)));
        assertEquals(
                "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to"
                        + " lower bound; lower bound operand: AttributeValue: {N:5}, upper bound operand:"
                        + " AttributeValue: {N:1}",
                refused(() -> test("Price BETWEEN :a AND :b", null, "{':a':{'N':'5'},':b':{'N':'1'}}")));
        assertEquals(
                "Invalid ConditionExpression: Invalid function name; function: exists",
                refused(() -> test("exists(Price)", null, null)));
        assertEquals(
                "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or"
                        + " function: attribute_exists, number of operands: 2",
                refused(() -> test("attribute_exists(Price, Id)", null, null)));
        assertEquals(
                "Invalid ConditionExpression: The expression can not be empty;", refused(() -> test(" ", null, null)));
    }

    private static Map<String, AttributeValue> update(String expression, String values) {
        ExpressionAttributes attributes = attributes(null, values);
        UpdateActions actions = Expressions.update(expression, attributes);
        attributes.checkAllUsed();
        return Updater.apply(actions, PRODUCT);
    }

    @Test
    void setComputesOnTheOldItemWithArithmeticIfNotExistsAndListAppend() {
        Map<String, AttributeValue> out = update(
                "SET Price = Price - :d, Rating = if_not_exists(Rating, :zero), RelatedItems = list_append(:first,"
                        + " RelatedItems), Pictures.RearView = :url, ProductReviews.OneStar[5] = :r",
                "{':d':{'N':'0.5'},':zero':{'N':'0'},':first':{'L':[{'N':'1'}]},':url':{'S':'u'},':r':{'S':'Meh'}}");
        assertEquals(item("{'p':{'N':'499.5'}}").get("p"), out.get("Price"));
        assertEquals(item("{'p':{'N':'0'}}").get("p"), out.get("Rating"));
        assertEquals(
                item("{'l':{'L':[{'N':'1'},{'N':'341'},{'N':'472'},{'N':'649'}]}}")
                        .get("l"),
                out.get("RelatedItems"));
        assertEquals(
                item("{'u':{'S':'u'}}").get("u"),
                Evaluator.read(
                        out,
                        new DocumentPath(java.util.List.of(
                                new DocumentPath.Name("Pictures"), new DocumentPath.Name("RearView")))));
        // an index past the end appends
        assertEquals(
                item("{'l':{'L':[{'S':'Terrible product!'},{'S':'Meh'}]}}").get("l"),
                ((AttributeValue.M) out.get("ProductReviews")).value().get("OneStar"));
    }

    @Test
    void removeAddAndDelete() {
        Map<String, AttributeValue> out = update(
                "REMOVE RelatedItems[0], RelatedItems[2], InStock ADD Price :n, Color :more DELETE Tags :none",
                "{':n':{'N':'-100'},':more':{'SS':['Blue']},':none':{'SS':['x']}}");
        assertEquals(item("{'l':{'L':[{'N':'472'}]}}").get("l"), out.get("RelatedItems"));
        assertFalse(out.containsKey("InStock"));
        assertEquals(item("{'p':{'N':'400'}}").get("p"), out.get("Price"));
        assertEquals(item("{'c':{'SS':['Red','Black','Blue']}}").get("c"), out.get("Color"));
        Map<String, AttributeValue> emptied = update("DELETE Color :all", "{':all':{'SS':['Red','Black']}}");
        assertFalse(emptied.containsKey("Color"), "a set emptied by DELETE goes");
    }

    @Test
    void malformedUpdatesAreRefused() {
        assertEquals(
                "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand"
                        + " type: STRING",
                refused(() -> update("ADD Price :s", "{':s':{'S':'x'}}")));
        assertEquals(
                "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of"
                        + " these paths; path one: [Pictures], path two: [Pictures, FrontView]",
                refused(() -> update("SET Pictures = :s REMOVE Pictures.FrontView", "{':s':{'S':'x'}}")));
        assertEquals(
                "Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;",
                refused(() -> update("SET Price = :s SET Title = :s", "{':s':{'S':'x'}}")));
        assertEquals(
                "An operand in the update expression has an incorrect data type",
                refused(() -> update("SET Price = Title + :n", "{':n':{'N':'1'}}")));
        assertEquals(
                "The provided expression refers to an attribute that does not exist in the item",
                refused(() -> update("SET Price = Nothing + :n", "{':n':{'N':'1'}}")));
        assertEquals(
                "The document path provided in the update expression is invalid for update",
                refused(() -> update("SET Nothing.deeper = :n", "{':n':{'N':'1'}}")));
    }

    @Test
    void projectionsKeepNestedPathsAndCloseUpListGaps() {
        ExpressionAttributes none = ExpressionAttributes.none();
        Map<String, AttributeValue> out = Projection.of(
                PRODUCT, Expressions.projection("Title, RelatedItems[2], ProductReviews.FiveStar[1], Nothing", none));
        assertEquals(
                item("{'Title':{'S':'Bicycle 123'},'RelatedItems':{'L':[{'N':'649'}]},"
                        + "'ProductReviews':{'M':{'FiveStar':{'L':[{'S':'Do yourself a favor'}]}}}}"),
                out);
    }
}

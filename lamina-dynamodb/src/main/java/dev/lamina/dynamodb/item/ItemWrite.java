package dev.lamina.dynamodb.item;

import dev.lamina.dynamodb.attribute.AttributeValue;
import dev.lamina.dynamodb.expression.ExpressionAttributes;
import java.util.Map;

/**
 * One write action on one item, as TransactWriteItems names it and as a PartiQL write statement
 * translates to: a put, an update, a delete or a condition check.
 *
 * @param item the item to put (PUT), or the key (the others)
 * @param update the UpdateExpression (UPDATE; {@code null} otherwise)
 * @param condition the ConditionExpression ({@code null}: none; required for CONDITION_CHECK)
 * @param returnOldOnFailure whether a failed condition answers the item (ALL_OLD)
 * @param refusal the cancellation reason a failed condition gives in a transaction
 */
public record ItemWrite(
        Kind kind,
        String table,
        Map<String, AttributeValue> item,
        String update,
        String condition,
        ExpressionAttributes attributes,
        boolean returnOldOnFailure,
        Refusal refusal) {

    /** What a write action does. */
    public enum Kind {
        PUT,
        UPDATE,
        DELETE,
        CONDITION_CHECK
    }

    /**
     * The code and message of a cancellation reason for a failed condition: TransactWriteItems' own,
     * or PartiQL's for an INSERT whose item exists ({@code DuplicateItem}).
     */
    public record Refusal(String code, String message) {
        public static final Refusal CONDITION_FAILED =
                new Refusal("ConditionalCheckFailed", "The conditional request failed");
    }
}

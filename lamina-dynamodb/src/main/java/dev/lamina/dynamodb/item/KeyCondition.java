package dev.lamina.dynamodb.item;

import dev.lamina.core.AwsException;
import dev.lamina.dynamodb.attribute.AttributeValue;
import dev.lamina.dynamodb.attribute.KeyEncoding;
import dev.lamina.dynamodb.expression.Condition;
import dev.lamina.dynamodb.expression.Operand;
import dev.lamina.dynamodb.table.DynamoDbErrors;
import dev.lamina.dynamodb.table.KeyAttribute;
import dev.lamina.dynamodb.table.KeySchema;
import java.util.ArrayList;
import java.util.List;

/**
 * A Query's KeyConditionExpression as what it selects: one partition (the hash key's value) and a
 * range of range-key bytes. DynamoDB allows {@code hash = :v}, optionally {@code AND} one condition on
 * the range key ({@code =}, {@code <}, {@code <=}, {@code >}, {@code >=}, {@code BETWEEN},
 * {@code begins_with}); anything else is refused with its messages.
 */
public record KeyCondition(AttributeValue hash, KeyRange range) {

    /** What {@code condition} selects under {@code schema}. */
    public static KeyCondition of(Condition condition, KeySchema schema) {
        List<Condition> parts = new ArrayList<>();
        flatten(condition, parts);
        AttributeValue hash = null;
        KeyRange range = KeyRange.ALL;
        boolean rangeSeen = false;
        for (Condition part : parts) {
            String attribute = attribute(part);
            if (attribute.equals(schema.hash().name())) {
                if (hash != null) {
                    throw AwsException.validation("KeyConditionExpressions must only contain one condition per key");
                }
                if (!(part instanceof Condition.Compare c) || !c.operator().equals("=")) {
                    throw AwsException.validation("Query key condition not supported");
                }
                hash = typed(schema.hash(), value(c.right()));
            } else if (schema.range() != null && attribute.equals(schema.range().name())) {
                if (rangeSeen) {
                    throw AwsException.validation("KeyConditionExpressions must only contain one condition per key");
                }
                rangeSeen = true;
                range = range(part, schema.range());
            } else {
                throw AwsException.validation("Query condition missed key schema element: "
                        + (schema.range() == null
                                ? schema.hash().name()
                                : schema.range().name()));
            }
        }
        if (hash == null) {
            throw AwsException.validation("Query condition missed key schema element: "
                    + schema.hash().name());
        }
        return new KeyCondition(hash, range);
    }

    private static void flatten(Condition c, List<Condition> out) {
        switch (c) {
            case Condition.And and -> {
                flatten(and.left(), out);
                flatten(and.right(), out);
            }
            case Condition.Or ignored ->
                throw AwsException.validation("Invalid operator used in KeyConditionExpression: OR");
            case Condition.Not ignored ->
                throw AwsException.validation("Invalid operator used in KeyConditionExpression: NOT");
            case Condition.In ignored ->
                throw AwsException.validation("Invalid operator used in KeyConditionExpression: IN");
            default -> out.add(c);
        }
    }

    /** The key attribute a part is about: its first operand must be a top-level path. */
    private static String attribute(Condition part) {
        Operand first = switch (part) {
            case Condition.Compare c -> c.left();
            case Condition.Between b -> b.operand();
            case Condition.Function f
            when f.name().equals("begins_with") -> f.arguments().getFirst();
            case Condition.Function f ->
                throw AwsException.validation("Invalid operator used in KeyConditionExpression: " + f.name());
            default -> throw AwsException.validation("Query key condition not supported");
        };
        if (!(first instanceof Operand.Path p) || p.path().elements().size() != 1) {
            throw AwsException.validation("Query key condition not supported");
        }
        if (part instanceof Condition.Compare c && c.operator().equals("<>")) {
            throw AwsException.validation("Unsupported operator in KeyConditionExpression: <>");
        }
        return p.path().attribute();
    }

    private static KeyRange range(Condition part, KeyAttribute key) {
        return switch (part) {
            case Condition.Compare c -> {
                byte[] v = KeyEncoding.encode(typed(key, value(c.right())));
                yield switch (c.operator()) {
                    case "=" -> new KeyRange(v, true, v, true);
                    case "<" -> new KeyRange(null, false, v, false);
                    case "<=" -> new KeyRange(null, false, v, true);
                    case ">" -> new KeyRange(v, false, null, false);
                    default -> new KeyRange(v, true, null, false);
                };
            }
            case Condition.Between b ->
                new KeyRange(
                        KeyEncoding.encode(typed(key, value(b.low()))),
                        true,
                        KeyEncoding.encode(typed(key, value(b.high()))),
                        true);
            case Condition.Function f -> {
                AttributeValue prefix = typed(key, value(f.arguments().get(1)));
                if (prefix instanceof AttributeValue.N) {
                    throw AwsException.validation("Invalid KeyConditionExpression: Incorrect operand type for operator"
                            + " or function; operator or function: begins_with, operand type: NUMBER");
                }
                yield KeyRange.prefix(KeyEncoding.encode(prefix));
            }
            default -> throw AwsException.validation("Query key condition not supported");
        };
    }

    private static AttributeValue value(Operand operand) {
        if (operand instanceof Operand.Value v) {
            return v.value();
        }
        throw AwsException.validation("Query key condition not supported");
    }

    private static AttributeValue typed(KeyAttribute key, AttributeValue value) {
        if (!value.type().equals(key.type())) {
            throw DynamoDbErrors.invalid("Condition parameter type does not match schema type");
        }
        return value;
    }
}

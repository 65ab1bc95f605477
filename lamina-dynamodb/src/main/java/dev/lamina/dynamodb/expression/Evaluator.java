package dev.lamina.dynamodb.expression;

import dev.lamina.core.AwsException;
import dev.lamina.dynamodb.attribute.AttributeValue;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Evaluates conditions against an item, as DynamoDB does: a comparison with an attribute the item lacks
 * is false ({@code <>} true), and so is one between values of different types; {@code <}, {@code <=},
 * {@code >}, {@code >=} and {@code BETWEEN} order numbers by value and strings and binaries by their
 * bytes. Pure; safe from any thread.
 */
public final class Evaluator {
    private Evaluator() {}

    /** Whether {@code item} (empty when there is none) meets {@code condition}. */
    public static boolean test(Condition condition, Map<String, AttributeValue> item) {
        return switch (condition) {
            case Condition.And and -> test(and.left(), item) && test(and.right(), item);
            case Condition.Or or -> test(or.left(), item) || test(or.right(), item);
            case Condition.Not not -> !test(not.condition(), item);
            case Condition.Compare c -> compare(c.operator(), value(c.left(), item), value(c.right(), item));
            case Condition.Between b -> {
                AttributeValue v = value(b.operand(), item);
                yield compare(">=", v, value(b.low(), item)) && compare("<=", v, value(b.high(), item));
            }
            case Condition.In in -> {
                AttributeValue v = value(in.operand(), item);
                yield v != null && in.candidates().stream().anyMatch(c -> v.equals(value(c, item)));
            }
            case Condition.Function f -> function(f, item);
        };
    }

    private static boolean function(Condition.Function f, Map<String, AttributeValue> item) {
        List<Operand> args = f.arguments();
        AttributeValue first = value(args.getFirst(), item);
        return switch (f.name()) {
            case "attribute_exists" -> first != null;
            case "attribute_not_exists" -> first == null;
            case "attribute_type" ->
                first != null && first.type().equals(((AttributeValue.S) value(args.get(1), item)).value());
            case "begins_with" -> {
                AttributeValue prefix = value(args.get(1), item);
                if (first instanceof AttributeValue.S s && prefix instanceof AttributeValue.S p) {
                    yield s.value().startsWith(p.value());
                }
                if (first instanceof AttributeValue.B b && prefix instanceof AttributeValue.B p) {
                    byte[] bytes = b.value().bytes();
                    byte[] start = p.value().bytes();
                    yield bytes.length >= start.length && Arrays.equals(bytes, 0, start.length, start, 0, start.length);
                }
                yield false;
            }
            case "contains" -> contains(first, value(args.get(1), item));
            default -> throw new IllegalStateException("not a condition function: " + f.name());
        };
    }

    private static boolean contains(AttributeValue in, AttributeValue what) {
        if (in == null || what == null) {
            return false;
        }
        return switch (in) {
            case AttributeValue.S s ->
                what instanceof AttributeValue.S w && s.value().contains(w.value());
            case AttributeValue.B b ->
                what instanceof AttributeValue.B w
                        && new String(b.value().bytes(), StandardCharsets.ISO_8859_1)
                                .contains(new String(w.value().bytes(), StandardCharsets.ISO_8859_1));
            case AttributeValue.SS ss ->
                what instanceof AttributeValue.S w && ss.value().contains(w.value());
            case AttributeValue.NS ns ->
                what instanceof AttributeValue.N w && ns.value().contains(w.value());
            case AttributeValue.BS bs ->
                what instanceof AttributeValue.B w && bs.value().contains(w.value());
            case AttributeValue.L l -> l.value().contains(what);
            default -> false;
        };
    }

    static boolean compare(String operator, AttributeValue left, AttributeValue right) {
        if (left == null || right == null) {
            return operator.equals("<>");
        }
        switch (operator) {
            case "=" -> {
                return left.equals(right);
            }
            case "<>" -> {
                return !left.equals(right);
            }
            default -> {
                if (!left.type().equals(right.type()) || !orderable(left)) {
                    return false;
                }
                int c = compare(left, right);
                return switch (operator) {
                    case "<" -> c < 0;
                    case "<=" -> c <= 0;
                    case ">" -> c > 0;
                    case ">=" -> c >= 0;
                    default -> throw new IllegalStateException("not a comparator: " + operator);
                };
            }
        }
    }

    private static boolean orderable(AttributeValue v) {
        return v instanceof AttributeValue.S || v instanceof AttributeValue.N || v instanceof AttributeValue.B;
    }

    /**
     * Orders two values of one scalar type as DynamoDB orders range keys; values of other types or of
     * different types compare as equal (callers check types first).
     */
    public static int compare(AttributeValue left, AttributeValue right) {
        if (left instanceof AttributeValue.N a && right instanceof AttributeValue.N b) {
            return a.value().compareTo(b.value());
        }
        if (left instanceof AttributeValue.S a && right instanceof AttributeValue.S b) {
            return Arrays.compareUnsigned(
                    a.value().getBytes(StandardCharsets.UTF_8), b.value().getBytes(StandardCharsets.UTF_8));
        }
        if (left instanceof AttributeValue.B a && right instanceof AttributeValue.B b) {
            return a.value().compareTo(b.value());
        }
        return 0;
    }

    /** An operand's value on {@code item}; {@code null} when it names nothing there. */
    static AttributeValue value(Operand operand, Map<String, AttributeValue> item) {
        return switch (operand) {
            case Operand.Value v -> v.value();
            case Operand.Path p -> read(item, p.path());
            case Operand.Size s -> {
                AttributeValue v = read(item, s.path());
                Integer size = switch (v) {
                    case null -> null;
                    case AttributeValue.S str ->
                        str.value().codePointCount(0, str.value().length());
                    case AttributeValue.B b -> b.value().bytes().length;
                    case AttributeValue.SS set -> set.value().size();
                    case AttributeValue.NS set -> set.value().size();
                    case AttributeValue.BS set -> set.value().size();
                    case AttributeValue.L l -> l.value().size();
                    case AttributeValue.M m -> m.value().size();
                    default -> null;
                };
                yield size == null ? null : new AttributeValue.N(BigDecimal.valueOf(size));
            }
            case Operand.IfNotExists f ->
                Objects.requireNonNullElseGet(read(item, f.path()), () -> value(f.fallback(), item));
            case Operand.ListAppend a -> {
                AttributeValue first = value(a.first(), item);
                AttributeValue second = value(a.second(), item);
                if (first == null || second == null) {
                    throw missing();
                }
                if (!(first instanceof AttributeValue.L l1) || !(second instanceof AttributeValue.L l2)) {
                    throw wrongType();
                }
                List<AttributeValue> joined = new java.util.ArrayList<>(l1.value());
                joined.addAll(l2.value());
                yield new AttributeValue.L(joined);
            }
            case Operand.Arithmetic a -> {
                AttributeValue left = value(a.left(), item);
                AttributeValue right = value(a.right(), item);
                if (left == null || right == null) {
                    throw missing();
                }
                if (!(left instanceof AttributeValue.N l) || !(right instanceof AttributeValue.N r)) {
                    throw wrongType();
                }
                yield new AttributeValue.N(dev.lamina.dynamodb.attribute.Numbers.check(
                        a.plus() ? l.value().add(r.value()) : l.value().subtract(r.value())));
            }
        };
    }

    static AwsException missing() {
        return AwsException.validation(
                "The provided expression refers to an attribute that does not exist in the item");
    }

    static AwsException wrongType() {
        return AwsException.validation("An operand in the update expression has an incorrect data type");
    }

    /** What {@code path} names in {@code item}, or {@code null}. */
    public static AttributeValue read(Map<String, AttributeValue> item, DocumentPath path) {
        AttributeValue at = item.get(path.attribute());
        for (DocumentPath.Element e : path.elements().subList(1, path.elements().size())) {
            at = switch (e) {
                case DocumentPath.Name n ->
                    at instanceof AttributeValue.M m ? m.value().get(n.name()) : null;
                case DocumentPath.Index i ->
                    at instanceof AttributeValue.L l && i.index() < l.value().size()
                            ? l.value().get(i.index())
                            : null;
            };
            if (at == null) {
                return null;
            }
        }
        return at;
    }

    /** A type's name as DynamoDB's operand errors spell it: {@code STRING}, {@code NUMBER_SET}, ... */
    static String longType(AttributeValue v) {
        return switch (v.type()) {
            case "S" -> "STRING";
            case "N" -> "NUMBER";
            case "B" -> "BINARY";
            case "BOOL" -> "BOOLEAN";
            case "NULL" -> "NULL";
            case "M" -> "MAP";
            case "L" -> "LIST";
            case "SS" -> "STRING_SET";
            case "NS" -> "NUMBER_SET";
            default -> "BINARY_SET";
        };
    }
}

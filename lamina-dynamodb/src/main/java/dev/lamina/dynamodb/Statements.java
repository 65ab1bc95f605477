package dev.lamina.dynamodb;

import dev.lamina.core.AwsException;
import dev.lamina.dynamodb.attribute.AttributeValue;
import dev.lamina.dynamodb.item.ItemWrite;
import dev.lamina.dynamodb.partiql.Statement;
import dev.lamina.dynamodb.partiql.StatementParser;
import dev.lamina.dynamodb.partiql.Translation;
import dev.lamina.dynamodb.table.KeySchema;
import dev.lamina.dynamodb.table.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * PartiQL for DynamoDB: ExecuteStatement, BatchExecuteStatement and ExecuteTransaction. A statement
 * is parsed ({@link StatementParser}), translated against its table's key ({@link Translation}) and
 * run by the operation DynamoDB's API would use: Query or Scan through {@link Searches}, PutItem,
 * UpdateItem and DeleteItem through {@link Items}, transactions through {@link ItemTransactions}. So a
 * PartiQL write takes the one write path (conditions, indexes, stream records) and a PartiQL read the
 * one read path; there is no second evaluator. Called on request threads.
 */
public final class Statements {
    private final Items items;
    private final Searches searches;
    private final ItemTransactions transactions;

    public Statements(Items items, Searches searches, ItemTransactions transactions) {
        this.items = items;
        this.searches = searches;
        this.transactions = transactions;
    }

    /** One statement with its parameters ({@code ?} in order) and read consistency. */
    public record Request(String statement, List<AttributeValue> parameters, boolean consistentRead) {
        public Request {
            parameters = parameters == null ? List.of() : List.copyOf(parameters);
        }
    }

    /**
     * What ExecuteStatement answers: the items read (or, for a write with RETURNING, the one item), and
     * where a read stopped ({@code null}: it read everything).
     */
    public record Result(List<Map<String, AttributeValue>> items, Map<String, AttributeValue> lastEvaluatedKey) {}

    /** One statement's answer in a batch: an item (a read that found one), or an error, or neither. */
    public record Outcome(Map<String, AttributeValue> item, String table, String errorCode, String errorMessage) {}

    /**
     * ExecuteStatement.
     *
     * @param limit the most items a read evaluates ({@code null}: up to 1 MB)
     * @param exclusiveStartKey where a read resumes ({@code null}: at the start)
     * @param onConditionCheckFailure ReturnValuesOnConditionCheckFailure ({@code null}: NONE)
     */
    public Result execute(
            Request request,
            Integer limit,
            Map<String, AttributeValue> exclusiveStartKey,
            String onConditionCheckFailure) {
        Statement statement = parse(request);
        if (statement instanceof Statement.Select select) {
            Translation.Read read = Translation.read(select, keyOf(select), request.parameters());
            Searches.Reading reading = new Searches.Reading(
                    read.table(),
                    read.index(),
                    read.filter(),
                    read.projection(),
                    read.attributes(),
                    limit,
                    exclusiveStartKey,
                    null,
                    request.consistentRead());
            Searches.Page page = read.keyCondition() == null
                    ? searches.scan(reading, null, null)
                    : searches.query(reading, read.keyCondition(), read.forward());
            return new Result(page.items(), page.lastEvaluatedKey());
        }
        Translation.Write write =
                Translation.write(statement, table(statement.table()).key(), request.parameters());
        Map<String, AttributeValue> returned = write(write, onConditionCheckFailure);
        return new Result(returned.isEmpty() ? List.of() : List.of(returned), null);
    }

    /**
     * BatchExecuteStatement: each statement on its own (not a transaction), its failure its own
     * outcome. All reads (each of one item by its whole key) or all writes.
     */
    public List<Outcome> batch(List<Request> requests) {
        List<Statement> parsed = new ArrayList<>();
        List<AwsException> refused = new ArrayList<>();
        for (Request r : requests) {
            try {
                parsed.add(parse(r));
                refused.add(null);
            } catch (AwsException e) {
                parsed.add(null);
                refused.add(e);
            }
        }
        long reads = parsed.stream().filter(s -> s instanceof Statement.Select).count();
        long writes = parsed.stream()
                .filter(s -> s != null && !(s instanceof Statement.Select))
                .count();
        if (reads > 0 && writes > 0) {
            throw AwsException.validation("Batch operations must be either all reads or all writes");
        }
        List<Outcome> out = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            Statement statement = parsed.get(i);
            if (statement == null) {
                out.add(failed(null, refused.get(i)));
                continue;
            }
            String table = statement.table();
            try {
                if (statement instanceof Statement.Select select) {
                    Translation.KeyRead read = Translation.keyRead(
                            select, keyOf(select), requests.get(i).parameters());
                    Map<String, AttributeValue> item = items.get(
                                    read.table(), read.key(), read.projection(), read.attributes())
                            .orElse(null);
                    out.add(new Outcome(item, null, null, null));
                } else {
                    write(
                            Translation.write(
                                    statement,
                                    table(table).key(),
                                    requests.get(i).parameters()),
                            null);
                    out.add(new Outcome(null, null, null, null));
                }
            } catch (AwsException e) {
                out.add(failed(table, e));
            }
        }
        return out;
    }

    /**
     * ExecuteTransaction: reads of whole keys, or writes, all or nothing through {@link ItemTransactions}
     * (a failed condition cancels the transaction with a reason per statement; an INSERT of an item that
     * exists gives {@code DuplicateItem}). Answers each read's item (empty: none); writes answer nothing.
     */
    public List<Optional<Map<String, AttributeValue>>> transaction(List<Request> requests) {
        List<Statement> parsed = requests.stream().map(this::parse).toList();
        boolean anyRead = parsed.stream().anyMatch(s -> s instanceof Statement.Select);
        boolean anyWrite = parsed.stream().anyMatch(s -> !(s instanceof Statement.Select));
        if (anyRead && anyWrite) {
            throw AwsException.validation(
                    "ExecuteTransaction API does not support both read and write operations in the same request.");
        }
        if (anyRead) {
            List<ItemTransactions.Get> gets = new ArrayList<>();
            for (int i = 0; i < parsed.size(); i++) {
                Statement.Select select = (Statement.Select) parsed.get(i);
                Translation.KeyRead read = Translation.keyRead(
                        select, keyOf(select), requests.get(i).parameters());
                gets.add(new ItemTransactions.Get(read.table(), read.key(), read.projection(), read.attributes()));
            }
            return transactions.get(gets);
        }
        if (parsed.stream()
                .anyMatch(s -> (s instanceof Statement.Update u && u.returning() != null)
                        || (s instanceof Statement.Delete d && d.returning() != null))) {
            throw AwsException.validation("RETURNING is not supported in ExecuteTransaction");
        }
        List<ItemWrite> writes = new ArrayList<>();
        for (int i = 0; i < parsed.size(); i++) {
            Statement statement = parsed.get(i);
            writes.add(Translation.write(
                            statement,
                            table(statement.table()).key(),
                            requests.get(i).parameters())
                    .action());
        }
        transactions.write(writes);
        return List.of();
    }

    /** The item a write returns (RETURNING), or none. */
    private Map<String, AttributeValue> write(Translation.Write write, String onConditionCheckFailure) {
        Items.Returns returns = Items.Returns.of(write.returnValues(), onConditionCheckFailure);
        ItemWrite w = write.action();
        return switch (w.kind()) {
            case PUT -> {
                try {
                    yield items.put(w.table(), w.item(), w.condition(), w.attributes(), Items.Returns.of(null, null));
                } catch (AwsException e) {
                    if (e.code().equals("ConditionalCheckFailedException")) {
                        throw new AwsException(400, "DuplicateItemException", Translation.DUPLICATE);
                    }
                    throw e;
                }
            }
            case UPDATE -> items.update(w.table(), w.item(), w.update(), w.condition(), w.attributes(), returns);
            case DELETE -> items.delete(w.table(), w.item(), w.condition(), w.attributes(), returns);
            case CONDITION_CHECK ->
                throw AwsException.validation("EXISTS can only be used in ExecuteTransaction write requests.");
        };
    }

    private Statement parse(Request request) {
        StatementParser.Parsed parsed = StatementParser.parse(request.statement());
        if (parsed.parameters() != request.parameters().size()) {
            throw AwsException.validation("Number of parameters in request and statement don't match.");
        }
        return parsed.statement();
    }

    /** The key a SELECT reads by: its index's, or its table's. */
    private KeySchema keyOf(Statement.Select select) {
        Table table = table(select.table());
        if (select.index() == null) {
            return table.key();
        }
        Table.Index index = table.index(select.index());
        if (index == null) {
            throw AwsException.validation("The table does not have the specified index: " + select.index());
        }
        return index.key();
    }

    private Table table(String name) {
        return items.table(name);
    }

    private static Outcome failed(String table, AwsException e) {
        return new Outcome(null, table, errorCode(e), e.getMessage());
    }

    /** A batch statement's error code: the exception's name without {@code Exception}, as DynamoDB's enum has it. */
    static String errorCode(AwsException e) {
        return switch (e.code()) {
            case "ValidationException" -> "ValidationError";
            case "ConditionalCheckFailedException" -> "ConditionalCheckFailed";
            case "DuplicateItemException" -> "DuplicateItem";
            case "ResourceNotFoundException" -> "ResourceNotFound";
            case "TransactionConflictException" -> "TransactionConflict";
            case "AccessDeniedException" -> "AccessDenied";
            default -> "InternalServerError";
        };
    }
}

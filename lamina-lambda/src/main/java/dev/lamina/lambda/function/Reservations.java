package dev.lamina.lambda.function;

import dev.lamina.core.AwsException;
import dev.lamina.lambda.LambdaErrors;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reserved concurrency per function (Put/Get/DeleteFunctionConcurrency): a cap and a guarantee, carved
 * out of the node's concurrency limit, which must keep a minimum unreserved (100 on Lambda, less on
 * a small node). Reads are map lookups for the invoke path; changes are persisted first.
 */
public final class Reservations implements FunctionRegistry.Listener {
    private final FunctionStore store;
    private final FunctionRegistry functions;
    private final int limit;
    private final Map<String, Integer> reserved = new ConcurrentHashMap<>();
    private volatile int total;

    public Reservations(FunctionStore store, FunctionRegistry functions, int limit) {
        this.store = store;
        this.functions = functions;
        this.limit = limit;
        reserved.putAll(store.reservedConcurrency());
        recount();
        functions.addListener(this);
    }

    /** The node's concurrency limit, which reservations are carved out of. */
    public int limit() {
        return limit;
    }

    public int minimumUnreserved() {
        return Math.min(100, limit / 10);
    }

    /** A function's reservation, or {@code null} when it has none. */
    public Integer of(String name) {
        return reserved.get(name);
    }

    /** The sum of all reservations; read on every invoke, so kept rather than summed. */
    public int total() {
        return total;
    }

    private synchronized void recount() {
        int sum = 0;
        for (int r : reserved.values()) {
            sum += r;
        }
        total = sum;
    }

    public synchronized int put(String name, int value) {
        try {
            functions.get(name);
        } catch (AwsException e) {
            throw AwsException.notFound(
                    "Function not found: " + functions.arns().functionArn(name, FunctionRegistry.LATEST));
        }
        if (value < 0) {
            throw LambdaErrors.invalidParameter("1 validation error detected: Value '" + value
                    + "' at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must have value"
                    + " greater than or equal to 0");
        }
        int others = total() - reserved.getOrDefault(name, 0);
        if (limit - others - value < minimumUnreserved()) {
            throw LambdaErrors.invalidParameter("Specified ReservedConcurrentExecutions for function decreases"
                    + " account's UnreservedConcurrentExecution below its minimum value of [" + minimumUnreserved()
                    + "].");
        }
        store.putReservedConcurrency(name, value);
        reserved.put(name, value);
        recount();
        return value;
    }

    public synchronized void delete(String name) {
        functions.get(name);
        store.putReservedConcurrency(name, null);
        reserved.remove(name);
        recount();
    }

    /** A deleted function loses its reservation (its row went with it). */
    @Override
    public void changed(String functionName) {
        try {
            functions.get(functionName);
        } catch (AwsException gone) {
            if (reserved.remove(functionName) != null) {
                recount();
            }
        }
    }
}

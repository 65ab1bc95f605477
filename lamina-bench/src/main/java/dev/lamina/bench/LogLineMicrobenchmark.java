package dev.lamina.bench;

import dev.lamina.it.TestNode;
import dev.lamina.lambda.environment.PlatformLines;
import dev.lamina.logs.LogStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The platform lines every invocation writes (START, END, REPORT: {@link PlatformLines}) and one line
 * through the log store ({@link LogStore#append} queues it, its writer thread writes it), in a
 * temporary directory deleted at the end.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LogLineMicrobenchmark {
    private static final String REQUEST_ID = "8476a536-e9f4-11e8-9739-2dfe598c3fcd";
    private static final int BATCH = 1000;
    private static final String REPORT = PlatformLines.report(REQUEST_ID, 1.2345, 2, 128, 21, -1, null, null);

    private Path dir;
    private LogStore store;
    private long timestamp;

    @Setup
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("lamina-jmh-logs-");
        store = new LogStore(dir);
    }

    @Benchmark
    public int platformLines() {
        return PlatformLines.start(REQUEST_ID, "$LATEST").length()
                + PlatformLines.end(REQUEST_ID).length()
                + PlatformLines.report(REQUEST_ID, 1.2345, 2, 128, 21, -1, null, null)
                        .length();
    }

    @Benchmark
    public String reportWithInit() {
        return PlatformLines.report(REQUEST_ID, 12.3456, 59, 128, 21, 45.678, null, null);
    }

    /**
     * Per line: queueing it and the writer thread writing it ({@link LogStore#flush} after each
     * batch, so the queue never fills and the writer's work is counted).
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void appendAndWrite() {
        for (int i = 0; i < BATCH; i++) {
            store.append("/aws/lambda/bench", "2026/11/27/[$LATEST]0123456789abcdef", timestamp++, REPORT);
        }
        store.flush();
    }

    @TearDown
    public void tearDown() {
        store.close();
        TestNode.deleteTree(dir);
    }
}

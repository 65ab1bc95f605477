package dev.lamina.lambda.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.core.AwsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Code preparation on its own: a queue stands for the preparer, so nothing runs until the test says. */
class CodePreparationTest {
    @TempDir
    Path dir;

    private final Queue<Runnable> preparer = new ArrayDeque<>();
    private final List<String> finished = new ArrayList<>();
    private CodeStore code;
    private CodePreparation preparation;

    @BeforeEach
    void setUp() {
        code = new CodeStore(dir.resolve("zips"), dir.resolve("unpacked"));
        preparation = new CodePreparation(code, preparer::add, Duration.ZERO);
    }

    private FunctionConfig function(String content) {
        return new FunctionConfig(
                "f",
                FunctionRegistry.LATEST,
                FunctionDomain.settings(3),
                code.put(FunctionDomain.zip(content)),
                "r",
                "t",
                FunctionConfig.State.Pending,
                FunctionConfig.UpdateStatus.Successful,
                Map.of());
    }

    /** Records how each preparation ended and answers with the function made Active (or Failed). */
    private FunctionConfig finish(FunctionConfig prepared, boolean succeeded) {
        finished.add(prepared.code().sha256Hex() + (succeeded ? " prepared" : " failed"));
        return prepared.withStatus(
                succeeded ? FunctionConfig.State.Active : FunctionConfig.State.Failed,
                FunctionConfig.UpdateStatus.Successful,
                "r2");
    }

    @Test
    void preparationUnpacksOnThePreparerAndEndsWithWhatFinishAnswers() {
        FunctionConfig config = function("#!/bin/sh\n");
        preparation.prepare(config, this::finish);
        assertEquals(List.of(), finished, "nothing ran on the calling thread");
        CompletableFuture<FunctionConfig> underway = preparation.underway("f");
        assertNotNull(underway);
        assertNull(preparation.await(underway), "does not wait past its bound");

        preparer.poll().run();
        assertEquals(List.of(config.code().sha256Hex() + " prepared"), finished);
        assertTrue(Files.isRegularFile(
                dir.resolve("unpacked").resolve(config.code().sha256Hex()).resolve("bootstrap")));
        assertNull(preparation.underway("f"));
        assertEquals(FunctionConfig.State.Active, preparation.await(underway).state());
    }

    @Test
    void codeThatCannotBeUnpackedEndsAsAFailure() throws Exception {
        FunctionConfig config = function("#!/bin/sh\n");
        Files.delete(code.zipPath(config.code().sha256Hex()));
        preparation.prepare(config, this::finish);
        CompletableFuture<FunctionConfig> underway = preparation.underway("f");
        preparer.poll().run();
        assertEquals(List.of(config.code().sha256Hex() + " failed"), finished);
        assertEquals(FunctionConfig.State.Failed, preparation.await(underway).state());
    }

    @Test
    void aLaterPreparationReplacesAnEarlierOne() {
        FunctionConfig first = function("#!/bin/sh\n");
        FunctionConfig second = function("#!/bin/sh\necho 2\n");
        preparation.prepare(first, this::finish);
        preparation.prepare(second, this::finish);
        CompletableFuture<FunctionConfig> later = preparation.underway("f");
        preparer.poll().run();
        assertSame(later, preparation.underway("f"), "the earlier one's end leaves the later one under way");
        preparer.poll().run();
        assertNull(preparation.underway("f"));
        assertEquals(second.code(), preparation.await(later).code());
    }

    @Test
    void anInterruptedWaitIsAServiceErrorAndKeepsTheInterrupt() {
        preparation.prepare(function("#!/bin/sh\n"), this::finish);
        CompletableFuture<FunctionConfig> underway = preparation.underway("f");
        Thread.currentThread().interrupt();
        AwsException interrupted = assertThrows(AwsException.class, () -> preparation.await(underway));
        assertEquals(500, interrupted.status());
        assertTrue(Thread.interrupted());
    }
}

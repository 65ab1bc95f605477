package dev.lamina.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ProcCpuTest {
    @Test
    void readsWhatAProcessHasUsedAndGrowsAsItWorks() throws Exception {
        Process busy = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        try {
            Thread.sleep(300);
            long first = ProcCpu.nanos(LongStream.of(busy.pid()));
            Thread.sleep(300);
            long second = ProcCpu.nanos(LongStream.of(busy.pid()));
            assertTrue(first >= TimeUnit.MILLISECONDS.toNanos(50), "a spinning shell used " + first + " ns in 0.3 s");
            assertTrue(second > first, first + " then " + second);
        } finally {
            busy.destroyForcibly().waitFor();
        }
    }

    @Test
    void aProcessThatIsGoneCountsNothing() throws Exception {
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        assertEquals(0, ProcCpu.nanos(LongStream.of(done.pid())));
    }
}

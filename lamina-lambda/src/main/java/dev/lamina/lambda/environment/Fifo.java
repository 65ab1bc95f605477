package dev.lamina.lambda.environment;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/** Creates named pipes with libc's {@code mkfifo} (the JDK has no API for it); needs native access. */
@SuppressWarnings("restricted")
final class Fifo {
    private static final MethodHandle MKFIFO = Linker.nativeLinker()
            .downcallHandle(
                    Linker.nativeLinker().defaultLookup().find("mkfifo").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

    private Fifo() {}

    static void create(Path path) throws IOException {
        int rc;
        try (Arena arena = Arena.ofConfined()) {
            rc = (int) MKFIFO.invokeExact(arena.allocateFrom(path.toString()), 0600);
        } catch (Throwable t) {
            throw new IOException("mkfifo " + path + " failed", t);
        }
        if (rc != 0) {
            throw new IOException("mkfifo " + path + " failed");
        }
    }
}

package dev.lamina.lambda.runtime.preload;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JVM started ahead of demand in a spare sandbox (decision 53). Runs inside the sandbox, on the
 * function's JDK (25 or newer), from {@code /var/runtime/java-preload}: it depends on nothing but
 * the JDK and has no nested classes, since only this class file is written there.
 *
 * <p>Started with the options a function's JVM of one memory size gets, this directory appended to
 * its class path, and the environment every function of the runtime starts from. It readies what it
 * needs to change its environment, warms the runtime client's JSON serializer up, then reads what to
 * run from stdin: NUL-separated {@code KEY=VALUE}
 * entries, an empty entry, then the command's arguments, ending at EOF. The node sends only a
 * command whose JVM options and class path are this JVM's, and whose variables read at start agree.
 * This process then takes the function's environment in libc (before anything in this JVM reads it:
 * {@code System.getenv} reads the environment once, on its first call) and runs AWS's runtime client's
 * {@code main}, with the class path and command properties a fresh start gives.
 */
public final class JavaPreload {
    private JavaPreload() {}

    @SuppressWarnings("restricted") // the function's JVM runs with --enable-native-access=ALL-UNNAMED
    public static void main(String[] args) throws Throwable {
        Linker linker = Linker.nativeLinker();
        MethodHandle setenv = linker.downcallHandle(
                linker.defaultLookup().find("setenv").orElseThrow(),
                FunctionDescriptor.of(
                        ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        MethodHandle unsetenv = linker.downcallHandle(
                linker.defaultLookup().find("unsetenv").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        List<String> own = commandLine();
        Class<?> client = Class.forName(args[0], false, JavaPreload.class.getClassLoader());
        warmUp();

        byte[] request = System.in.readAllBytes();
        int split = indexOfPair(request);
        Map<String, String> env = entries(split < 0 ? request : Arrays.copyOf(request, split));
        List<String> argv = split < 0 ? List.of() : strings(Arrays.copyOfRange(request, split + 2, request.length));
        if (argv.isEmpty()) {
            System.exit(0); // the node went away before it had a function for this sandbox
        }
        int cp = argv.indexOf("-cp");
        if (cp < 0
                || argv.size() != cp + 4
                || !argv.subList(0, cp + 1).equals(own.subList(0, cp + 1))
                || !own.get(cp + 1).startsWith(argv.get(cp + 1) + ":")
                || !argv.get(cp + 2).equals(client.getName())) {
            System.err.println("lamina: a preloaded JVM cannot run " + argv);
            System.exit(127);
        }
        try (Arena arena = Arena.ofConfined()) {
            for (String name : environmentNames()) {
                if (!env.containsKey(name)) {
                    int rc = (int) unsetenv.invokeExact(arena.allocateFrom(name));
                }
            }
            for (Map.Entry<String, String> e : env.entrySet()) {
                int rc = (int) setenv.invokeExact(arena.allocateFrom(e.getKey()), arena.allocateFrom(e.getValue()), 1);
            }
        }
        String classPath = System.getProperty("java.class.path"); // as the launcher expanded it
        System.setProperty("java.class.path", classPath.substring(0, classPath.lastIndexOf(':')));
        System.setProperty("sun.java.command", String.join(" ", argv.subList(cp + 2, argv.size())));
        try {
            client.getMethod("main", String[].class).invoke(null, (Object) new String[] {argv.get(cp + 3)});
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** A field whose generic type is the one the warm-up's serializer reads and writes. */
    private static Map<String, Object> sample;

    /** JSON the warm-up reads and writes: objects, arrays, strings, numbers, booleans and null. */
    private static final String SAMPLE_JSON =
            "{\"key\":\"value\",\"n\":1,\"x\":1.5,\"list\":[1,\"two\",{\"a\":true}],\"nested\":{\"b\":null}}";

    /** Rounds of the warm-up: enough for C1 to compile the parser's and generator's hot loops. */
    private static final int WARM_UP_ROUNDS = 200;

    /**
     * Runs the runtime client's JSON serializer (the one it gives a handler of a map or a plain class)
     * over a small document while the spare waits: its classes' static set-up and the interpreter's
     * first passes then lie behind the function's start instead of inside its first invocation. The
     * serializer reads no environment and keeps nothing of the document. Any failure leaves the start
     * as it would be without the warm-up.
     */
    private static void warmUp() {
        try {
            Class<?> factory = Class.forName(
                    "com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory",
                    true,
                    JavaPreload.class.getClassLoader());
            Object jackson = factory.getMethod("getInstance").invoke(null);
            Object serializer = factory.getMethod("getSerializer", Type.class)
                    .invoke(
                            jackson,
                            JavaPreload.class.getDeclaredField("sample").getGenericType());
            Class<?> pojoSerializer =
                    Class.forName("com.amazonaws.services.lambda.runtime.serialization.PojoSerializer");
            Method from = pojoSerializer.getMethod("fromJson", InputStream.class);
            Method to = pojoSerializer.getMethod("toJson", Object.class, OutputStream.class);
            byte[] json = SAMPLE_JSON.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < WARM_UP_ROUNDS; i++) {
                to.invoke(
                        serializer,
                        from.invoke(serializer, new ByteArrayInputStream(json)),
                        new ByteArrayOutputStream());
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // the client's classes are not as expected: the function starts without the warm-up
        }
    }

    /** The names in this process's environment as it started, without reading it through the JDK. */
    private static List<String> environmentNames() throws IOException {
        List<String> names = new ArrayList<>();
        for (String entry : strings(Files.readAllBytes(Path.of("/proc/self/environ")))) {
            int eq = entry.indexOf('=');
            names.add(eq < 0 ? entry : entry.substring(0, eq));
        }
        return names;
    }

    private static List<String> commandLine() throws IOException {
        return strings(Files.readAllBytes(Path.of("/proc/self/cmdline")));
    }

    private static int indexOfPair(byte[] b) {
        for (int i = 0; i + 1 < b.length; i++) {
            if (b[i] == 0 && b[i + 1] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static Map<String, String> entries(byte[] block) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String entry : strings(block)) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                out.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return out;
    }

    private static List<String> strings(byte[] block) {
        List<String> out = new ArrayList<>();
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        for (byte b : block) {
            if (b == 0) {
                if (current.size() > 0) {
                    out.add(current.toString(StandardCharsets.UTF_8));
                }
                current.reset();
            } else {
                current.write(b);
            }
        }
        if (current.size() > 0) {
            out.add(current.toString(StandardCharsets.UTF_8));
        }
        return out;
    }
}

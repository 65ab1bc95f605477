package dev.lamina.lambda.environment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Whether a custom runtime's {@code bootstrap} can be executed on this host, and if not, the words
 * Lambda's {@code Runtime.InvalidEntrypoint} uses for it: a bootstrap that is missing or not
 * executable is "Couldn't find valid bootstrap(s): […]"; one built for another machine (an ELF whose
 * {@code e_machine} is not the host's, such as an arm64 binary on x86-64) or neither ELF nor script is
 * "fork/exec …: exec format error"; a script whose interpreter does not exist is "fork/exec …: no
 * such file or directory". Running such a file would end in whatever the sandbox's launcher prints;
 * Lambda fails the environment's init instead.
 *
 * <p>A bootstrap lives in a code revision's (or a layer set's) unpacked tree, which never changes, so
 * each file is read once (its first 20 bytes, or its first line for a script) and the answer kept.
 * Thread-safe.
 */
public final class Entrypoints {
    /** ELF {@code e_machine} values this host executes, by {@code os.arch}; empty when unknown (no check). */
    private static final Map<String, Set<Integer>> MACHINES =
            Map.of("amd64", Set.of(62, 3), "x86_64", Set.of(62, 3), "aarch64", Set.of(183));

    private final Set<Integer> hostMachines;
    private final Map<Path, Optional<String>> checked = new ConcurrentHashMap<>();

    /** For the machine this JVM runs on. */
    public Entrypoints() {
        this(MACHINES.getOrDefault(System.getProperty("os.arch"), Set.of()));
    }

    /** @param hostMachines the ELF machines the host executes; empty to accept any */
    Entrypoints(Set<Integer> hostMachines) {
        this.hostMachines = Set.copyOf(hostMachines);
    }

    /**
     * Why the bootstrap cannot be executed, or empty when it can (as far as its first bytes tell).
     *
     * @param hostFile the bootstrap on the host
     * @param shownAs its path as the runtime sees it ({@code /var/task/bootstrap}), for the message
     * @param insideToHost maps an absolute path inside the sandbox to the host, for a script's interpreter
     */
    public Optional<String> problem(Path hostFile, String shownAs, Function<String, Path> insideToHost) {
        return checked.computeIfAbsent(hostFile, file -> check(file, shownAs, insideToHost));
    }

    private Optional<String> check(Path file, String shownAs, Function<String, Path> insideToHost) {
        if (!Files.isRegularFile(file) || !Files.isExecutable(file)) {
            return Optional.of("Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]");
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(256);
        } catch (IOException e) {
            return Optional.of("Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]");
        }
        String execFailed = "fork/exec " + shownAs + ": ";
        if (isElf(head)) {
            return head.length < 20 || !machineRuns(head)
                    ? Optional.of(execFailed + "exec format error")
                    : Optional.empty();
        }
        if (head.length >= 2 && head[0] == '#' && head[1] == '!') {
            String interpreter = interpreter(head);
            Path onHost = interpreter.startsWith("/") ? insideToHost.apply(interpreter) : null;
            return onHost != null && Files.isExecutable(onHost)
                    ? Optional.empty()
                    : Optional.of(execFailed + "no such file or directory");
        }
        // execve refuses anything else; only a shell would guess it is a script
        return Optional.of(execFailed + "exec format error");
    }

    private static boolean isElf(byte[] head) {
        return head.length >= 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F';
    }

    /** {@code e_machine}: bytes 18–19, in the byte order {@code EI_DATA} (byte 5) names. */
    private boolean machineRuns(byte[] head) {
        if (hostMachines.isEmpty()) {
            return true;
        }
        int low = head[18] & 0xff;
        int high = head[19] & 0xff;
        int machine = head[5] == 2 ? (low << 8) | high : (high << 8) | low;
        return hostMachines.contains(machine);
    }

    /** The interpreter a {@code #!} line names: up to the first blank or line end (a CR stays, as execve keeps it). */
    private static String interpreter(byte[] head) {
        int start = 2;
        while (start < head.length && (head[start] == ' ' || head[start] == '\t')) {
            start++;
        }
        int end = start;
        while (end < head.length && head[end] != ' ' && head[end] != '\t' && head[end] != '\n') {
            end++;
        }
        return new String(head, start, end - start, StandardCharsets.UTF_8);
    }
}

package dev.lamina.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** A one-paragraph description of the host, printed above the figures. */
final class Machine {
    private Machine() {}

    static String describe() {
        String cpu = firstMatch(Path.of("/proc/cpuinfo"), "model name", "unknown CPU");
        String mem = firstMatch(Path.of("/proc/meminfo"), "MemTotal", "?");
        String os = firstMatch(Path.of("/etc/os-release"), "PRETTY_NAME", "?")
                .replace("\"", "")
                .replace("PRETTY_NAME=", "");
        return String.format(
                Locale.ROOT,
                "Machine: %d CPUs (%s), %s memory, %s, kernel %s; client JDK %s; %s; %s",
                Runtime.getRuntime().availableProcessors(),
                cpu,
                mem,
                os,
                System.getProperty("os.version"),
                Runtime.version(),
                command("/usr/bin/python3.11", "--version"),
                "node " + command("node", "--version"));
    }

    /** The host's load averages, as a suffix for a scenario's heading: a busy host skews the figures. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return "   [load average " + f[0] + " " + f[1] + " " + f[2] + "]";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String firstMatch(Path file, String key, String otherwise) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith(key)) {
                    int colon = line.indexOf(':');
                    return colon < 0 ? line : line.substring(colon + 1).trim();
                }
            }
        } catch (IOException e) {
            return otherwise;
        }
        return otherwise;
    }

    private static String command(String... command) {
        try {
            Process p = new ProcessBuilder(List.of(command))
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(10, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return command[0] + " not found";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }
}

package dev.lamina.lambda.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs one of the host's network tools ({@code ip}, {@code nft}) to completion, with a script on
 * its stdin, and returns what it printed. These are short set-up commands run off the invoke path;
 * a failure is an {@link IOException} carrying the tool's own message.
 */
final class HostCommand {
    private HostCommand() {}

    static String run(List<String> argv, String stdin) throws IOException {
        Process p = new ProcessBuilder(argv).start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the tool exited before reading its script; its exit status and message tell why
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status;
        try {
            status = p.waitFor();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + argv.getFirst(), e);
        }
        if (status != 0) {
            String message = new String(err.join(), StandardCharsets.UTF_8).strip();
            throw new IOException(String.join(" ", argv) + " failed (" + status + "): " + message);
        }
        return out;
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}

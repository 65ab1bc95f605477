package dev.lamina.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.storage.disk.MinimumFree;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DiskFlagsTest {
    private static Lamina.Server parse(String... args) {
        CommandLine cli = new CommandLine(new Lamina());
        var parsed = cli.parseArgs(args);
        return (Lamina.Server) parsed.subcommand().commandSpec().userObject();
    }

    @Test
    void theDefaultsKeepTheSmallerOf1GiBAnd5PercentAndLogsForAWeek() {
        Lamina.Server server = parse("server");
        assertEquals(MinimumFree.DEFAULT, server.minFreeDisk);
        assertEquals(7, server.logRetentionDays);
    }

    @Test
    void theFlagsTakeASizeOrAShareAndDays() {
        Lamina.Server server = parse("server", "--min-free-disk", "512M", "--log-retention-days", "30");
        assertEquals(new MinimumFree(512L << 20, 100), server.minFreeDisk);
        assertEquals(30, server.logRetentionDays);
        assertEquals(new MinimumFree(Long.MAX_VALUE, 10), parse("server", "--min-free-disk", "10%").minFreeDisk);
    }

    @Test
    void badValuesAreUsageErrorsThatSayWhatIsAllowed() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Lamina()).setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("server", "--min-free-disk", "plenty"));
        assertTrue(err.toString().contains("a size (e.g. 512M, 2G) or a share of the disk (e.g. 5%)"), err.toString());

        err.getBuffer().setLength(0);
        assertEquals(2, cli.execute("server", "--log-retention-days", "2"));
        assertTrue(
                err.toString().contains("--log-retention-days must be 0 (forever) or one of [1, 3, 5, 7"),
                err.toString());
    }
}

package dev.lamina.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.core.AwsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogRetentionTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final String GROUP = "/aws/lambda/chatty";

    @TempDir
    Path dir;

    private LogStore store;
    private LogRetention retention;

    @BeforeEach
    void open() {
        store = new LogStore(dir);
        retention = new LogRetention(store, OptionalInt.of(7), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Writes one event to a stream and dates its file (its newest event) {@code age} before now. */
    private void eventAged(String group, String stream, Duration age) throws IOException {
        long at = NOW.minus(age).toEpochMilli();
        store.append(group, stream, at, "from " + stream);
        store.flush();
        Path file = store.groupDir(group).resolve(LogFiles.fileName(stream) + ".log");
        Files.setLastModifiedTime(file, FileTime.fromMillis(at));
    }

    @Test
    void aGroupWithoutAPolicyKeepsTheDefaultAndLosesWhatIsOlder() throws IOException {
        eventAged(GROUP, "old", Duration.ofDays(8));
        eventAged(GROUP, "recent", Duration.ofDays(6));

        long deleted = retention.sweep();

        assertEquals(List.of("recent"), store.streams(GROUP));
        assertEquals("from old".length() + 1 + Long.toString(NOW.toEpochMilli()).length() + 1, deleted);
        assertEquals(OptionalInt.of(7), retention.days(GROUP));
    }

    @Test
    void aPolicyOfItsOwnOverridesTheDefaultAndDeletingItKeepsEverything() throws IOException {
        eventAged(GROUP, "two-days", Duration.ofDays(2));
        eventAged(GROUP, "a-year", Duration.ofDays(365));
        eventAged("/aws/lambda/other", "eight-days", Duration.ofDays(8));
        retention.delete(GROUP);

        retention.sweep();

        assertEquals(List.of("a-year", "two-days"), store.streams(GROUP), "never expire");
        assertEquals(List.of(), store.streams("/aws/lambda/other"), "the default still holds elsewhere");
        assertEquals(OptionalInt.empty(), retention.days(GROUP));

        retention.put(GROUP, 1);
        retention.sweep();

        assertEquals(List.of(), store.streams(GROUP));
        assertEquals(OptionalInt.of(1), retention.days(GROUP));
    }

    @Test
    void onlyCloudWatchLogsValuesAreAccepted() throws IOException {
        eventAged(GROUP, "s", Duration.ZERO);
        AwsException e = assertThrows(AwsException.class, () -> retention.put(GROUP, 2));
        assertEquals("InvalidParameterException", e.code());
        assertEquals(OptionalInt.of(7), retention.days(GROUP), "a refused value changes nothing");
    }
}

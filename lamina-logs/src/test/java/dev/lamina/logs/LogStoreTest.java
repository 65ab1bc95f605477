package dev.lamina.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogStoreTest {
    @TempDir
    Path dir;

    @Test
    void messagesSurviveEscaping() {
        for (String m : new String[] {"plain", "a\\b", "one\rtwo", "tab\there", "back\\r\\n", "\\"}) {
            assertEquals(m, LogFiles.unescape(LogFiles.escape(m)));
        }
    }

    @Test
    void aGroupIsMadeEmptyAndDeletedWithItsStreams() throws IOException {
        try (LogStore store = new LogStore(dir)) {
            assertTrue(store.createGroup("/app/audit"));
            assertFalse(store.createGroup("/app/audit"), "it exists already");
            assertEquals(List.of("/app/audit"), store.groups());
            assertEquals(List.of(), store.streams("/app/audit"));
            store.append("/app/audit", "s", 1, "kept until the group goes");
            store.flush();
            store.deleteGroup("/app/audit");
            assertFalse(store.groupExists("/app/audit"));
            assertEquals(List.of(), store.read("/app/audit", 0, Long.MAX_VALUE, null));
            store.deleteGroup("/app/audit"); // gone already: no error
        }
    }

    @Test
    void groupsNamedDotAndDotDotStayInsideTheLogsDirectory() throws IOException {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path database = Files.writeString(dir.resolve("lamina.db"), "the node's data");
        try (LogStore store = new LogStore(logs)) {
            for (String name : List.of(".", "..")) {
                assertEquals(logs, store.groupDir(name).getParent(), name);
                assertFalse(store.groupExists(name), name);
                assertTrue(store.createGroup(name), name);
                assertEquals(List.of(), store.streams(name));
                store.deleteGroup(name);
                assertFalse(store.groupExists(name), name);
            }
        }
        assertEquals("the node's data", Files.readString(database));
        assertEquals(".", LogFiles.streamName(LogFiles.fileName(".") + ".log"));
        assertEquals("..", LogFiles.streamName(LogFiles.fileName("..") + ".log"));
        assertEquals("a..b", LogFiles.fileName("a..b"));
    }

    @Test
    void streamNamesSurviveFileNaming() {
        String stream = "2026/11/27/[$LATEST]0123456789abcdef0123456789abcdef";
        assertEquals(stream, LogFiles.streamName(LogFiles.fileName(stream) + ".log"));
        assertEquals(stream, LogFiles.streamName(LogFiles.fileName(stream) + "~1764892800000-1.log"));
        assertEquals("a~b", LogFiles.streamName(LogFiles.fileName("a~b") + ".log"));
    }

    @Test
    void aFullSegmentIsSealedAndTheStreamReadsAsOne() throws IOException {
        try (LogStore store = new LogStore(dir, 100)) {
            for (int i = 0; i < 10; i++) {
                store.append("g", "s", 1000 + i, "event number " + i + " " + "x".repeat(20));
            }
            store.flush();

            assertTrue(files(store.groupDir("g")).size() >= 3, "sealed segments beside the open one");
            assertEquals(List.of("s"), store.streams("g"));
            List<LogEvent> events = store.read("g", 0, Long.MAX_VALUE, null);
            assertEquals(10, events.size());
            assertEquals("event number 9 " + "x".repeat(20), events.get(9).message());
        }
    }

    @Test
    void eventsOfOneTimestampAreNumberedInWrittenOrderAcrossSealedSegments() {
        try (LogStore store = new LogStore(dir, 100)) {
            for (int i = 0; i < 10; i++) {
                store.append("g", "s", 1000, "same millisecond " + i + " " + "x".repeat(20));
            }
            store.append("g", "s", 999, "written last, earlier in time");
            List<LogEvent> events = store.read("g", 0, Long.MAX_VALUE, null);
            assertEquals("written last, earlier in time", events.getFirst().message());
            for (int i = 0; i < 10; i++) {
                assertEquals(i, events.get(i + 1).sequence());
                assertTrue(events.get(i + 1).message().startsWith("same millisecond " + i + " "));
            }
        }
    }

    @Test
    void aStreamIsMadeEmptySummarizedAndDeleted() {
        try (LogStore store = new LogStore(dir)) {
            assertTrue(store.createStream("g", "made"));
            assertFalse(store.createStream("g", "made"), "it exists already");
            store.append("g", "written", 20, "second");
            store.append("g", "written", 10, "first");
            assertTrue(store.streamExists("g", "made"));
            List<StreamSummary> summaries = store.streamSummaries("g");
            assertEquals(
                    List.of("made", "written"),
                    summaries.stream().map(StreamSummary::name).toList());
            assertEquals(null, summaries.get(0).lastEventTimestamp());
            assertEquals(10L, summaries.get(1).firstEventTimestamp());
            assertEquals(20L, summaries.get(1).lastEventTimestamp());
            assertTrue(store.deleteStream("g", "written"));
            assertFalse(store.deleteStream("g", "written"), "gone already");
            assertEquals(List.of("made"), store.streams("g"));
            assertEquals(List.of(), store.read("g", 0, Long.MAX_VALUE, null));
        }
    }

    @Test
    void reclaimDeletesTheOldestFilesOfEveryGroupFirstEvenOneBeingWritten() throws IOException {
        try (LogStore store = new LogStore(dir)) {
            store.append("old", "s", 1, "oldest");
            store.append("new", "s", 3, "newest");
            store.append("mid", "s", 2, "middle");
            store.flush();
            age(store, "old", 1_000_000);
            age(store, "mid", 2_000_000);
            age(store, "new", 3_000_000);

            long deleted = store.reclaim(1);

            assertEquals("1\toldest\n".length(), deleted, "whole files, no more than needed");
            assertEquals(List.of(), store.streams("old"));
            assertEquals(List.of("s"), store.streams("mid"));

            store.reclaim(Long.MAX_VALUE);
            store.append("old", "s", 4, "after");
            assertEquals(
                    List.of("after"),
                    store.read("old", 0, Long.MAX_VALUE, null).stream()
                            .map(LogEvent::message)
                            .toList(),
                    "a deleted stream being written starts a new file: nothing lands in the deleted one");
        }
    }

    @Test
    void aLineCutShortByAFullDiskIsSkippedAndTheNextStartsOnItsOwn() throws IOException {
        Path group = Files.createDirectories(dir.resolve("g"));
        Files.writeString(group.resolve("s.log"), "5\twhole\n12", StandardOpenOption.CREATE);
        try (LogStore store = new LogStore(dir)) {
            store.append("g", "s", 7, "next");
            List<String> read = store.read("g", 0, Long.MAX_VALUE, null).stream()
                    .map(e -> e.timestamp() + " " + e.message())
                    .toList();
            assertEquals(List.of("5 whole", "7 next"), read);
        }
    }

    @Test
    void aDiskSlowerThanTheFunctionsDropsEventsRatherThanGrowTheQueue() {
        try (LogStore store = new LogStore(dir, LogStore.DEFAULT_SEGMENT_BYTES, 1000)) {
            store.writer.files.lock(); // the writer cannot write: everything appended waits in the queue
            try {
                for (int i = 0; i < 20; i++) {
                    store.append("g", "s", i, "%099d".formatted(i));
                }
                assertEquals(10, store.droppedEvents(), "1000 characters hold ten 100-character events");
            } finally {
                store.writer.files.unlock();
            }
            assertEquals(10, store.read("g", 0, Long.MAX_VALUE, null).size());
            store.append("g", "s", 20, "room again once written");
            assertEquals(11, store.read("g", 0, Long.MAX_VALUE, null).size());
        }
    }

    private static void age(LogStore store, String group, long modifiedMillis) throws IOException {
        for (Path f : files(store.groupDir(group))) {
            Files.setLastModifiedTime(f, FileTime.fromMillis(modifiedMillis));
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}

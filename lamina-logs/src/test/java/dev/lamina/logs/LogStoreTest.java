package dev.lamina.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LogStoreTest {
    @Test
    void messagesSurviveEscaping() {
        for (String m : new String[] {"plain", "a\\b", "one\rtwo", "tab\there", "back\\r\\n", "\\"}) {
            assertEquals(m, LogStore.unescape(LogStore.escape(m)));
        }
    }

    @Test
    void streamNamesSurviveFileNaming() {
        String stream = "2026/11/27/[$LATEST]0123456789abcdef0123456789abcdef";
        assertEquals(stream, LogStore.streamName(LogStore.fileName(stream) + ".log"));
    }
}

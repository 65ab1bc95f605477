package dev.lamina.storage.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Blobs in a real directory: named by their hash, whole or absent, streamed. */
class FileBlobStoreTest {
    /** SHA-256 of "abc" (FIPS 180-2, appendix B.1). */
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @TempDir
    Path dir;

    private static InputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.toList();
        }
    }

    @Test
    void aBlobIsStoredUnderItsHashWithTheSuffix() throws Exception {
        FileBlobStore store = new FileBlobStore(dir, ".zip");
        Blob blob = store.put(bytes("abc"));
        assertEquals(new Blob(ABC, 3), blob);
        assertEquals(dir.resolve(ABC + ".zip"), store.path(ABC));
        assertEquals(List.of(store.path(ABC)), files(), "no temporary file stays");
        assertTrue(store.exists(ABC));
        assertEquals(3, store.size(ABC));
        try (InputStream in = store.open(ABC)) {
            assertArrayEquals("abc".getBytes(StandardCharsets.UTF_8), in.readAllBytes());
        }
        assertEquals(blob, store.put(bytes("abc")), "the same content is the same blob");
        assertTrue(store.delete(ABC));
        assertFalse(store.exists(ABC));
        assertFalse(store.delete(ABC));
        assertThrows(NoSuchFileException.class, () -> store.open(ABC));
        assertThrows(NoSuchFileException.class, () -> store.size(ABC));
    }

    @Test
    void aLargeBlobIsStreamedInSmallReads() throws Exception {
        long size = 64L * 1024 * 1024;
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        InputStream generated = new InputStream() {
            private long left = size;

            @Override
            public int read() {
                throw new AssertionError("read one byte at a time");
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                assertTrue(len <= 1024 * 1024, "asked for " + len + " bytes at once");
                int n = (int) Math.min(len, left);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) ((size - left + i) * 31);
                }
                expected.update(b, off, n);
                left -= n;
                return n;
            }
        };
        Blob blob = new FileBlobStore(dir, "").put(generated);
        assertEquals(size, blob.size());
        assertEquals(HexFormat.of().formatHex(expected.digest()), blob.sha256());
        assertEquals(size, Files.size(dir.resolve(blob.sha256())));
    }

    @Test
    void aRefusedOrBrokenPutLeavesNothing() throws Exception {
        FileBlobStore store = new FileBlobStore(dir, ".zip");
        IOException refused = new IOException("not a zip");
        assertSame(
                refused,
                assertThrows(
                        IOException.class,
                        () -> store.put(bytes("abc"), (file, blob) -> {
                            assertEquals("abc", Files.readString(file), "the check sees the whole content");
                            assertFalse(store.exists(blob.sha256()), "and no reader sees it yet");
                            throw refused;
                        })));
        InputStream breaks = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("the upload was cut");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len > 0) {
                    b[off] = 'a';
                }
                throw new IOException("the upload was cut");
            }
        };
        assertThrows(IOException.class, () -> store.put(breaks));
        assertEquals(List.of(), files());
    }

    @Test
    void whatACrashLeftHalfWrittenIsRemovedWhenTheStoreOpens() throws Exception {
        Path leftover = Files.writeString(dir.resolve(".put-123.tmp"), "half of a blob");
        Path stored = Files.writeString(dir.resolve(ABC + ".zip"), "abc");
        FileBlobStore store = new FileBlobStore(dir, ".zip");
        assertFalse(Files.exists(leftover));
        assertTrue(store.exists(ABC), "blobs stored before, by this store or the code store it replaced, stay");
        assertEquals(List.of(stored), files());
    }

    @Test
    void namesThatAreNotHashesAreRefused() {
        FileBlobStore store = new FileBlobStore(dir, "");
        assertThrows(IllegalArgumentException.class, () -> store.path("../../etc/passwd"));
        assertThrows(IllegalArgumentException.class, () -> store.exists(ABC.toUpperCase()));
    }

    @Test
    void concurrentPutsOfTheSameContentStoreOneBlob() throws Exception {
        FileBlobStore store = new FileBlobStore(dir, ".zip");
        List<Future<Blob>> puts = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 16; i++) {
                puts.add(threads.submit(() -> store.put(bytes("abc"))));
            }
        }
        for (Future<Blob> put : puts) {
            assertEquals(ABC, put.get().sha256());
        }
        assertEquals(List.of(store.path(ABC)), files());
    }
}

package dev.lamina.lambda.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerTreeTest {
    @TempDir
    Path dir;

    private Path layer(String name, String... pathsAndContents) throws Exception {
        Path root = Files.createDirectories(dir.resolve(name));
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            Path file = root.resolve(pathsAndContents[i]);
            Files.createDirectories(file.getParent());
            Files.writeString(file, pathsAndContents[i + 1]);
        }
        return root;
    }

    @Test
    void laterLayersReplaceEarlierFilesAndEveryFileIsALink() throws Exception {
        Path one = layer("one", "python/a.py", "a1", "python/b.py", "b1", "lib/x", "file in one");
        Path two = layer("two", "python/b.py", "b2", "bin/tool", "t2", "lib/x/y", "x is a directory in two");
        Path merged = LayerTree.build(List.of(one, two), dir.resolve("merged"));
        assertEquals("a1", Files.readString(merged.resolve("python/a.py")));
        assertEquals("b2", Files.readString(merged.resolve("python/b.py")));
        assertEquals("t2", Files.readString(merged.resolve("bin/tool")));
        assertEquals("x is a directory in two", Files.readString(merged.resolve("lib/x/y")));
        assertTrue(Files.isSameFile(merged.resolve("python/b.py"), two.resolve("python/b.py")), "a hard link");
        assertEquals("b1", Files.readString(one.resolve("python/b.py")), "the layers themselves are untouched");
        try (Stream<Path> left = Files.list(dir)) {
            assertFalse(left.anyMatch(p -> p.getFileName().toString().startsWith("merge-")), "no temporary tree left");
        }
    }

    @Test
    void theOrderDecides() throws Exception {
        Path one = layer("one", "shared", "1");
        Path two = layer("two", "shared", "2");
        assertEquals(
                "1",
                Files.readString(
                        LayerTree.build(List.of(two, one), dir.resolve("m21")).resolve("shared")));
        assertEquals(
                "2",
                Files.readString(
                        LayerTree.build(List.of(one, two), dir.resolve("m12")).resolve("shared")));
    }

    @Test
    void anExistingTreeIsReused() throws Exception {
        Path one = layer("one", "f", "1");
        Path target = LayerTree.build(List.of(one), dir.resolve("m"));
        Files.writeString(one.resolve("g"), "added later");
        assertEquals(target, LayerTree.build(List.of(one), target));
        assertFalse(Files.exists(target.resolve("g")), "built once per layer list, not per use");
    }
}

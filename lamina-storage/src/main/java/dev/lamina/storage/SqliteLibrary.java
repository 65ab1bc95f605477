package dev.lamina.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;
import org.sqlite.util.OSInfo;

/**
 * SQLite's native library, kept unpacked beside the database. Left to itself, the driver copies the
 * library (about 1.1 MB) out of its jar into {@code /tmp} at every start of the node, and leaves the
 * copy behind when the node is killed; that copy was the largest single item of the node's start
 * (about 120 ms of CPU here; docs/benchmarks.md, "Node start"). Unpacked once per driver version and
 * platform into a directory of the node's own (never a shared one such as {@code /tmp}, where anyone
 * could put a library of their own under the expected name), it is loaded from there.
 */
final class SqliteLibrary {
    static final String PATH_PROPERTY = "org.sqlite.lib.path";
    static final String NAME_PROPERTY = "org.sqlite.lib.name";

    private SqliteLibrary() {}

    /**
     * Points the driver at the library under {@code dir}, unpacking it there first when it is not
     * there yet. Called before the first connection of the JVM; does nothing when the driver was
     * already told where its library is. On any failure the driver goes its own way, as before; a
     * library it cannot load from here (a data directory on a {@code noexec} mount) it unpacks itself.
     */
    static void useFrom(Path dir) {
        if (System.getProperty(PATH_PROPERTY) != null) {
            return;
        }
        try {
            String name = LibraryLoaderUtil.getNativeLibName();
            Path home = dir.resolve("sqlite-" + SQLiteJDBCLoader.getVersion() + "-"
                    + OSInfo.getNativeLibFolderPathForCurrentOS().replace('/', '-'));
            Path library = home.resolve(name);
            if (!Files.isRegularFile(library)) {
                try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(
                        LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name)) {
                    if (in == null) {
                        return;
                    }
                    Files.createDirectories(home);
                    Path partial = Files.createTempFile(home, ".unpack-", ".tmp");
                    Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            System.setProperty(PATH_PROPERTY, home.toString());
            System.setProperty(NAME_PROPERTY, name);
        } catch (IOException | RuntimeException e) {
            // the driver unpacks its own copy into the temporary directory, as it always did
        }
    }
}

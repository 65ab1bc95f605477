package dev.lamina.lambda.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How a JDK keeps the Java client's classes ready between JVMs (decision 15), and the JVM options
 * that make and use that archive. JDK 25 and later: an AOT cache ({@code -XX:AOTCacheOutput},
 * {@code -XX:AOTCache}), which holds the JDK's classes too and so records the runtime's own options.
 * JDK 13 to 20: a dynamic AppCDS archive ({@code -XX:ArchiveClassesAtExit},
 * {@code -XX:SharedArchiveFile}) on top of the JDK's default one. JDK 21 to 24 (whose default archive
 * disagrees with {@code --enable-native-access}, so every start would print an error) and older JDKs:
 * none.
 */
public enum JavaClassData {
    NONE,
    DYNAMIC_ARCHIVE,
    AOT_CACHE;

    /** Variables through which a function passes options to its JVM, which an archive might not match. */
    private static final List<String> JVM_OPTION_VARIABLES =
            List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

    private static final String SHARE_AUTO = "-Xshare:auto";

    /** Whether the function picks its JVM's garbage collector (say {@code -XX:+UseParallelGC}) itself. */
    public static boolean choosesItsCollector(java.util.Map<String, String> functionEnvironment) {
        return JVM_OPTION_VARIABLES.stream()
                .map(functionEnvironment::get)
                .filter(java.util.Objects::nonNull)
                .anyMatch(options -> options.matches("(?s).*-XX:\\+Use\\w*GC\\b.*"));
    }

    /** Which kind {@code runtime}'s JDK gets, by the major version in the runtime's name. */
    public static JavaClassData of(HostRuntime runtime) {
        if (runtime.family() != RuntimeFamily.JAVA) {
            return NONE;
        }
        int major;
        try {
            major = Integer.parseInt(runtime.name().substring("java".length()));
        } catch (NumberFormatException e) {
            return NONE;
        }
        if (major >= 25) {
            return AOT_CACHE;
        }
        return major >= 13 && major <= 20 ? DYNAMIC_ARCHIVE : NONE;
    }

    /** The archive's file name for {@code runtime}. */
    String fileName(HostRuntime runtime) {
        return runtime.name() + (this == AOT_CACHE ? ".aot" : ".jsa");
    }

    /** Options of a JVM that uses {@code archive}, or none when there is no archive to use. */
    List<String> useOptions(String archive, Map<String, String> functionEnvironment) {
        if (this == NONE
                || archive == null
                || JVM_OPTION_VARIABLES.stream().anyMatch(functionEnvironment::containsKey)) {
            return List.of(SHARE_AUTO);
        }
        return this == AOT_CACHE
                ? List.of("-XX:AOTCache=" + archive)
                : List.of(SHARE_AUTO, "-XX:SharedArchiveFile=" + archive);
    }

    /** Options of the training JVM that writes the archive to {@code output} as it exits. */
    public List<String> trainingOptions(String output) {
        return switch (this) {
            case AOT_CACHE -> List.of("-XX:AOTCacheOutput=" + output);
            case DYNAMIC_ARCHIVE -> List.of(SHARE_AUTO, "-XX:ArchiveClassesAtExit=" + output);
            case NONE -> throw new IllegalStateException("this JDK gets no archive");
        };
    }

    /** Whether {@code head} (a file's first four bytes) is a CDS or AOT archive's magic number, little-endian. */
    public static boolean isArchive(byte[] head) {
        return head.length == 4 && (head[3] & 0xff) == 0xf0 && (head[2] & 0xff) == 0x0b && (head[1] & 0xff) == 0xab;
    }

    static Path relative(HostRuntime runtime) {
        return Path.of(RuntimeFiles.ARCHIVES, of(runtime).fileName(runtime));
    }
}

package dev.lamina.it;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Java deployment packages for the {@code java*} runtimes, built in the test: handler sources are
 * compiled in-process with {@link JavaCompiler} ({@code --release 17}, so the classes run on java17
 * and every later runtime) against aws-lambda-java-core, which the runtime provides and a package
 * therefore does not carry.
 *
 * <p>Two layouts, the ones Lambda accepts and the runtime interface client loads (its class loader
 * reads the task root, then {@code <task root>/lib/*.jar}):
 *
 * <ul>
 *   <li>{@link Classes#zip()}: class files at the zip's root and dependency jars under {@code lib/}
 *       (what the Gradle {@code buildZip} recipe in the Lambda docs produces);
 *   <li>{@link Classes#fatJar()}: one jar whose content is the classes plus every dependency's
 *       classes merged in (maven-shade style); the jar itself is the deployment package.
 * </ul>
 */
final class JavaPackages {
    private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;");
    private static final Pattern TOP_LEVEL_TYPE = Pattern.compile(
            "(?m)^public\\s+(?:(?:final|abstract|sealed|non-sealed|static)\\s+)*(?:class|interface|enum|record|@interface)\\s+(\\w+)");

    private static Path coreJar;

    private JavaPackages() {}

    /** Compiles {@code sources} (each a whole compilation unit with one public top-level type). */
    static Classes compile(String... sources) {
        return compile(List.of(), sources);
    }

    /**
     * Compiles {@code sources} with {@code dependencies} (jars, as bytes) on the class path; the
     * result carries the dependencies so {@link Classes#zip()} puts them under {@code lib/} and
     * {@link Classes#fatJar()} merges them.
     */
    static Classes compile(List<Jar> dependencies, String... sources) {
        Path work = null;
        try {
            work = Files.createTempDirectory("lamina-javac-");
            Path src = Files.createDirectories(work.resolve("src"));
            Path out = Files.createDirectories(work.resolve("classes"));
            List<Path> files = new ArrayList<>();
            for (String source : sources) {
                Path file = src.resolve(sourcePath(source));
                Files.createDirectories(file.getParent());
                Files.writeString(file, source);
                files.add(file);
            }
            List<String> classPath = new ArrayList<>();
            classPath.add(coreJar().toString());
            for (Jar dependency : dependencies) {
                Path jar = work.resolve("deps").resolve(dependency.name());
                Files.createDirectories(jar.getParent());
                Files.write(jar, dependency.bytes());
                classPath.add(jar.toString());
            }

            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            if (javac == null) {
                throw new IllegalStateException("No system Java compiler: run the tests on a JDK");
            }
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            try (StandardJavaFileManager fm =
                    javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
                List<String> options = List.of(
                        "--release",
                        "17",
                        "-g",
                        "-proc:none",
                        "-Xlint:-options",
                        "-encoding",
                        "UTF-8",
                        "-classpath",
                        String.join(java.io.File.pathSeparator, classPath),
                        "-d",
                        out.toString());
                boolean ok = javac.getTask(null, fm, diagnostics, options, null, fm.getJavaFileObjectsFromPaths(files))
                        .call();
                if (!ok) {
                    StringBuilder why = new StringBuilder("Compilation failed:");
                    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                        why.append('\n').append(d);
                    }
                    throw new IllegalArgumentException(why.toString());
                }
            }
            Map<String, byte[]> classes = new LinkedHashMap<>();
            try (Stream<Path> walk = Files.walk(out)) {
                for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                    classes.put(out.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
                }
            }
            return new Classes(classes, List.copyOf(dependencies));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (work != null) {
                TestNode.deleteTree(work);
            }
        }
    }

    /** {@code pkg/Name.java} for a compilation unit declaring {@code public class Name} in {@code pkg}. */
    static String sourcePath(String source) {
        Matcher type = TOP_LEVEL_TYPE.matcher(source);
        if (!type.find()) {
            throw new IllegalArgumentException("No public top-level type in:\n" + source);
        }
        Matcher pkg = PACKAGE.matcher(source);
        String dir = pkg.find() ? pkg.group(1).replace('.', '/') + "/" : "";
        return dir + type.group(1) + ".java";
    }

    /**
     * aws-lambda-java-core, as the node ships it (a resource of lamina-server, which is on the test
     * class path): handlers compile against it but packages leave it out.
     */
    static synchronized Path coreJar() {
        if (coreJar != null) {
            return coreJar;
        }
        try (InputStream in = JavaPackages.class.getResourceAsStream("/lamina/runtime/java/aws-lambda-java-core.jar")) {
            Path file;
            if (in != null) {
                file = Files.createTempFile("aws-lambda-java-core-", ".jar");
                Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                file.toFile().deleteOnExit();
            } else {
                file = Path.of("../lamina-server/target/classes/lamina/runtime/java/aws-lambda-java-core.jar");
                if (!Files.isRegularFile(file)) {
                    throw new IllegalStateException(
                            "aws-lambda-java-core.jar is neither a resource on the class path nor at "
                                    + file.toAbsolutePath() + ": build lamina-server first");
                }
            }
            coreJar = file;
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A jar: its file name (used under {@code lib/}) and its bytes. */
    record Jar(String name, byte[] bytes) {
        /** The classes of a jar, by entry name, without its manifest. */
        Map<String, byte[]> entries() {
            Map<String, byte[]> entries = new LinkedHashMap<>();
            try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(bytes))) {
                for (JarEntry e; (e = in.getNextJarEntry()) != null; ) {
                    if (!e.isDirectory()) {
                        entries.put(e.getName(), in.readAllBytes());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return entries;
        }
    }

    /** Compiled classes (entry name → bytes) and the jars they depend on. */
    record Classes(Map<String, byte[]> classes, List<Jar> dependencies) {
        /** The classes as a library jar named {@code name}, for another compilation's dependencies. */
        Jar jar(String name) {
            return new Jar(name, jarOf(classes));
        }

        /** Layout 1: classes at the root, each dependency as {@code lib/<name>}. */
        byte[] zip() {
            Zips zip = new Zips();
            classes.forEach((name, bytes) -> zip.add(name, bytes, 0644));
            for (Jar dependency : dependencies) {
                zip.add("lib/" + dependency.name(), dependency.bytes(), 0644);
            }
            return zip.bytes();
        }

        /** Layout 2: a fat jar (manifest, classes and the dependencies' classes merged at the root). */
        byte[] fatJar() {
            Map<String, byte[]> merged = new LinkedHashMap<>(classes);
            for (Jar dependency : dependencies) {
                dependency.entries().forEach(merged::putIfAbsent);
            }
            return jarOf(merged);
        }
    }

    private static byte[] jarOf(Map<String, byte[]> entries) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Created-By"), "lamina-it JavaPackages");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out, manifest)) {
            List<String> dirs = new ArrayList<>();
            for (var e : entries.entrySet()) {
                if (e.getKey().equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                // directory entries, as jar tools write them
                String name = e.getKey();
                for (int i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) {
                    String dir = name.substring(0, i + 1);
                    if (!dirs.contains(dir) && !dir.equals("META-INF/")) {
                        dirs.add(dir);
                        jar.putNextEntry(new JarEntry(dir));
                        jar.closeEntry();
                    }
                }
                jar.putNextEntry(new JarEntry(name));
                jar.write(e.getValue());
                jar.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

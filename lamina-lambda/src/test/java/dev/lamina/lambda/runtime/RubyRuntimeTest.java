package dev.lamina.lambda.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.core.AwsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the Ruby runtimes are found, refused and started. */
class RubyRuntimeTest {
    @TempDir
    Path dir;

    private Path executable(String name) throws Exception {
        Path file = Files.writeString(dir.resolve(name), "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    @Test
    void aRubyRuntimeIdIsOfTheRubyFamily() {
        assertEquals(RuntimeFamily.RUBY, RuntimeFamily.of("ruby3.2"));
        assertEquals(RuntimeFamily.RUBY, RuntimeFamily.of("ruby3.4"));
        assertEquals(RuntimeFamily.RUBY, RuntimeFamily.of("ruby2.7"));
        assertNull(RuntimeFamily.of("ruby"));
        assertNull(RuntimeFamily.of("ruby3"));
    }

    @Test
    void aRubyOfTheRuntimesVersionIsFoundAndAnotherOneIsNot() throws Exception {
        Path ruby33 = executable("ruby3.3");
        executable("ruby3.1"); // Debian 12's: no Lambda runtime of that version
        executable("ruby");
        RuntimeCatalog catalog = RuntimeCatalog.discover(List.of(dir), List.of(), Map.of());
        assertEquals(new HostRuntime("ruby3.3", RuntimeFamily.RUBY, ruby33), catalog.require("ruby3.3"));
        assertFalse(catalog.all().containsKey("ruby3.1"));
        AwsException missing = assertThrows(AwsException.class, () -> catalog.require("ruby3.2"));
        assertTrue(
                missing.getMessage().contains("it needs a ruby3.2 interpreter, which was not found"),
                missing.getMessage());
        assertTrue(missing.getMessage().contains("--runtime ruby3.2=PATH"), missing.getMessage());
    }

    @Test
    void anExplicitMappingRunsARuntimeOnAnotherVersionsRuby() throws Exception {
        Path ruby = executable("ruby");
        RuntimeCatalog catalog = RuntimeCatalog.discover(List.of(), List.of(), Map.of("ruby3.2", ruby));
        assertEquals(new HostRuntime("ruby3.2", RuntimeFamily.RUBY, ruby), catalog.require("ruby3.2"));
    }

    @Test
    void retiredRubiesAreRefusedAsLambdaRefusesThem() {
        RuntimeCatalog catalog = RuntimeCatalog.discover(List.of(), List.of(), Map.of());
        for (String retired : List.of("ruby2.7", "ruby2.5")) {
            AwsException e = assertThrows(AwsException.class, () -> catalog.require(retired));
            assertEquals(
                    "The runtime parameter of " + retired + " is no longer supported for creating or updating AWS"
                            + " Lambda functions. We recommend you use a supported runtime while creating or"
                            + " updating functions.",
                    e.getMessage());
        }
        AwsException unknown = assertThrows(AwsException.class, () -> catalog.require("ruby3.9"));
        assertTrue(unknown.getMessage().contains("failed to satisfy constraint"), unknown.getMessage());
    }

    @Test
    void theRubyClientIsWrittenOutAndRunByTheRuntimesRuby() throws Exception {
        RuntimeFiles files = RuntimeFiles.install(dir.resolve("runtime"));
        assertTrue(Files.readString(files.dir().resolve("ruby/bootstrap.rb")).contains("LaminaRuntime.main"));
        HostRuntime ruby = new HostRuntime("ruby3.2", RuntimeFamily.RUBY, Path.of("/usr/bin/ruby"));
        assertEquals(
                List.of("/usr/bin/ruby", "/var/runtime/ruby/bootstrap.rb"),
                files.command(ruby, "function.handler", 512, Path.of("/var/task"), Path.of("/var/runtime")));
        assertTrue(files.preloader(ruby, 128, Path.of("/var/runtime")).isEmpty(), "a Ruby spare waits");
    }
}

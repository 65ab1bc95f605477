package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * Uploaded packages (function code and layers) that try to write outside their directory, by
 * {@code ..}, an absolute name, or a symbolic link followed by an entry through it, are refused
 * with InvalidParameterValueException and leave nothing behind: no function, no layer version, no
 * changed code, no file outside. Symbolic links that only point somewhere are kept, as on Lambda,
 * and resolve only inside the sandbox.
 */
class PackageSafetyIT extends NodeTest {
    static final String HANDLER = "def handler(event, context):\n    return 'ok'\n";
    static final ObjectMapper JSON = new ObjectMapper();

    Path outside;

    @BeforeEach
    void makeAPlaceOutside() throws Exception {
        outside = Files.createTempDirectory(Path.of("/tmp"), "lamina-outside-");
    }

    @AfterEach
    void removeIt() {
        TestNode.deleteTree(outside);
    }

    @Test
    void entriesNamedOutsideThePackageAreRefused() throws Exception {
        String escape = "../".repeat(20) + outside.toString().substring(1) + "/planted.txt";
        for (String name :
                List.of(escape, outside + "/planted.txt", "ok/" + escape, "..\\..\\planted.txt", "./../planted.txt")) {
            byte[] zip = Zips.of("app.py", HANDLER).add(name, "planted").bytes();
            refusedEverywhere(zip, name);
        }
    }

    @Test
    void anEntryThroughASymbolicLinkIsRefused() throws Exception {
        List<byte[]> tricks = List.of(
                Zips.of("app.py", HANDLER)
                        .symlink("evil", outside.toString())
                        .add("evil/planted.txt", "planted")
                        .bytes(),
                Zips.of("app.py", HANDLER)
                        .symlink("lib/evil", outside.toString())
                        .add("lib/evil/deeper/planted.txt", "planted")
                        .bytes(),
                Zips.of("app.py", HANDLER)
                        .symlink("up", "../../../../../../../../../..")
                        .add("up/" + outside.toString().substring(1) + "/planted.txt", "planted")
                        .bytes(),
                Zips.of("app.py", HANDLER)
                        .symlink("planted.txt", outside.resolve("planted.txt").toString())
                        .append("planted.txt", "planted")
                        .bytes());
        for (byte[] zip : tricks) {
            refusedEverywhere(zip, "a link then an entry through it");
        }
    }

    @Test
    void linksThatOnlyPointAreKeptAndResolveInsideTheSandbox() throws Exception {
        Path secret = outside.resolve("secret.txt");
        Files.writeString(secret, "host secret");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("r--r--r--"));
        byte[] layer = Zips.of("python/real_mod.py", "VALUE = 'from the layer'\n")
                .symlink("python/linked_mod.py", "real_mod.py")
                .bytes();
        String layerArn = lambda.publishLayerVersion(
                        b -> b.layerName("safety-links").content(c -> c.zipFile(SdkBytes.fromByteArray(layer))))
                .layerVersionArn();
        byte[] zip = Zips.of("app.py", """
                        import json, os
                        import linked_mod
                        def read(path):
                            try:
                                with open(path) as f:
                                    return f.read()
                            except OSError as e:
                                return type(e).__name__
                        def handler(event, context):
                            return {"rel": read("rel"), "dir": read("dir-link/mod.txt"),
                                    "abs_target": os.readlink("abs"), "abs": read("abs"),
                                    "layer": linked_mod.VALUE}
                        """)
                .add("data.txt", "in the package")
                .add("sub/mod.txt", "in a directory")
                .symlink("rel", "data.txt")
                .symlink("dir-link", "sub")
                .symlink("abs", secret.toString())
                .bytes();
        Functions.create(
                lambda,
                Functions.request("safety-links", "python3.11", "app.handler", zip)
                        .layers(layerArn)
                        .build());
        var response = lambda.invoke(b -> b.functionName("safety-links"));
        JsonNode out = JSON.readTree(response.payload().asUtf8String());
        assertEquals(null, response.functionError(), out.toString());
        assertEquals("in the package", out.path("rel").asText());
        assertEquals("in a directory", out.path("dir").asText());
        assertEquals("from the layer", out.path("layer").asText());
        assertEquals(secret.toString(), out.path("abs_target").asText(), "the link is kept as it was");
        if (node.isolated()) {
            assertEquals("FileNotFoundError", out.path("abs").asText(), "the sandbox's /tmp is its own");
        }
        lambda.deleteFunction(b -> b.functionName("safety-links"));
        assertEquals("host secret", Files.readString(secret));
        assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
    }

    /**
     * The package is refused as function code (create and update) and as a layer, and none of those
     * left anything: no function, no changed code, no layer version, nothing in {@link #outside}.
     */
    private void refusedEverywhere(byte[] zip, String what) throws Exception {
        String name = "safety-" + UUID.randomUUID().toString().substring(0, 8);
        refused(
                what,
                () -> lambda.createFunction(Functions.request(name, "python3.11", "app.handler", zip)
                        .build()));
        assertThrows(ResourceNotFoundException.class, () -> lambda.getFunction(b -> b.functionName(name)));

        Functions.create(lambda, name, "python3.11", "app.handler", Functions.python(HANDLER));
        String sha =
                lambda.getFunction(b -> b.functionName(name)).configuration().codeSha256();
        refused(what, () -> lambda.updateFunctionCode(b -> b.functionName(name).zipFile(SdkBytes.fromByteArray(zip))));
        assertEquals(
                sha,
                lambda.getFunction(b -> b.functionName(name)).configuration().codeSha256());
        assertEquals(
                "ok",
                lambda.invoke(b -> b.functionName(name))
                        .payload()
                        .asUtf8String()
                        .replace("\"", ""));
        lambda.deleteFunction(b -> b.functionName(name));

        refused(
                what,
                () -> lambda.publishLayerVersion(
                        b -> b.layerName(name).content(c -> c.zipFile(SdkBytes.fromByteArray(zip)))));
        assertTrue(
                lambda.listLayerVersions(b -> b.layerName(name)).layerVersions().isEmpty());
        try (var left = Files.list(outside)) {
            assertFalse(left.findAny().isPresent(), what + ": a file was written outside the package");
        }
    }

    private static void refused(String what, Runnable call) {
        InvalidParameterValueException e = assertThrows(InvalidParameterValueException.class, call::run, what);
        assertEquals(400, e.statusCode());
        assertTrue(e.awsErrorDetails().errorMessage().startsWith("Could not unzip uploaded file"), e.getMessage());
    }
}

package dev.lamina.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Rewrites a template as {@code aws cloudformation package} does, for what a Lambda application
 * packages: a local {@code CodeUri} of {@code AWS::Serverless::Function} and {@code ContentUri} of
 * {@code AWS::Serverless::LayerVersion} become {@code s3://bucket/key}; a local {@code Code} of
 * {@code AWS::Lambda::Function} and {@code Content} of {@code AWS::Lambda::LayerVersion} become
 * {@code {S3Bucket, S3Key}}. A path is relative to the template's directory; a directory is zipped
 * ({@link ArtifactZip}), a zip file goes as it is, another file is zipped alone; a missing property
 * packages the template's whole directory, as the CLI does (except beside {@code InlineCode}, a
 * {@code CodeUri} in {@code Globals}, or an image). An {@code s3://} URI or an object (an S3 location
 * or an intrinsic function) is left alone.
 *
 * <p>Changes the given document in place (the caller's parsed copy; the user's files are only read).
 * Called on the command's thread.
 */
final class TemplatePackage {
    /** Where packaged code goes: stores the zip (unless there already) and says where it is. */
    interface Artifacts {
        Location put(byte[] zip) throws IOException, InterruptedException;
    }

    record Location(String bucket, String key) {
        String uri() {
            return "s3://" + bucket + "/" + key;
        }
    }

    /** A local path that names nothing: the CLI's own words. */
    static final class MissingArtifact extends IllegalArgumentException {
        MissingArtifact(String resource, String property, Path path) {
            super("Parameter " + property + " of resource " + resource
                    + " refers to a file or folder that does not exist " + path);
        }
    }

    private final Path templateDir;
    private final Artifacts artifacts;

    TemplatePackage(Path templateDir, Artifacts artifacts) {
        this.templateDir = templateDir.toAbsolutePath();
        this.artifacts = artifacts;
    }

    /** Uploads what {@code template} names locally and points it at the uploaded objects. */
    void rewrite(ObjectNode template) throws IOException, InterruptedException {
        JsonNode globalCode = template.path("Globals").path("Function").get("CodeUri");
        if (globalCode != null && globalCode.isTextual()) {
            ((ObjectNode) template.path("Globals").path("Function"))
                    .put(
                            "CodeUri",
                            upload("Globals", "CodeUri", globalCode.asText()).uri());
        }
        JsonNode resources = template.path("Resources");
        for (Map.Entry<String, JsonNode> e : resources.properties()) {
            if (!(e.getValue() instanceof ObjectNode resource)) {
                continue;
            }
            String id = e.getKey();
            switch (resource.path("Type").asText()) {
                case "AWS::Serverless::Function" -> {
                    ObjectNode p = properties(resource);
                    boolean elsewhere = p.has("InlineCode")
                            || p.path("PackageType").asText().equals("Image")
                            || (!p.has("CodeUri") && globalCode != null);
                    if (!elsewhere) {
                        uri(id, p, "CodeUri");
                    }
                }
                case "AWS::Serverless::LayerVersion" -> uri(id, properties(resource), "ContentUri");
                case "AWS::Lambda::Function" -> {
                    ObjectNode p = properties(resource);
                    if (!p.path("PackageType").asText().equals("Image")) {
                        location(id, p, "Code");
                    }
                }
                case "AWS::Lambda::LayerVersion" -> location(id, properties(resource), "Content");
                default -> {}
            }
        }
    }

    private static ObjectNode properties(ObjectNode resource) {
        return resource.get("Properties") instanceof ObjectNode p ? p : resource.putObject("Properties");
    }

    /** SAM's form: the property becomes {@code s3://bucket/key}. */
    private void uri(String id, ObjectNode properties, String property) throws IOException, InterruptedException {
        String local = local(properties.get(property));
        if (local != null) {
            properties.put(property, upload(id, property, local).uri());
        }
    }

    /** CloudFormation's form: the property becomes {@code {S3Bucket, S3Key}}. */
    private void location(String id, ObjectNode properties, String property) throws IOException, InterruptedException {
        String local = local(properties.get(property));
        if (local != null) {
            Location at = upload(id, property, local);
            properties.putObject(property).put("S3Bucket", at.bucket()).put("S3Key", at.key());
        }
    }

    /** The local path a property names ("" for none: the template's directory), or null if not local. */
    private static String local(JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isTextual() || value.asText().startsWith("s3://")) {
            return null;
        }
        return value.asText();
    }

    private Location upload(String id, String property, String local) throws IOException, InterruptedException {
        Path path = templateDir.resolve(local).normalize();
        if (Files.isDirectory(path)) {
            return artifacts.put(ArtifactZip.ofDirectory(path));
        }
        if (!Files.isRegularFile(path)) {
            throw new MissingArtifact(id, property, path);
        }
        return artifacts.put(ArtifactZip.isZip(path) ? Files.readAllBytes(path) : ArtifactZip.ofFile(path));
    }
}

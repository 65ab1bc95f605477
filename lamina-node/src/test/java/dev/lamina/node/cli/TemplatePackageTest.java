package dev.lamina.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.cloudformation.CloudFormationService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplatePackageTest {
    @TempDir
    Path dir;

    /** Keeps what it is given; keys as the bucket makes them, by content. */
    final List<byte[]> uploaded = new ArrayList<>();

    final TemplatePackage.Artifacts artifacts = zip -> {
        uploaded.add(zip);
        return new TemplatePackage.Location("art", ArtifactBucket.sha256(zip) + ".zip");
    };

    @Test
    void localCodeOfEveryPackagedTypeIsUploadedAndPointedAt() throws Exception {
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("src/app.py"), "def handler(e, c): return 1\n");
        Files.createDirectories(dir.resolve("layer/python"));
        Files.writeString(dir.resolve("layer/python/lib.py"), "X = 1\n");
        byte[] prebuilt = ArtifactZip.ofFile(dir.resolve("src/app.py"));
        Files.write(dir.resolve("built.zip"), prebuilt);
        Files.writeString(dir.resolve("single.py"), "s\n");
        ObjectNode template = CloudFormationService.parseTemplate("""
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  Sam:
                    Type: AWS::Serverless::Function
                    Properties:
                      CodeUri: src/
                      Handler: app.handler
                      Runtime: python3.12
                  SamLayer:
                    Type: AWS::Serverless::LayerVersion
                    Properties:
                      ContentUri: ./layer
                  Plain:
                    Type: AWS::Lambda::Function
                    Properties:
                      Code: built.zip
                      Role: !GetAtt SamRole.Arn
                  PlainLayer:
                    Type: AWS::Lambda::LayerVersion
                    Properties:
                      Content: single.py
                  Queue:
                    Type: AWS::SQS::Queue
                """);

        new TemplatePackage(dir, artifacts).rewrite(template);

        String src = key(ArtifactZip.ofDirectory(dir.resolve("src")));
        String layer = key(ArtifactZip.ofDirectory(dir.resolve("layer")));
        assertEquals(
                "s3://art/" + src,
                template.at("/Resources/Sam/Properties/CodeUri").asText());
        assertEquals(
                "s3://art/" + layer,
                template.at("/Resources/SamLayer/Properties/ContentUri").asText());
        assertEquals(
                "{\"S3Bucket\":\"art\",\"S3Key\":\"" + key(prebuilt) + "\"}",
                template.at("/Resources/Plain/Properties/Code").toString());
        assertEquals(
                "{\"S3Bucket\":\"art\",\"S3Key\":\"" + key(ArtifactZip.ofFile(dir.resolve("single.py"))) + "\"}",
                template.at("/Resources/PlainLayer/Properties/Content").toString());
        assertEquals(
                "{\"Fn::GetAtt\":[\"SamRole\",\"Arn\"]}",
                template.at("/Resources/Plain/Properties/Role").toString());
        assertEquals(
                "{\"Type\":\"AWS::SQS::Queue\"}",
                template.at("/Resources/Queue").toString());
        assertEquals(4, uploaded.size());
    }

    @Test
    void s3LocationsInlineCodeAndIntrinsicsAreLeftAloneAndAMissingPropertyPackagesTheTemplatesDirectory()
            throws Exception {
        Files.writeString(dir.resolve("index.py"), "i\n");
        String text = """
                Resources:
                  InS3:
                    Type: AWS::Serverless::Function
                    Properties:
                      CodeUri: s3://elsewhere/code.zip
                  Inline:
                    Type: AWS::Serverless::Function
                    Properties:
                      InlineCode: "def h(e, c): pass"
                  Located:
                    Type: AWS::Lambda::Function
                    Properties:
                      Code:
                        S3Bucket: b
                        S3Key: k
                  Parameterised:
                    Type: AWS::Serverless::LayerVersion
                    Properties:
                      ContentUri: !Ref Where
                """;
        ObjectNode template = CloudFormationService.parseTemplate(text);
        ObjectNode untouched = template.deepCopy();
        new TemplatePackage(dir, artifacts).rewrite(template);
        assertEquals(untouched, template);
        assertEquals(0, uploaded.size());

        ObjectNode bare = CloudFormationService.parseTemplate(
                "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: index.h\n");
        new TemplatePackage(dir, artifacts).rewrite(bare);
        assertEquals(
                "s3://art/" + key(ArtifactZip.ofDirectory(dir)),
                bare.at("/Resources/Fn/Properties/CodeUri").asText());
    }

    @Test
    void aCodeUriInGlobalsIsUploadedOnceAndAFunctionWithoutItsOwnKeepsUsingIt() throws Exception {
        Files.createDirectories(dir.resolve("shared"));
        Files.writeString(dir.resolve("shared/app.py"), "a\n");
        ObjectNode template = CloudFormationService.parseTemplate("""
                Globals:
                  Function:
                    CodeUri: shared
                Resources:
                  One:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: app.one
                  Two:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: app.two
                """);
        new TemplatePackage(dir, artifacts).rewrite(template);
        assertEquals(
                "s3://art/" + key(ArtifactZip.ofDirectory(dir.resolve("shared"))),
                template.at("/Globals/Function/CodeUri").asText());
        assertEquals(
                "{\"Handler\":\"app.one\"}",
                template.at("/Resources/One/Properties").toString());
        assertEquals(1, uploaded.size());
    }

    @Test
    void aPathThatNamesNothingIsRefusedInTheClisWords() {
        ObjectNode template = CloudFormationService.parseTemplate(
                "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: gone/\n");
        var e = assertThrows(
                TemplatePackage.MissingArtifact.class, () -> new TemplatePackage(dir, artifacts).rewrite(template));
        assertEquals(
                "Parameter CodeUri of resource Fn refers to a file or folder that does not exist "
                        + dir.toAbsolutePath().resolve("gone"),
                e.getMessage());
        assertEquals(0, uploaded.size());
    }

    private static String key(byte[] zip) {
        return ArtifactBucket.sha256(zip) + ".zip";
    }
}

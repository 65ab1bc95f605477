package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DynamoDB through the real AWS CLI v2 at /usr/bin/aws (botocore's JSON 1.0). */
class DynamoDbCliIT {
    static TestNode node;
    static AwsCli aws;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(AwsCli.available(), "the AWS CLI v2 (/usr/bin/aws, Debian package awscli) is not installed");
        node = TestNode.start();
        Path work = Files.createDirectories(node.dataDir().resolve("dynamodb-cli"));
        aws = new AwsCli(node.endpoint(), work);
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    /** A refused call: the CLI exits 254 and names the error's code and message. */
    static void refused(String code, String message, AwsCli.Result r) {
        assertEquals(254, r.exitCode(), r.stdout() + r.stderr());
        assertTrue(r.stderr().contains("(" + code + ")"), r.stderr());
        assertTrue(r.stderr().contains(message), r.stderr());
    }

    @Test
    void aTableAndItsItemsThroughTheCli() throws Exception {
        JsonNode created = CliIT.ok(aws.run(
                        "dynamodb",
                        "create-table",
                        "--table-name",
                        "music",
                        "--attribute-definitions",
                        "AttributeName=Artist,AttributeType=S",
                        "AttributeName=SongTitle,AttributeType=S",
                        "--key-schema",
                        "AttributeName=Artist,KeyType=HASH",
                        "AttributeName=SongTitle,KeyType=RANGE",
                        "--billing-mode",
                        "PAY_PER_REQUEST"))
                .get("TableDescription");
        assertEquals("music", created.get("TableName").asText());
        CliIT.ok(aws.run("dynamodb", "wait", "table-exists", "--table-name", "music"));

        for (String[] song : new String[][] {
            {"Call Me Today", "Somewhat Famous"}, {"Happy Day", "Songs About Life"}, {"Another Day", "Greatest"}
        }) {
            CliIT.ok(aws.run(
                    "dynamodb",
                    "put-item",
                    "--table-name",
                    "music",
                    "--item",
                    "{\"Artist\":{\"S\":\"No One You Know\"},\"SongTitle\":{\"S\":\"" + song[0]
                            + "\"},\"AlbumTitle\":{\"S\":\"" + song[1] + "\"},\"Awards\":{\"N\":\"1\"}}"));
        }
        JsonNode item = CliIT.ok(aws.run(
                        "dynamodb",
                        "get-item",
                        "--table-name",
                        "music",
                        "--key",
                        "{\"Artist\":{\"S\":\"No One You Know\"},\"SongTitle\":{\"S\":\"Happy Day\"}}"))
                .get("Item");
        assertEquals("Songs About Life", item.at("/AlbumTitle/S").asText());

        JsonNode query = CliIT.ok(aws.run(
                "dynamodb",
                "query",
                "--table-name",
                "music",
                "--key-condition-expression",
                "Artist = :a AND begins_with(SongTitle, :t)",
                "--expression-attribute-values",
                "{\":a\":{\"S\":\"No One You Know\"},\":t\":{\"S\":\"Ca\"}}"));
        assertEquals(1, query.get("Count").asInt());
        assertEquals("Call Me Today", query.at("/Items/0/SongTitle/S").asText());

        JsonNode all = CliIT.ok(aws.run(
                "dynamodb",
                "query",
                "--table-name",
                "music",
                "--key-condition-expression",
                "Artist = :a",
                "--expression-attribute-values",
                "{\":a\":{\"S\":\"No One You Know\"}}"));
        assertEquals("Another Day", all.at("/Items/0/SongTitle/S").asText());
        assertEquals("Happy Day", all.at("/Items/2/SongTitle/S").asText());

        refused(
                "ValidationException",
                "One or more parameter values were invalid: Missing the key SongTitle in the item",
                aws.run("dynamodb", "put-item", "--table-name", "music", "--item", "{\"Artist\":{\"S\":\"Half\"}}"));
        refused(
                "ValidationException",
                "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: Year",
                aws.run(
                        "dynamodb",
                        "put-item",
                        "--table-name",
                        "music",
                        "--item",
                        "{\"Artist\":{\"S\":\"Half\"},\"SongTitle\":{\"S\":\"x\"}}",
                        "--condition-expression",
                        "attribute_not_exists(Year)"));
        refused(
                "ResourceNotFoundException",
                "Requested resource not found",
                aws.run("dynamodb", "get-item", "--table-name", "no-such", "--key", "{\"Artist\":{\"S\":\"x\"}}"));
        JsonNode scan = CliIT.ok(aws.run("dynamodb", "scan", "--table-name", "music", "--select", "COUNT"));
        assertEquals(3, scan.get("Count").asInt(), "the refused puts wrote nothing");
    }
}

package dev.lamina.dynamodb.table;

import dev.lamina.core.AwsException;

/** DynamoDB's errors that more than one operation throws, worded as DynamoDB words them. */
public final class DynamoDbErrors {
    private DynamoDbErrors() {}

    /** What item operations say of a table that does not exist. */
    public static AwsException noTable() {
        return new AwsException(400, "ResourceNotFoundException", "Requested resource not found");
    }

    /** What DescribeTable and DeleteTable say of a table that does not exist. */
    public static AwsException noTable(String name) {
        return new AwsException(
                400, "ResourceNotFoundException", "Requested resource not found: Table: " + name + " not found");
    }

    public static AwsException tableExists(String name) {
        return new AwsException(400, "ResourceInUseException", "Table already exists: " + name);
    }

    public static AwsException conditionFailed() {
        return new AwsException(400, "ConditionalCheckFailedException", "The conditional request failed");
    }

    /** A key that is not the table's key: missing or extra attributes, or the wrong types. */
    public static AwsException keyMismatch() {
        return AwsException.validation("The provided key element does not match the schema");
    }

    public static AwsException invalid(String what) {
        return AwsException.validation("One or more parameter values were invalid: " + what);
    }
}

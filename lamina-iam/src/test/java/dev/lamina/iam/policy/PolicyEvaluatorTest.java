package dev.lamina.iam.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.core.AwsException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyEvaluatorTest {
    private static Decision evaluate(String action, String resource, String... policies) {
        return PolicyEvaluator.evaluate(
                java.util.Arrays.stream(policies).map(PolicyDocument::parse).toList(), action, resource);
    }

    private static final String READ_ONE_BUCKET = """
            {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject",
             "Resource": "arn:aws:s3:::data/*"}}""";

    @Test
    void anAllowCoversItsActionAndResourceOnly() {
        assertEquals(Decision.ALLOW, evaluate("s3:GetObject", "arn:aws:s3:::data/a.txt", READ_ONE_BUCKET));
        assertEquals(Decision.ALLOW, evaluate("S3:GETOBJECT", "arn:aws:s3:::data/a.txt", READ_ONE_BUCKET));
        assertEquals(Decision.IMPLICIT_DENY, evaluate("s3:PutObject", "arn:aws:s3:::data/a.txt", READ_ONE_BUCKET));
        assertEquals(Decision.IMPLICIT_DENY, evaluate("s3:GetObject", "arn:aws:s3:::other/a", READ_ONE_BUCKET));
        assertEquals(Decision.IMPLICIT_DENY, evaluate("s3:GetObject", "arn:aws:s3:::Data/a", READ_ONE_BUCKET));
    }

    @Test
    void nothingAllowsWithNoPolicy() {
        assertEquals(Decision.IMPLICIT_DENY, PolicyEvaluator.evaluate(List.of(), "s3:GetObject", "*"));
    }

    @Test
    void anExplicitDenyWinsOverAnyAllowInAnyPolicy() {
        String everything = """
                {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}""";
        String noDeletes = """
                {"Statement": [{"Effect": "Deny", "Action": ["s3:Delete*", "sqs:SendMessage"], "Resource": "*"}]}""";
        assertEquals(Decision.ALLOW, evaluate("s3:GetObject", "arn:aws:s3:::b/k", everything, noDeletes));
        assertEquals(Decision.EXPLICIT_DENY, evaluate("s3:DeleteObject", "arn:aws:s3:::b/k", everything, noDeletes));
        assertEquals(
                Decision.EXPLICIT_DENY,
                evaluate("sqs:SendMessage", "arn:aws:sqs:us-east-1:000000000000:q", noDeletes, everything));
    }

    @Test
    void notActionAndNotResourceCoverEverythingElse() {
        String allButIam = """
                {"Statement": [{"Effect": "Allow", "NotAction": "iam:*", "NotResource": ["arn:aws:s3:::secret",
                 "arn:aws:s3:::secret/*"]}]}""";
        assertEquals(Decision.ALLOW, evaluate("s3:GetObject", "arn:aws:s3:::data/x", allButIam));
        assertEquals(Decision.IMPLICIT_DENY, evaluate("iam:CreateRole", "*", allButIam));
        assertEquals(Decision.IMPLICIT_DENY, evaluate("s3:GetObject", "arn:aws:s3:::secret/x", allButIam));
    }

    @Test
    void anAllowWithAConditionAllowsNothingAndADenyWithOneDenies() {
        String conditionalAllow = """
                {"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*",
                 "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]}""";
        String conditionalDeny = """
                {"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
                 {"Effect": "Deny", "Action": "s3:PutObject", "Resource": "*",
                  "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1"}}}]}""";
        assertEquals(Decision.IMPLICIT_DENY, evaluate("s3:GetObject", "arn:aws:s3:::b/k", conditionalAllow));
        assertEquals(Decision.ALLOW, evaluate("s3:GetObject", "arn:aws:s3:::b/k", conditionalDeny));
        assertEquals(Decision.EXPLICIT_DENY, evaluate("s3:PutObject", "arn:aws:s3:::b/k", conditionalDeny));
    }

    @Test
    void malformedDocumentsAreRefusedAsIamRefusesThem() {
        assertMalformed("{not json", "This policy contains invalid Json");
        assertMalformed("[]", "This policy contains invalid Json");
        assertMalformed("{\"Version\": \"2020-01-01\", \"Statement\": []}", "The policy failed legacy parsing");
        assertMalformed("{\"Statement\": []}", "Syntax errors in policy.");
        assertMalformed(
                "{\"Statement\": {\"Effect\": \"Maybe\", \"Action\": \"*\", \"Resource\": \"*\"}}",
                "Syntax errors in policy.");
        assertMalformed(
                "{\"Statement\": {\"Effect\": \"Allow\", \"Resource\": \"*\"}}",
                "Policy statement must contain actions.");
        assertMalformed(
                "{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:*\"}}",
                "Policy statement must contain resources.");
        assertMalformed(
                "{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"GetObject\", \"Resource\": \"*\"}}",
                "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
        assertMalformed(
                "{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"*\", \"Resource\": \"*\"}}",
                "Policy document should not specify a principal.");
        assertMalformed(
                "{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"bucket\"}}",
                "Resource bucket must be in ARN format or \"*\".");
    }

    private static void assertMalformed(String document, String message) {
        AwsException e = assertThrows(AwsException.class, () -> PolicyDocument.parse(document));
        assertEquals("MalformedPolicyDocument", e.code());
        assertEquals(400, e.status());
        assertEquals(message, e.getMessage());
    }
}

package dev.lamina.iam.policy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WildcardTest {
    @Test
    void aStarMatchesAnyRunAndAQuestionMarkOneCharacter() {
        assertTrue(Wildcard.matches("arn:aws:s3:::photos/*", "arn:aws:s3:::photos/a/b.jpg"));
        assertTrue(Wildcard.matches("arn:aws:s3:::photos/*", "arn:aws:s3:::photos/"));
        assertFalse(Wildcard.matches("arn:aws:s3:::photos/*", "arn:aws:s3:::photos"));
        assertTrue(Wildcard.matches("arn:aws:sqs:*:*:jobs-?", "arn:aws:sqs:us-east-1:000000000000:jobs-1"));
        assertFalse(Wildcard.matches("arn:aws:sqs:*:*:jobs-?", "arn:aws:sqs:us-east-1:000000000000:jobs-12"));
        assertTrue(Wildcard.matches("*", ""));
        assertTrue(Wildcard.matches("a*b*c", "aXXbYbZc"));
        assertFalse(Wildcard.matches("a*b*c", "aXXbYbZ"));
        assertTrue(Wildcard.matches("**x", "abx"));
    }

    @Test
    void resourcesCompareWithCaseAndActionsWithout() {
        assertFalse(Wildcard.matches("arn:aws:s3:::photos/*", "arn:aws:s3:::Photos/a"));
        assertTrue(Wildcard.matchesIgnoringCase("s3:Get*", "S3:getobject"));
        assertFalse(Wildcard.matchesIgnoringCase("s3:Get*", "s3:PutObject"));
    }

    @Test
    void otherCharactersAreLiteral() {
        assertTrue(Wildcard.matches("arn:aws:s3:::a.b/[x]+", "arn:aws:s3:::a.b/[x]+"));
        assertFalse(Wildcard.matches("arn:aws:s3:::a.b", "arn:aws:s3:::aXb"));
        assertTrue(Wildcard.matches("${aws:username}", "${aws:username}"));
    }
}

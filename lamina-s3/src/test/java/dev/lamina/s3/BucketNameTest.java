package dev.lamina.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.core.AwsException;
import org.junit.jupiter.api.Test;

class BucketNameTest {
    @Test
    void acceptsS3sNames() {
        for (String name : new String[] {"abc", "my-bucket", "my.bucket.1", "a".repeat(63)}) {
            assertEquals(name, BucketName.check(name));
        }
    }

    @Test
    void refusesTheRestAsInvalidBucketName() {
        for (String name : new String[] {
            "ab",
            "a".repeat(64),
            "Upper",
            "under_score",
            "-start",
            "end-",
            "two..dots",
            "dot.-dash",
            "192.168.1.1",
            "xn--punycode",
            "sthree-x",
            "x-s3alias",
            ""
        }) {
            AwsException e = assertThrows(AwsException.class, () -> BucketName.check(name), name);
            assertEquals(400, e.status());
            assertEquals("InvalidBucketName", e.code());
        }
    }
}

package dev.lamina.s3.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AddressTest {
    @Test
    void pathStyle() {
        assertEquals(new Address(null, null), Address.of("127.0.0.1:9701", "/"));
        assertEquals(new Address("b", null), Address.of("127.0.0.1:9701", "/b"));
        assertEquals(new Address("b", null), Address.of("localhost:9701", "/b/"));
        assertEquals(new Address("b", "dir/a b+c"), Address.of("s3.localhost:9701", "/b/dir/a%20b+c"));
        assertEquals(new Address("b", "dir/"), Address.of("127.0.0.1", "/b/dir/"));
        assertEquals(new Address("b", "/x"), Address.of("127.0.0.1", "/b//x"));
    }

    @Test
    void virtualHostStyleNamesTheBucketBeforeTheS3Label() {
        assertEquals(new Address("photos", null), Address.of("photos.s3.localhost:9701", "/"));
        assertEquals(new Address("photos", "a/b.jpg"), Address.of("photos.s3.localhost:9701", "/a/b.jpg"));
        assertEquals(new Address("my.dotted", "k"), Address.of("my.dotted.s3.us-east-1.localhost", "/k"));
        assertEquals(new Address("s3", "k"), Address.of("s3.s3.localhost", "/k"));
        assertEquals(new Address("photos", "k/"), Address.of("PHOTOS.S3.LOCALHOST", "/k/"));
    }
}

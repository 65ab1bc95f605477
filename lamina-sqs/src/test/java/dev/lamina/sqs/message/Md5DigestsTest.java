package dev.lamina.sqs.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Md5DigestsTest {
    private static String md5(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }

    @Test
    void theBodysDigestIsThatOfItsUtf8Bytes() throws Exception {
        assertEquals("5d41402abc4b2a76b9719d911017c592", Md5Digests.ofBody("hello"));
        assertEquals(md5("héllo ✓".getBytes(StandardCharsets.UTF_8)), Md5Digests.ofBody("héllo ✓"));
    }

    @Test
    void attributesAreDigestedInNameOrderAsLengthPrefixedFieldsWithATransportByte() throws Exception {
        byte[] expected = HexFormat.of()
                .parseHex("00000001" + "61" + "00000006" + "537472696e67" + "01" + "00000001" + "62" + "00000001" + "7a"
                        + "00000006" + "42696e617279" + "02" + "00000002" + "00ff");
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        attributes.put("z", new MessageAttributeValue("Binary", null, new byte[] {0, (byte) 0xff}));
        attributes.put("a", new MessageAttributeValue("String", "b", null));
        assertEquals(md5(expected), Md5Digests.ofAttributes(attributes));
        assertNull(Md5Digests.ofAttributes(Map.of()));
    }
}

package dev.lamina.sqs.message;

import dev.lamina.sqs.queue.SqsErrors;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * What a receive hands out to delete the message or change its visibility with: the queue's message
 * group, the message's id and the receive's own receipt, as one opaque URL-safe token. A handle of
 * another queue, or of a queue since deleted, names another group and so no message here.
 */
public record ReceiptHandle(String group, String messageId, String receipt) {

    public String encode() {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((group + "\n" + messageId + "\n" + receipt).getBytes(StandardCharsets.UTF_8));
    }

    /** Parses a handle; throws {@code ReceiptHandleIsInvalid} for anything a receive did not hand out. */
    public static ReceiptHandle parse(String handle) {
        if (handle == null || handle.isEmpty()) {
            throw SqsErrors.missingParameter("ReceiptHandle");
        }
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(handle), StandardCharsets.UTF_8).split("\n", -1);
        } catch (IllegalArgumentException e) {
            throw SqsErrors.receiptHandleIsInvalid(handle);
        }
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw SqsErrors.receiptHandleIsInvalid(handle);
        }
        return new ReceiptHandle(parts[0], parts[1], parts[2]);
    }
}

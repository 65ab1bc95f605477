package dev.lamina.sqs.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.core.AwsException;
import dev.lamina.edge.Access;
import dev.lamina.edge.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqsAccessTest {
    private static final SqsAccess RULES = new SqsAccess("us-east-1", "000000000000");
    private static final String ARN = "arn:aws:sqs:us-east-1:000000000000:jobs";

    private static Access json(String operation, String document) throws Exception {
        return RULES.ofOperation(operation, new ObjectMapper().readTree(document));
    }

    private static Access query(String path, String form) {
        return RULES.ofRoute(
                new HttpRequest("POST", path, null, Map.of(), Map.of(), form.getBytes(StandardCharsets.UTF_8)),
                Map.of());
    }

    @Test
    void theJsonProtocolNamesTheQueueOfItsUrlOrName() throws Exception {
        assertEquals(
                new Access("sqs:SendMessage", ARN),
                json("SendMessage", "{\"QueueUrl\": \"http://127.0.0.1:9701/000000000000/jobs\"}"));
        assertEquals(new Access("sqs:CreateQueue", ARN), json("CreateQueue", "{\"QueueName\": \"jobs\"}"));
        assertEquals(new Access("sqs:GetQueueUrl", ARN), json("GetQueueUrl", "{\"QueueName\": \"jobs\"}"));
        assertEquals(new Access("sqs:ListQueues", "*"), json("ListQueues", "{\"QueueNamePrefix\": \"j\"}"));
        assertEquals(
                new Access("sqs:SendMessage", "*"), json("SendMessage", "{\"QueueUrl\": \"http://x/other/jobs\"}"));
    }

    @Test
    void theQueryProtocolNamesTheQueueOfItsFormOrPath() {
        assertEquals(
                new Access("sqs:ReceiveMessage", ARN),
                query("/", "Action=ReceiveMessage&QueueUrl=http%3A%2F%2Flocalhost%2F000000000000%2Fjobs"));
        assertEquals(new Access("sqs:DeleteMessage", ARN), query("/000000000000/jobs", "Action=DeleteMessage"));
        assertEquals(new Access("sqs:ListQueues", "*"), query("/", "Action=ListQueues&Version=2012-11-05"));
    }

    @Test
    void aRefusalIsSqsAccessDeniedInItsWords() {
        AwsException e = RULES.denied("arn:aws:iam::000000000000:role/r", new Access("sqs:SendMessage", ARN), false);
        assertEquals(403, e.status());
        assertEquals("AccessDeniedException", e.code());
        assertEquals(
                "User: arn:aws:iam::000000000000:role/r is not authorized to perform: sqs:sendmessage on resource: "
                        + ARN + " because no identity-based policy allows the sqs:sendmessage action",
                e.getMessage());
        assertEquals("AccessDenied", dev.lamina.sqs.queue.SqsErrors.QUERY_CODES.get(e.code()));
    }
}

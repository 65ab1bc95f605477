package dev.lamina.sqs.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The query protocol's forms as documents, and documents as its XML. */
class QueryProtocolTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void flattenedListsAndMapsBecomeTheJsonProtocolsMembers() throws Exception {
        String form = "Action=SendMessageBatch&Version=2012-11-05&QueueUrl=http%3A%2F%2Fh%2F0%2Fq"
                + "&SendMessageBatchRequestEntry.1.Id=a&SendMessageBatchRequestEntry.1.MessageBody=one+two"
                + "&SendMessageBatchRequestEntry.1.MessageAttribute.1.Name=n"
                + "&SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType=Number"
                + "&SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringValue=7"
                + "&SendMessageBatchRequestEntry.10.Id=j&SendMessageBatchRequestEntry.10.MessageBody=ten"
                + "&SendMessageBatchRequestEntry.2.Id=b&SendMessageBatchRequestEntry.2.MessageBody=%E2%9C%93";
        assertEquals(
                JSON.readTree("{\"QueueUrl\":\"http://h/0/q\",\"Entries\":["
                        + "{\"Id\":\"a\",\"MessageAttributes\":{\"n\":{\"DataType\":\"Number\",\"StringValue\":\"7\"}},"
                        + "\"MessageBody\":\"one two\"},"
                        + "{\"Id\":\"b\",\"MessageBody\":\"✓\"},{\"Id\":\"j\",\"MessageBody\":\"ten\"}]}"),
                QueryForms.document("SendMessageBatch", QueryForms.parse(form)));
        assertEquals(
                JSON.readTree("{\"QueueName\":\"q\",\"Attributes\":{\"DelaySeconds\":\"3\"},\"tags\":{\"k\":\"v\"}}"),
                QueryForms.document(
                        "CreateQueue",
                        QueryForms.parse("Action=CreateQueue&QueueName=q&Attribute.1.Name=DelaySeconds"
                                + "&Attribute.1.Value=3&Tag.1.Key=k&Tag.1.Value=v")));
        assertEquals(
                JSON.readTree("{\"AttributeNames\":[\"All\",\"QueueArn\"],\"MessageAttributeNames\":[]}"),
                QueryForms.document(
                        "ReceiveMessage",
                        QueryForms.parse("AttributeName.2=QueueArn&AttributeName.1=All&MessageAttributeName=")));
    }

    @Test
    void documentsBecomeFlattenedXmlUnderTheActionsResult() throws Exception {
        assertEquals(
                "<?xml version=\"1.0\"?><GetQueueAttributesResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\">"
                        + "<GetQueueAttributesResult><Attribute><Name>VisibilityTimeout</Name><Value>30</Value>"
                        + "</Attribute></GetQueueAttributesResult><ResponseMetadata><RequestId>r</RequestId>"
                        + "</ResponseMetadata></GetQueueAttributesResponse>",
                QueryXml.response(
                        "GetQueueAttributes", JSON.readTree("{\"Attributes\":{\"VisibilityTimeout\":\"30\"}}"), "r"));
        String received = QueryXml.response(
                "ReceiveMessage",
                JSON.readTree("{\"Messages\":[{\"MessageId\":\"m\",\"Body\":\"a<b\\r\","
                        + "\"MessageAttributes\":{\"n\":{\"StringValue\":\"7\",\"DataType\":\"Number\"}}}]}"),
                "r");
        assertEquals(
                "<?xml version=\"1.0\"?><ReceiveMessageResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\">"
                        + "<ReceiveMessageResult><Message><MessageId>m</MessageId><Body>a&lt;b&#xD;</Body>"
                        + "<MessageAttribute><Name>n</Name><Value><StringValue>7</StringValue>"
                        + "<DataType>Number</DataType></Value></MessageAttribute></Message></ReceiveMessageResult>"
                        + "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></ReceiveMessageResponse>",
                received);
        assertEquals(
                "<?xml version=\"1.0\"?><SendMessageBatchResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\">"
                        + "<SendMessageBatchResult><SendMessageBatchResultEntry><Id>a</Id></SendMessageBatchResultEntry>"
                        + "<BatchResultErrorEntry><Id>b</Id><SenderFault>true</SenderFault></BatchResultErrorEntry>"
                        + "</SendMessageBatchResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>"
                        + "</SendMessageBatchResponse>",
                QueryXml.response(
                        "SendMessageBatch",
                        JSON.readTree(
                                "{\"Successful\":[{\"Id\":\"a\"}],\"Failed\":[{\"Id\":\"b\",\"SenderFault\":true}]}"),
                        "r"));
        assertEquals(
                "<?xml version=\"1.0\"?><DeleteQueueResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\">"
                        + "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DeleteQueueResponse>",
                QueryXml.response("DeleteQueue", JSON.createObjectNode(), "r"));
    }

    @Test
    void queueUrlsAreReadByTheirPath() {
        assertEquals("q", QueueUrls.name("http://127.0.0.1:9/000000000000/q", "000000000000"));
        assertEquals("q", QueueUrls.name("https://sqs.us-east-1.amazonaws.com/000000000000/q", "000000000000"));
        for (String bad : new String[] {"http://h/111111111111/q", "http://h/000000000000/", "http://h/q", "::"}) {
            assertEquals(
                    "QueueDoesNotExist",
                    org.junit.jupiter.api.Assertions.assertThrows(
                                    dev.lamina.core.AwsException.class, () -> QueueUrls.name(bad, "000000000000"))
                            .code(),
                    bad);
        }
    }
}

package dev.lamina.cloudformation.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class NotificationXmlTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void cloudFormationsConfigurationIsS3sXml() throws Exception {
        String xml = NotificationXml.of(JSON.readTree("""
                {"LambdaConfigurations": [{"Event": "s3:ObjectCreated:*",
                   "Function": "arn:aws:lambda:us-east-1:000000000000:function:f",
                   "Filter": {"S3Key": {"Rules": [{"Name": "prefix", "Value": "in/<&>"}, {"Name": "suffix", "Value": ".txt"}]}}}],
                 "QueueConfigurations": [{"Event": "s3:ObjectRemoved:*", "Queue": "arn:aws:sqs:us-east-1:000000000000:q"}]}
                """));
        assertEquals(
                "<NotificationConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                        + "<QueueConfiguration><Queue>arn:aws:sqs:us-east-1:000000000000:q</Queue>"
                        + "<Event>s3:ObjectRemoved:*</Event></QueueConfiguration>"
                        + "<CloudFunctionConfiguration><CloudFunction>arn:aws:lambda:us-east-1:000000000000:function:f"
                        + "</CloudFunction><Event>s3:ObjectCreated:*</Event><Filter><S3Key>"
                        + "<FilterRule><Name>prefix</Name><Value>in/&lt;&amp;&gt;</Value></FilterRule>"
                        + "<FilterRule><Name>suffix</Name><Value>.txt</Value></FilterRule>"
                        + "</S3Key></Filter></CloudFunctionConfiguration></NotificationConfiguration>",
                xml);
    }

    @Test
    void noConfigurationIsAnEmptyOneWhichRemovesEveryNotification() {
        assertEquals(
                "<NotificationConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"></NotificationConfiguration>",
                NotificationXml.of(null));
    }
}

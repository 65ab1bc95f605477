package dev.lamina.cloudwatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.lamina.cloudwatch.metric.CloudWatchErrors;
import dev.lamina.cloudwatch.metric.Metrics;
import dev.lamina.cloudwatch.store.SqliteMetricStore;
import dev.lamina.core.AwsException;
import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.HttpResponse;
import dev.lamina.edge.protocol.Query;
import dev.lamina.storage.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloudWatchFacesTest {
    @TempDir
    Path dir;

    private final Instant now = Instant.parse("2026-12-07T10:00:30Z");
    private Database db;
    private CloudWatchFaces faces;

    @BeforeEach
    void open() throws Exception {
        db = new Database(dir.resolve("lamina.db"));
        faces = new CloudWatchFaces(
                new CloudWatchApi(new Metrics(new SqliteMetricStore(db), () -> now)),
                RandomGenerator.of("L64X128MixRandom"));
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    private static HttpRequest post(String path, Map<String, String> headers, byte[] body) {
        Map<String, java.util.List<String>> multi = new java.util.HashMap<>();
        headers.forEach((k, v) -> multi.put(k, java.util.List.of(v)));
        return new HttpRequest("POST", path, "", Map.of(), multi, body);
    }

    private String query(String form) {
        HttpResponse r = faces.query(post("/", Map.of(), form.getBytes(StandardCharsets.UTF_8)));
        assertEquals(200, r.status());
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void theQueryProtocolPutsListsAndReadsStatisticsBack() {
        String put = query("Action=PutMetricData&Version=2010-08-01&Namespace=App"
                + "&MetricData.member.1.MetricName=Latency&MetricData.member.1.Unit=Milliseconds"
                + "&MetricData.member.1.Dimensions.member.1.Name=Page&MetricData.member.1.Dimensions.member.1.Value=home"
                + "&MetricData.member.1.Values.member.1=10&MetricData.member.1.Values.member.2=30"
                + "&MetricData.member.1.Counts.member.1=3&MetricData.member.1.Counts.member.2=1"
                + "&MetricData.member.1.Timestamp=2026-12-07T10%3A00%3A10Z");
        assertTrue(
                put.startsWith(
                        "<?xml version=\"1.0\"?><PutMetricDataResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"><ResponseMetadata><RequestId>"),
                put);

        String stats = query("Action=GetMetricStatistics&Version=2010-08-01&Namespace=App&MetricName=Latency"
                + "&Dimensions.member.1.Name=Page&Dimensions.member.1.Value=home"
                + "&StartTime=2026-12-07T10%3A00%3A00Z&EndTime=2026-12-07T10%3A01%3A00Z&Period=60"
                + "&Statistics.member.1=SampleCount&Statistics.member.2=Sum&Statistics.member.3=Maximum");
        assertTrue(
                stats.contains("<GetMetricStatisticsResult><Label>Latency</Label><Datapoints><member>"
                        + "<Timestamp>2026-12-07T10:00:00Z</Timestamp><SampleCount>4.0</SampleCount><Sum>60.0</Sum>"
                        + "<Maximum>30.0</Maximum><Unit>Milliseconds</Unit></member></Datapoints>"
                        + "</GetMetricStatisticsResult>"),
                stats);
        String percentiles = query("Action=GetMetricStatistics&Namespace=App&MetricName=Latency"
                + "&Dimensions.member.1.Name=Page&Dimensions.member.1.Value=home"
                + "&StartTime=2026-12-07T10%3A00%3A00Z&EndTime=2026-12-07T10%3A01%3A00Z&Period=60"
                + "&ExtendedStatistics.member.1=p100");
        assertTrue(
                percentiles.contains("<Unit>Milliseconds</Unit><ExtendedStatistics><entry><key>p100</key>"
                        + "<value>30.0</value></entry></ExtendedStatistics></member>"),
                percentiles);

        String list = query("Action=ListMetrics&Namespace=App");
        assertTrue(
                list.contains("<Metrics><member><Namespace>App</Namespace><MetricName>Latency</MetricName><Dimensions>"
                        + "<member><Name>Page</Name><Value>home</Value></member></Dimensions></member></Metrics>"),
                list);
    }

    @Test
    void badRequestsGetAwsCodesInTheQueryShape() {
        AwsException e = refused(STATISTICS + "&Period=7&Statistics.member.1=Sum");
        String xml = new String(
                new Query(QueryAnswer.NAMESPACE, CloudWatchErrors.QUERY_CODES)
                        .error(e, "r1")
                        .body(),
                StandardCharsets.UTF_8);
        assertTrue(xml.contains("<Type>Sender</Type><Code>InvalidParameterValue</Code>"), xml);

        assertEquals(
                "InvalidParameterCombinationException",
                refused("Action=PutMetricData&Namespace=App&MetricData.member.1.MetricName=M"
                                + "&MetricData.member.1.Value=1&MetricData.member.1.StatisticValues.SampleCount=1"
                                + "&MetricData.member.1.StatisticValues.Sum=1&MetricData.member.1.StatisticValues.Minimum=1"
                                + "&MetricData.member.1.StatisticValues.Maximum=1")
                        .code());
        assertEquals(
                "InvalidParameterCombinationException",
                refused(STATISTICS + "&Period=60&Statistics.member.1=Sum&ExtendedStatistics.member.1=p99")
                        .code());
        assertEquals(
                "The parameter Statistics.member.1 must be a value in the set [ Minimum, Maximum, Average, SampleCount,"
                        + " Sum ].",
                refused(STATISTICS + "&Period=60&Statistics.member.1=Median").getMessage());
        assertEquals(
                "MissingRequiredParameterException",
                refused("Action=PutMetricData&Namespace=App").code());
        assertEquals(
                "InvalidParameterValueException",
                refused("Action=PutMetricData&Namespace=AWS/Lambda&MetricData.member.1.MetricName=M"
                                + "&MetricData.member.1.Value=1")
                        .code());
    }

    private static final String STATISTICS = "Action=GetMetricStatistics&Namespace=App&MetricName=M"
            + "&StartTime=2026-12-07T10%3A00%3A00Z&EndTime=2026-12-07T10%3A01%3A00Z";

    private AwsException refused(String form) {
        return assertThrows(AwsException.class, () -> query(form));
    }

    @Test
    void rpcV2CborAnswersInCborWithTaggedSecondsAndItsErrorsTooWithTheQueryCode() throws Exception {
        CBORMapper cbor = new CBORMapper();
        byte[] put = cbor.writeValueAsBytes(Map.of(
                "Namespace",
                "App",
                "MetricData",
                java.util.List.of(Map.of("MetricName", "Hits", "Value", 2.0, "StorageResolution", 1))));
        HttpResponse ok = faces.rpcV2(
                post(
                        "/service/GraniteServiceVersion20100801/operation/PutMetricData",
                        Map.of("content-type", "application/cbor"),
                        put),
                "PutMetricData");
        assertEquals(200, ok.status());
        assertEquals("rpc-v2-cbor", ok.headers().get("smithy-protocol"));
        assertEquals("application/cbor", ok.headers().get("Content-Type"));

        byte[] get = cbor.writeValueAsBytes(Map.of(
                "MetricDataQueries",
                java.util.List.of(Map.of(
                        "Id",
                        "m1",
                        "MetricStat",
                        Map.of(
                                "Metric",
                                Map.of("Namespace", "App", "MetricName", "Hits"),
                                "Period",
                                1,
                                "Stat",
                                "Sum"))),
                "StartTime",
                now.minusSeconds(60).getEpochSecond(),
                "EndTime",
                now.plusSeconds(1).getEpochSecond()));
        HttpResponse data = faces.rpcV2(post("/", Map.of(), get), "GetMetricData");
        byte[] body = data.body();
        JsonNode doc = cbor.readTree(body);
        JsonNode result = doc.get("MetricDataResults").get(0);
        assertEquals("m1", result.get("Id").asText());
        assertEquals(2.0, result.get("Values").get(0).asDouble());
        assertEquals(
                (double) now.getEpochSecond(), result.get("Timestamps").get(0).asDouble());
        int tag = indexOf(body, (byte) 0xc1); // tag 1 precedes the timestamp
        assertEquals((byte) 0xfb, body[tag + 1], "a float64 of epoch seconds under tag 1");

        HttpResponse bad =
                faces.rpcV2(post("/", Map.of(), cbor.writeValueAsBytes(Map.of("Namespace", "App"))), "PutMetricData");
        assertEquals(400, bad.status());
        assertEquals("MissingParameter;Sender", bad.headers().get("x-amzn-query-error"));
        assertEquals(
                "MissingRequiredParameterException",
                cbor.readTree(bad.body()).get("__type").asText());
    }

    @Test
    void getMetricDataComputesExpressionsFromTheOtherQueries() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        CloudWatchApi api = new CloudWatchApi(new Metrics(new SqliteMetricStore(db), () -> now));
        api.perform(
                "PutMetricData",
                json.readTree("{\"Namespace\":\"App\",\"MetricData\":["
                        + "{\"MetricName\":\"Errors\",\"Value\":1,\"Timestamp\":1796637610},"
                        + "{\"MetricName\":\"Calls\",\"Value\":4,\"Timestamp\":1796637610}]}"));
        String stat = "{\"Metric\":{\"Namespace\":\"App\",\"MetricName\":\"%s\"},\"Period\":60,\"Stat\":\"Sum\"}";
        String request = "{\"StartTime\":1796637600,\"EndTime\":1796637660,\"MetricDataQueries\":["
                + "{\"Id\":\"rate\",\"Expression\":\"e/c*100\",\"Label\":\"error rate\"},"
                + "{\"Id\":\"e\",\"ReturnData\":false,\"MetricStat\":" + stat.formatted("Errors") + "},"
                + "{\"Id\":\"c\",\"ReturnData\":false,\"MetricStat\":" + stat.formatted("Calls") + "}]}";
        JsonNode out = api.perform("GetMetricData", json.readTree(request));
        JsonNode results = out.get("MetricDataResults");
        assertEquals(1, results.size(), out.toString());
        assertEquals("error rate", results.get(0).get("Label").asText());
        assertEquals(25.0, results.get(0).get("Values").get(0).asDouble());

        // pages of two datapoints: Calls' three seconds, then Errors' one
        api.perform(
                "PutMetricData",
                json.readTree(
                        "{\"Namespace\":\"App\",\"MetricData\":["
                                + "{\"MetricName\":\"Calls\",\"Value\":1,\"Timestamp\":1796637601,\"StorageResolution\":1},"
                                + "{\"MetricName\":\"Calls\",\"Value\":1,\"Timestamp\":1796637602,\"StorageResolution\":1},"
                                + "{\"MetricName\":\"Calls\",\"Value\":1,\"Timestamp\":1796637603,\"StorageResolution\":1},"
                                + "{\"MetricName\":\"Errors\",\"Value\":1,\"Timestamp\":1796637604,\"StorageResolution\":1}]}"));
        String second = "{\"Metric\":{\"Namespace\":\"App\",\"MetricName\":\"%s\"},\"Period\":1,\"Stat\":\"Sum\"}";
        String paged = "{\"StartTime\":1796637600,\"EndTime\":1796637660,\"MaxDatapoints\":2,%s\"ScanBy\":"
                + "\"TimestampAscending\",\"MetricDataQueries\":[{\"Id\":\"c\",\"MetricStat\":"
                + second.formatted("Calls")
                + "},{\"Id\":\"e\",\"MetricStat\":" + second.formatted("Errors") + "}]}";
        JsonNode first = api.perform("GetMetricData", json.readTree(paged.formatted("")));
        assertEquals("PartialData", first.at("/MetricDataResults/0/StatusCode").asText());
        assertEquals(2, first.at("/MetricDataResults/0/Values").size());
        assertEquals(0, first.at("/MetricDataResults/1/Values").size());
        String token = first.get("NextToken").asText();
        JsonNode next =
                api.perform("GetMetricData", json.readTree(paged.formatted("\"NextToken\":\"" + token + "\",")));
        assertEquals(1, next.at("/MetricDataResults/0/Values").size());
        assertEquals(1, next.at("/MetricDataResults/1/Values").size());
        assertEquals("Complete", next.at("/MetricDataResults/1/StatusCode").asText());
        assertEquals(null, next.get("NextToken"));

        AwsException loop = assertThrows(
                AwsException.class,
                () -> api.perform(
                        "GetMetricData",
                        json.readTree("{\"StartTime\":1796637600,\"EndTime\":1796637660,\"MetricDataQueries\":["
                                + "{\"Id\":\"a\",\"Expression\":\"b+1\"},{\"Id\":\"b\",\"Expression\":\"a*2\"}]}")));
        assertEquals("InvalidParameterValueException", loop.code());
    }

    @Test
    void jsonWritesTimestampsAsEpochSecondsWithAFraction() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode doc =
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        doc.set("Timestamp", Timestamp.of(Instant.parse("2026-12-07T10:00:00.250Z")));
        byte[] body = dev.lamina.edge.protocol.AwsJson.queryCompatible(CloudWatchErrors.QUERY_CODES)
                .write(doc)
                .body();
        assertEquals("{\"Timestamp\":1796637600.250}", new String(body, StandardCharsets.UTF_8));
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new AssertionError("no byte " + b);
    }
}

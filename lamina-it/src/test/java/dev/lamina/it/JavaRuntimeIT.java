package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;

/**
 * The {@code java17} and {@code java25} runtimes, driven through the AWS SDK for Java v2: handlers
 * are compiled in the test ({@link JavaPackages}) and run by AWS's runtime interface client on the
 * host's JDKs.
 */
class JavaRuntimeIT extends NodeTest {
    static final String ACCOUNT_ARN = "arn:aws:lambda:us-east-1:000000000000:function:";
    static final ObjectMapper JSON = new ObjectMapper();
    static final AtomicInteger SEQ = new AtomicInteger();

    /** A function name no other test uses. */
    static String name(String prefix) {
        return "java-" + prefix + "-" + SEQ.incrementAndGet();
    }

    static String create(String prefix, String runtime, String handler, byte[] zip) {
        String name = name(prefix);
        Functions.create(lambda, name, runtime, handler, zip);
        return name;
    }

    static InvokeResponse invoke(String name, String payload) {
        return lambda.invoke(r -> r.functionName(name).payload(SdkBytes.fromUtf8String(payload)));
    }

    static InvokeResponse invokeTail(String name, String payload) {
        return lambda.invoke(r -> r.functionName(name).logType(LogType.TAIL).payload(SdkBytes.fromUtf8String(payload)));
    }

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    static String tail(InvokeResponse response) {
        assertTrue(response.logResult() != null, "no X-Amz-Log-Result");
        return new String(Base64.getDecoder().decode(response.logResult()), StandardCharsets.UTF_8);
    }

    // ---- RequestHandler<Map<String,Object>,String> ----

    static final String GREETER = """
            package example;

            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestHandler;
            import java.util.List;
            import java.util.Map;

            public class Greeter implements RequestHandler<Map<String, Object>, String> {
                @Override
                public String handleRequest(Map<String, Object> event, Context context) {
                    int n = ((Number) event.get("n")).intValue();
                    List<?> tags = (List<?>) event.get("tags");
                    Map<?, ?> nested = (Map<?, ?>) event.get("nested");
                    return "Hello " + event.get("name") + ", n+1=" + (n + 1) + ", tags=" + tags
                            + ", nested.ok=" + nested.get("ok") + ", java " + Runtime.version().feature()
                            + ", own jni copy " + new java.io.File("/tmp/.libaws-lambda-jni.so").exists();
                }
            }
            """;

    @ParameterizedTest
    @ValueSource(strings = {"java17", "java25"})
    void requestHandlerReadsTheEventAndReturnsAValue(String runtime) throws Exception {
        String name = create(
                "greeter",
                runtime,
                "example.Greeter",
                JavaPackages.compile(GREETER).zip());
        InvokeResponse r = invoke(name, "{\"name\":\"Ada\",\"n\":41,\"tags\":[\"a\",\"b\"],\"nested\":{\"ok\":true}}");
        assertEquals(200, r.statusCode());
        assertNull(r.functionError(), r.payload().asUtf8String());
        assertEquals("$LATEST", r.executedVersion());
        String feature = runtime.substring("java".length());
        assertEquals(
                // the client loads its JNI library from where the node unpacked it, not a copy in /tmp
                "\"Hello Ada, n+1=42, tags=[a, b], nested.ok=true, java " + feature + ", own jni copy false\"",
                r.payload().asUtf8String());
    }

    // ---- RequestStreamHandler ----

    static final String ECHO = """
            package example;

            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
            import java.io.IOException;
            import java.io.InputStream;
            import java.io.OutputStream;

            public final class Echo implements RequestStreamHandler {
                @Override
                public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
                    in.transferTo(out);
                }
            }
            """;

    @Test
    void streamHandlerEchoesTheInputBytes() {
        String name = create(
                "echo", "java25", "example.Echo", JavaPackages.compile(ECHO).zip());
        // not re-serialised: spacing, key order, escapes and non-ASCII come back byte for byte
        String payload = "{ \"z\" : 1,\"a\":[1, 2.50, \"\\u00e9\"], \"s\":\"h\u00e9llo \u2603\" }";
        InvokeResponse r = invoke(name, payload);
        assertNull(r.functionError(), r.payload().asUtf8String());
        assertEquals("$LATEST", r.executedVersion());
        assertEquals(payload, r.payload().asUtf8String());
        assertEquals("[]", invoke(name, "[]").payload().asUtf8String());
    }

    // ---- POJO method handler ----

    static final String ORDER = """
            package example.model;

            import java.util.List;

            public class Order {
                private String customer;
                private List<Item> items;

                public String getCustomer() { return customer; }
                public void setCustomer(String customer) { this.customer = customer; }
                public List<Item> getItems() { return items; }
                public void setItems(List<Item> items) { this.items = items; }

                public static class Item {
                    private String sku;
                    private int qty;
                    private double price;

                    public String getSku() { return sku; }
                    public void setSku(String sku) { this.sku = sku; }
                    public int getQty() { return qty; }
                    public void setQty(int qty) { this.qty = qty; }
                    public double getPrice() { return price; }
                    public void setPrice(double price) { this.price = price; }
                }
            }
            """;

    static final String RECEIPT = """
            package example.model;

            import java.util.List;

            public class Receipt {
                private String customer;
                private int count;
                private double total;
                private List<String> skus;
                private String note;

                public String getCustomer() { return customer; }
                public void setCustomer(String customer) { this.customer = customer; }
                public int getCount() { return count; }
                public void setCount(int count) { this.count = count; }
                public double getTotal() { return total; }
                public void setTotal(double total) { this.total = total; }
                public List<String> getSkus() { return skus; }
                public void setSkus(List<String> skus) { this.skus = skus; }
                public String getNote() { return note; }
                public void setNote(String note) { this.note = note; }
            }
            """;

    static final String CHECKOUT = """
            package example;

            import com.amazonaws.services.lambda.runtime.Context;
            import example.model.Order;
            import example.model.Receipt;
            import java.util.ArrayList;
            import java.util.List;

            public class Checkout {
                public Receipt total(Order order, Context context) {
                    Receipt receipt = new Receipt();
                    receipt.setCustomer(order.getCustomer().toUpperCase());
                    int count = 0;
                    double total = 0;
                    List<String> skus = new ArrayList<>();
                    for (Order.Item item : order.getItems()) {
                        count += item.getQty();
                        total += item.getQty() * item.getPrice();
                        skus.add(item.getSku());
                    }
                    receipt.setCount(count);
                    receipt.setTotal(total);
                    receipt.setSkus(skus);
                    return receipt;
                }

                // not the handler: a different method name is never considered
                public String other(Order order) {
                    return "wrong method";
                }
            }
            """;

    @Test
    void pojoMethodHandlerDeserialisesTheInputBeanAndSerialisesTheOutputBean() throws Exception {
        String name = create(
                "pojo",
                "java17",
                "example.Checkout::total",
                JavaPackages.compile(ORDER, RECEIPT, CHECKOUT).zip());
        InvokeResponse r = invoke(name, """
                {"customer":"ada","unknownField":{"x":1},"items":[
                  {"sku":"A-1","qty":2,"price":1.25},
                  {"sku":"B-2","qty":3,"price":10.5,"colour":"red"}]}
                """);
        assertNull(r.functionError(), r.payload().asUtf8String());
        // unknown properties ignored on input; properties in declaration order; the null "note" left out
        assertEquals(
                "{\"customer\":\"ADA\",\"count\":5,\"total\":34.0,\"skus\":[\"A-1\",\"B-2\"]}",
                r.payload().asUtf8String());
    }

    // ---- Context ----

    static final String CONTEXT_PROBE = """
            package example;

            import com.amazonaws.services.lambda.runtime.ClientContext;
            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestHandler;
            import java.util.LinkedHashMap;
            import java.util.Map;

            public class ContextProbe implements RequestHandler<Map<String, Object>, Map<String, Object>> {
                @Override
                public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("functionName", context.getFunctionName());
                    out.put("functionVersion", context.getFunctionVersion());
                    out.put("awsRequestId", context.getAwsRequestId());
                    out.put("memoryLimitInMB", context.getMemoryLimitInMB());
                    out.put("remainingTimeInMillis", context.getRemainingTimeInMillis());
                    out.put("invokedFunctionArn", context.getInvokedFunctionArn());
                    out.put("logGroupName", context.getLogGroupName());
                    out.put("logStreamName", context.getLogStreamName());
                    ClientContext cc = context.getClientContext();
                    out.put("hasClientContext", cc != null);
                    if (cc != null) {
                        out.put("custom", cc.getCustom());
                        out.put("env", cc.getEnvironment());
                        out.put("appTitle", cc.getClient() == null ? null : cc.getClient().getAppTitle());
                    }
                    return out;
                }
            }
            """;

    static final Pattern LOG_STREAM = Pattern.compile("\\d{4}/\\d{2}/\\d{2}/\\[\\$LATEST][0-9a-f]{32}");

    @Test
    void contextCarriesTheInvocationAndFunctionFacts() throws Exception {
        String name = name("context");
        Functions.create(
                lambda,
                Functions.request(
                                name,
                                "java25",
                                "example.ContextProbe",
                                JavaPackages.compile(CONTEXT_PROBE).zip())
                        .memorySize(320)
                        .timeout(9)
                        .build());

        String clientContext = Base64.getEncoder().encodeToString("""
                        {"client":{"app_title":"Probe App","installation_id":"i-1","app_version_name":"1.0",\
                        "app_version_code":"1","app_package_name":"dev.lamina.probe"},\
                        "custom":{"tenant":"acme","flag":"on"},"env":{"locale":"en_GB"}}""".getBytes(StandardCharsets.UTF_8));
        InvokeResponse first = lambda.invoke(InvokeRequest.builder()
                .functionName(name)
                .clientContext(clientContext)
                .payload(SdkBytes.fromUtf8String("{}"))
                .build());
        assertNull(first.functionError(), first.payload().asUtf8String());
        JsonNode c = json(first.payload().asUtf8String());
        assertEquals(name, c.get("functionName").asText());
        assertEquals("$LATEST", c.get("functionVersion").asText());
        String requestId = first.responseMetadata().requestId();
        assertTrue(requestId.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), requestId);
        assertEquals(requestId, c.get("awsRequestId").asText());
        assertEquals(320, c.get("memoryLimitInMB").asInt());
        int remaining = c.get("remainingTimeInMillis").asInt();
        // milliseconds of a 9 s timeout, less a cold start (a value in seconds or already expired fails)
        assertTrue(remaining > 1000 && remaining <= 9000, "remaining " + remaining);
        assertEquals(ACCOUNT_ARN + name, c.get("invokedFunctionArn").asText());
        assertEquals("/aws/lambda/" + name, c.get("logGroupName").asText());
        String stream = c.get("logStreamName").asText();
        assertTrue(LOG_STREAM.matcher(stream).matches(), stream);
        assertTrue(c.get("hasClientContext").asBoolean());
        assertEquals(json("{\"tenant\":\"acme\",\"flag\":\"on\"}"), c.get("custom"));
        assertEquals(json("{\"locale\":\"en_GB\"}"), c.get("env"));
        assertEquals("Probe App", c.get("appTitle").asText());

        // a second invoke, by qualified ARN and without client context: a new request id, the
        // invoked ARN as the caller wrote it, the same environment (log stream)
        InvokeResponse second = lambda.invoke(
                r -> r.functionName(ACCOUNT_ARN + name + ":$LATEST").payload(SdkBytes.fromUtf8String("{}")));
        assertNull(second.functionError(), second.payload().asUtf8String());
        JsonNode c2 = json(second.payload().asUtf8String());
        assertEquals(
                second.responseMetadata().requestId(), c2.get("awsRequestId").asText());
        assertFalse(requestId.equals(c2.get("awsRequestId").asText()));
        assertEquals(
                ACCOUNT_ARN + name + ":$LATEST", c2.get("invokedFunctionArn").asText());
        assertEquals(stream, c2.get("logStreamName").asText());
        assertFalse(c2.get("hasClientContext").asBoolean());
        int remaining2 = c2.get("remainingTimeInMillis").asInt();
        assertTrue(remaining2 > 8000 && remaining2 <= 9000, "warm remaining " + remaining2);
    }

    // ---- the two package layouts ----

    static final String SHOUT = """
            package dev.shout;

            public final class Shout {
                private Shout() {}

                public static String shout(String s) {
                    return s.toUpperCase() + "!";
                }
            }
            """;

    static final String USES_LIB = """
            package example;

            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestHandler;
            import dev.shout.Shout;

            public class UsesLib implements RequestHandler<String, String> {
                @Override
                public String handleRequest(String input, Context context) {
                    return Shout.shout(input) + " via " + Shout.class.getProtectionDomain().getCodeSource().getLocation().getPath()
                            .replaceAll("^.*/", "");
                }
            }
            """;

    @Test
    void libLayoutLoadsJarsFromLib() {
        JavaPackages.Jar shout = JavaPackages.compile(SHOUT).jar("shout-1.0.jar");
        JavaPackages.Classes classes = JavaPackages.compile(List.of(shout), USES_LIB);
        byte[] zip = classes.zip();
        String name = create("lib", "java17", "example.UsesLib", zip);
        InvokeResponse r = invoke(name, "\"hello\"");
        assertNull(r.functionError(), r.payload().asUtf8String());
        // the library class really came from lib/shout-1.0.jar
        assertEquals("\"HELLO! via shout-1.0.jar\"", r.payload().asUtf8String());
    }

    @Test
    void fatJarLayoutLoadsMergedClassesFromTheRoot() {
        JavaPackages.Jar shout = JavaPackages.compile(SHOUT).jar("shout-1.0.jar");
        byte[] fatJar = JavaPackages.compile(List.of(shout), USES_LIB).fatJar();
        String name = create("fatjar", "java25", "example.UsesLib", fatJar);
        InvokeResponse r = invoke(name, "\"hello\"");
        assertNull(r.functionError(), r.payload().asUtf8String());
        // the library class came from the task root (a directory: the location's last segment is empty)
        assertEquals("\"HELLO! via \"", r.payload().asUtf8String());
    }

    // ---- errors ----

    static final String REJECTED = """
            package example;

            public class OrderRejected extends RuntimeException {
                public OrderRejected(String message) {
                    super(message);
                }
            }
            """;

    static final String FAILS = """
            package example;

            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestHandler;
            import java.util.Map;

            public class Fails implements RequestHandler<Map<String, Object>, String> {
                private static int calls;

                @Override
                public String handleRequest(Map<String, Object> event, Context context) {
                    calls++;
                    if ("ok".equals(event.get("mode"))) {
                        return "calls=" + calls;
                    }
                    check(((Number) event.get("order")).intValue());
                    return "unreachable";
                }

                static void check(int order) {
                    throw new OrderRejected("order " + order + " rejected");
                }
            }
            """;

    @Test
    void anUncaughtExceptionBecomesAnUnhandledErrorDocument() throws Exception {
        String name = create(
                "fails",
                "java25",
                "example.Fails",
                JavaPackages.compile(REJECTED, FAILS).zip());
        InvokeResponse r = invoke(name, "{\"order\":7}");
        assertEquals(200, r.statusCode());
        assertEquals("Unhandled", r.functionError());
        assertEquals("$LATEST", r.executedVersion());
        // the RIC's own frames are filtered out; the bridge method generated for the generic
        // handleRequest (line 7, the class declaration) stays, as on Lambda
        assertEquals(json("""
                        {"errorMessage":"order 7 rejected","errorType":"example.OrderRejected","stackTrace":[
                          "example.Fails.check(Fails.java:21)",
                          "example.Fails.handleRequest(Fails.java:16)",
                          "example.Fails.handleRequest(Fails.java:7)"]}
                        """), json(r.payload().asUtf8String()));

        // a function error does not cost the environment: the static state is still there
        InvokeResponse after = invoke(name, "{\"mode\":\"ok\"}");
        assertNull(after.functionError(), after.payload().asUtf8String());
        assertEquals("\"calls=2\"", after.payload().asUtf8String());
    }

    @Test
    void aMissingHandlerClassIsAClassNotFoundErrorOnInvoke() throws Exception {
        String name = create(
                "noclass",
                "java17",
                "example.Missing",
                JavaPackages.compile(ECHO).zip());
        InvokeResponse r = invoke(name, "{}");
        assertEquals(200, r.statusCode());
        assertEquals("Unhandled", r.functionError());
        JsonNode expected = json(
                "{\"errorMessage\":\"Class not found: example.Missing\",\"errorType\":\"java.lang.ClassNotFoundException\"}");
        assertEquals(expected, json(r.payload().asUtf8String()));
        // reported again on the next invoke (by the same environment: no new Init Duration)
        InvokeResponse again = invokeTail(name, "{}");
        assertEquals("Unhandled", again.functionError());
        assertEquals(expected, json(again.payload().asUtf8String()));
        assertFalse(tail(again).contains("Init Duration"), tail(again));
    }

    // ---- logs and warm reuse ----

    static final String CHATTY = """
            package example;

            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestHandler;
            import java.util.Map;

            public class Chatty implements RequestHandler<Map<String, Object>, String> {
                private static int staticCount;
                private int instanceCount;

                @Override
                public String handleRequest(Map<String, Object> event, Context context) {
                    staticCount++;
                    instanceCount++;
                    context.getLogger().log("logger line of " + event.get("tag") + "\\n");
                    System.out.println("first line of " + event.get("tag"));
                    System.out.println("second line of " + event.get("tag"));
                    return "static=" + staticCount + " instance=" + instanceCount;
                }
            }
            """;

    @Test
    void printedLinesAppearInTheTailBetweenStartAndEndAndInitDurationOnlyOnTheFirstInvoke() throws Exception {
        String name = create(
                "logs", "java25", "example.Chatty", JavaPackages.compile(CHATTY).zip());

        InvokeResponse first = invokeTail(name, "{\"tag\":\"one\"}");
        assertNull(first.functionError(), first.payload().asUtf8String());
        String id1 = first.responseMetadata().requestId();
        List<String> lines1 = tail(first).lines().toList();
        assertInvocationLines(lines1, id1, "one");
        String report1 =
                lines1.stream().filter(l -> l.startsWith("REPORT ")).findFirst().orElseThrow();
        assertTrue(report1.contains("\tInit Duration: "), report1);
        Matcher m = Pattern.compile("\tInit Duration: (\\d+\\.\\d\\d) ms\t").matcher(report1);
        assertTrue(m.find(), report1);
        assertTrue(Double.parseDouble(m.group(1)) > 0, report1);

        InvokeResponse second = invokeTail(name, "{\"tag\":\"two\"}");
        String id2 = second.responseMetadata().requestId();
        List<String> lines2 = tail(second).lines().toList();
        assertInvocationLines(lines2, id2, "two");
        String report2 =
                lines2.stream().filter(l -> l.startsWith("REPORT ")).findFirst().orElseThrow();
        assertFalse(report2.contains("Init Duration"), report2);
    }

    /**
     * For request {@code id}: START, exactly the handler's three lines, END, then REPORT (with Init
     * Duration or not, as {@link #printedLinesAppearInTheTailBetweenStartAndEndAndInitDurationOnlyOnTheFirstInvoke} checks).
     */
    private static void assertInvocationLines(List<String> lines, String id, String tag) {
        String all = String.join("\n", lines);
        int start = lines.indexOf("START RequestId: " + id + " Version: $LATEST");
        int end = lines.indexOf("END RequestId: " + id);
        assertTrue(start >= 0 && end > start && end + 1 < lines.size(), all);
        assertEquals(
                List.of("logger line of " + tag, "first line of " + tag, "second line of " + tag),
                lines.subList(start + 1, end),
                all);
        String report = lines.get(end + 1);
        assertTrue(
                report.matches("REPORT RequestId: " + Pattern.quote(id)
                        + "\tDuration: \\d+\\.\\d\\d ms\tBilled Duration: \\d+ ms\tMemory Size: 128 MB"
                        + "\tMax Memory Used: \\d+ MB\t(Init Duration: \\d+\\.\\d\\d ms\t)?"),
                report);
    }

    @Test
    void aWarmEnvironmentKeepsTheHandlerInstanceAndStaticState() {
        String name = create(
                "warm", "java17", "example.Chatty", JavaPackages.compile(CHATTY).zip());
        assertEquals(
                "\"static=1 instance=1\"",
                invoke(name, "{\"tag\":\"a\"}").payload().asUtf8String());
        assertEquals(
                "\"static=2 instance=2\"",
                invoke(name, "{\"tag\":\"b\"}").payload().asUtf8String());
        assertEquals(
                "\"static=3 instance=3\"",
                invoke(name, "{\"tag\":\"c\"}").payload().asUtf8String());
    }
}

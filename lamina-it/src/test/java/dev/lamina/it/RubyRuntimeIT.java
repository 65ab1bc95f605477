package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * The Ruby runtime end to end through the AWS SDK for Java v2, on a node that runs {@code ruby3.2}
 * on the host's Ruby by an explicit mapping (Debian 12 has Ruby 3.1 only): handler forms, the
 * event and context, error documents, init failures, a layer's {@code /opt/ruby/lib} and the log.
 */
class RubyRuntimeIT {
    static final String RUNTIME = "ruby3.2";
    static final Path RUBY = Path.of("/usr/bin/ruby");
    static final ObjectMapper JSON = new ObjectMapper();

    static TestNode node;
    /** Invokes go through a client that never retries, so a 5xx cannot hide behind a retry. */
    static LambdaClient invoker;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(c -> c.withRuntimeOverrides(Map.of(RUNTIME, RUBY)));
        invoker = node.lambdaNoRetry();
    }

    @AfterAll
    static void stop() {
        if (invoker != null) {
            invoker.close();
        }
        if (node != null) {
            node.close();
        }
    }

    static String create(String prefix, String handler, byte[] zip, String... layers) {
        String fn = "rb-" + prefix + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt());
        Functions.create(
                node.lambda(),
                Functions.request(fn, RUNTIME, handler, zip).layers(layers).build());
        return fn;
    }

    static InvokeResponse invoke(String fn, String payload) {
        return invoker.invoke(b -> b.functionName(fn).logType(LogType.TAIL).payload(SdkBytes.fromUtf8String(payload)));
    }

    static JsonNode json(InvokeResponse r) throws Exception {
        return JSON.readTree(r.payload().asUtf8String());
    }

    static List<String> tail(InvokeResponse r) {
        return new String(Base64.getDecoder().decode(r.logResult()), StandardCharsets.UTF_8)
                .lines()
                .toList();
    }

    @Test
    void aMethodOfTheFileGetsTheEventAndContextAndItsValueIsReturnedAsJson() throws Exception {
        String fn =
                create("ctx", "function.handler", Zips.of("function.rb", """
                require 'json'
                def handler(event:, context:)
                  puts "handling #{event['n']}"
                  {
                    'echo' => event,
                    'request_id' => context.aws_request_id,
                    'function_name' => context.function_name,
                    'function_version' => context.function_version,
                    'memory' => context.memory_limit_in_mb,
                    'arn' => context.invoked_function_arn,
                    'group' => context.log_group_name,
                    'stream' => context.log_stream_name,
                    'deadline' => context.deadline_ms,
                    'remaining' => context.get_remaining_time_in_millis,
                    'trace' => ENV['_X_AMZN_TRACE_ID'],
                    'load_path' => $LOAD_PATH.first(3),
                    'gem_path' => ENV['GEM_PATH'],
                  }
                end
                """).bytes());
        InvokeResponse r = invoke(fn, "{\"n\":7,\"list\":[1,\"two\",null]}");
        assertNull(r.functionError(), r.payload().asUtf8String());
        JsonNode out = json(r);
        String id = r.responseMetadata().requestId();
        assertEquals("{\"n\":7,\"list\":[1,\"two\",null]}", out.get("echo").toString());
        assertEquals(id, out.get("request_id").asText());
        assertEquals(fn, out.get("function_name").asText());
        assertEquals("$LATEST", out.get("function_version").asText());
        assertEquals("128", out.get("memory").asText());
        assertTrue(out.get("arn").asText().endsWith(":function:" + fn), out.toString());
        assertEquals("/aws/lambda/" + fn, out.get("group").asText());
        assertTrue(out.get("stream").asText().contains("[$LATEST]"), out.toString());
        long remaining = out.get("remaining").asLong();
        assertTrue(remaining > 0 && remaining <= 3000, "a 3 s timeout: " + remaining);
        assertTrue(out.get("deadline").asLong() > System.currentTimeMillis() - 60_000, out.toString());
        assertTrue(out.get("trace").asText().contains("Root=1-"), out.toString());
        String task = out.get("load_path").get(0).asText();
        List<String> loadPath = new ArrayList<>();
        out.get("load_path").forEach(p -> loadPath.add(p.asText()));
        assertEquals(List.of(task, task + "/lib", "/opt/ruby/lib"), loadPath);
        assertTrue(out.get("gem_path").asText().contains("/opt/ruby/gems/3.2.0"), out.toString());

        List<String> lines = tail(r);
        int start = lines.indexOf("START RequestId: " + id + " Version: $LATEST");
        assertTrue(start >= 0, String.join("\n", lines));
        assertEquals("handling 7", lines.get(start + 1));
        assertEquals("END RequestId: " + id, lines.get(start + 2));
        assertTrue(lines.get(start + 3).startsWith("REPORT RequestId: " + id + "\tDuration: "), lines.toString());
    }

    @Test
    void aClassMethodHandlerAndALayersLibrary() throws Exception {
        byte[] layerZip = Zips.of("ruby/lib/greeter.rb", "module Greeter\n  def self.greet(n) = \"hello #{n}\"\nend\n")
                .bytes();
        String layer = node.lambda()
                .publishLayerVersion(r -> r.layerName("rb-greeter")
                        .compatibleRuntimes(Runtime.RUBY3_2)
                        .content(c -> c.zipFile(SdkBytes.fromByteArray(layerZip))))
                .layerVersionArn();
        String fn = create(
                "class", "app.Shop::Orders.handle", Zips.of("app.rb", """
                require 'greeter'
                module Shop
                  class Orders
                    def self.handle(event:, context:)
                      Greeter.greet(event['name'])
                    end
                  end
                end
                """).bytes(), layer);
        InvokeResponse r = invoke(fn, "{\"name\":\"ruby\"}");
        assertNull(r.functionError(), r.payload().asUtf8String());
        assertEquals("\"hello ruby\"", r.payload().asUtf8String());
    }

    @Test
    void anExceptionIsAnUnhandledErrorNamedAfterItsClass() throws Exception {
        String fn =
                create("raise", "function.handler", Zips.of("function.rb", """
                class OrderRejected < StandardError; end
                def handler(event:, context:)
                  raise OrderRejected, "order #{event['id']} rejected"
                end
                """).bytes());
        InvokeResponse r = invoke(fn, "{\"id\":42}");
        assertEquals("Unhandled", r.functionError());
        JsonNode doc = json(r);
        assertEquals("OrderRejected", doc.get("errorType").asText());
        assertEquals("order 42 rejected", doc.get("errorMessage").asText());
        assertTrue(doc.get("stackTrace").toString().contains("function.rb:3"), doc.toString());
        assertFalse(doc.get("stackTrace").toString().contains("bootstrap.rb"), "no frame of the runtime's: " + doc);
        // a StandardError leaves the runtime serving: the next invocation is warm
        InvokeResponse again = invoke(fn, "{\"id\":43}");
        assertEquals("order 43 rejected", json(again).get("errorMessage").asText());
        assertTrue(tail(again).stream().noneMatch(l -> l.contains("Init Duration")), "warm: " + tail(again));
    }

    @Test
    void initFailuresCarryTheRubyRuntimesErrorTypes() throws Exception {
        String missingMethod =
                create("nomethod", "function.nope", Zips.of("function.rb", """
                def handler(event:, context:) = 'unused'
                """).bytes());
        InvokeResponse r = invoke(missingMethod, "{}");
        assertEquals("Unhandled", r.functionError());
        JsonNode doc = json(r);
        assertEquals("Runtime.HandlerNotFound", doc.get("errorType").asText(), doc.toString());
        assertTrue(doc.get("errorMessage").asText().contains("nope"), doc.toString());

        String badRequire =
                create("load", "function.handler", Zips.of("function.rb", """
                require 'not_a_library'
                def handler(event:, context:) = 'unused'
                """).bytes());
        JsonNode load = json(invoke(badRequire, "{}"));
        assertEquals("Init<LoadError>", load.get("errorType").asText(), load.toString());
        assertTrue(load.get("errorMessage").asText().contains("not_a_library"), load.toString());
    }

    @Test
    void createRefusesAHandlerWhoseFileThePackageLacks() {
        byte[] zip =
                Zips.of("function.rb", "def handler(event:, context:) = 1\n").bytes();
        InvalidParameterValueException noFile =
                assertThrows(InvalidParameterValueException.class, () -> create("nofile", "other.handler", zip));
        assertTrue(noFile.getMessage().contains("other.rb"), noFile.getMessage());
    }
}

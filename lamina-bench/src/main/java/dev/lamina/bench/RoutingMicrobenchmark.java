package dev.lamina.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.core.AwsException;
import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.HttpResponse;
import dev.lamina.edge.Router;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The edge's routing ({@link Router#dispatch}) with the route table Lamina grows into: every
 * operation of Lambda's 2015-03-31 model (botocore's service-2.json, its method and URI template), in
 * the model's order, each answering a constant. Measures finding the route and its path parameters.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RoutingMicrobenchmark {
    private static final List<Path> MODELS = List.of(
            Path.of("/usr/share/awscli/botocore/data/lambda/2015-03-31/service-2.json"),
            Path.of("/usr/lib/python3/dist-packages/awscli/botocore/data/lambda/2015-03-31/service-2.json"));
    private static final HttpResponse OK = HttpResponse.empty(200);

    private Router router;
    private HttpRequest invoke;
    private HttpRequest getConfiguration;
    private HttpRequest unknown;

    @Setup
    public void setUp() throws IOException {
        Path model = Stream.concat(
                        Stream.ofNullable(System.getProperty("lamina.botocore.lambda"))
                                .map(Path::of),
                        MODELS.stream())
                .filter(Files::isReadable)
                .findFirst()
                .orElseThrow(() -> new IOException("No botocore model of Lambda (apt-get install awscli)"));
        JsonNode operations = new ObjectMapper().readTree(model.toFile()).path("operations");
        router = new Router();
        for (JsonNode op : operations) {
            String uri = op.path("http").path("requestUri").asText();
            int query = uri.indexOf('?');
            router.add(
                    op.path("http").path("method").asText(), query < 0 ? uri : uri.substring(0, query), (r, p) -> OK);
        }
        invoke = request("POST", "/2015-03-31/functions/bench-function/invocations");
        getConfiguration = request("GET", "/2015-03-31/functions/bench-function/configuration");
        unknown = request("GET", "/2015-03-31/nothing-here");
    }

    private static HttpRequest request(String method, String path) {
        return new HttpRequest(method, path, null, Map.of(), Map.of(), new byte[0]);
    }

    @Benchmark
    public HttpResponse invoke() throws Exception {
        return router.dispatch(invoke);
    }

    @Benchmark
    public HttpResponse getFunctionConfiguration() throws Exception {
        return router.dispatch(getConfiguration);
    }

    @Benchmark
    public String unknownOperation() throws Exception {
        try {
            router.dispatch(unknown);
            throw new IllegalStateException("routed a path that has no operation");
        } catch (AwsException e) {
            return e.getMessage();
        }
    }
}

package dev.lamina.bench;

import dev.lamina.edge.auth.SessionKeys;
import dev.lamina.edge.auth.SigV4;
import dev.lamina.edge.auth.SigV4Verifier;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What checking a request's signature costs the edge ({@link SigV4Verifier#verify}): an Invoke as
 * the AWS SDK for Java v2 signs it (its headers, an ARN in the path) with a small event, and with a
 * 1 MB one, where hashing the body dominates.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SignatureMicrobenchmark {
    private static final String PATH =
            "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Ahello/invocations";

    private SigV4Verifier verifier;
    private byte[] smallBody;
    private Map<String, List<String>> smallHeaders;
    private byte[] megabyteBody;
    private Map<String, List<String>> megabyteHeaders;

    @Setup
    public void setUp() {
        Instant now = Instant.now();
        verifier = new SigV4Verifier(
                List.of(Signing.CREDENTIALS),
                new SessionKeys(new java.security.SecureRandom()),
                "us-east-1",
                Clock.fixed(now, ZoneOffset.UTC));
        smallBody = event(14);
        smallHeaders = invokeHeaders(smallBody, now);
        megabyteBody = event(1 << 20);
        megabyteHeaders = invokeHeaders(megabyteBody, now);
    }

    @Benchmark
    public String verifySmallInvoke() {
        return verifier.verify("POST", PATH, null, smallHeaders, smallBody, "lambda", false);
    }

    @Benchmark
    public String verifyMegabyteInvoke() {
        return verifier.verify("POST", PATH, null, megabyteHeaders, megabyteBody, "lambda", false);
    }

    private static byte[] event(int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) ' ');
        body[0] = '{';
        body[size - 1] = '}';
        return body;
    }

    /** The headers the AWS SDK for Java v2 sends with an Invoke, signed as it signs them. */
    private static Map<String, List<String>> invokeHeaders(byte[] body, Instant now) {
        Map<String, String> sdk = Map.of(
                "Content-Type", "application/octet-stream",
                "Content-Length", Integer.toString(body.length),
                "amz-sdk-invocation-id", "5c2b3c3e-4f5a-4d0e-9a8e-0c1b2a3d4e5f",
                "amz-sdk-request", "attempt=1; max=3",
                "X-Amz-Log-Type", "None");
        Map<String, List<String>> headers = new HashMap<>();
        sdk.forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.of(v)));
        headers.put("host", List.of("127.0.0.1:9701"));
        headers.put("user-agent", List.of("aws-sdk-java/2.57.8 md/io#sync md/http#UrlConnection ua/2.1 os/Linux"));
        URI uri = URI.create("http://127.0.0.1:9701" + PATH);
        SigV4.sign("POST", uri, sdk, body, Signing.CREDENTIALS, Signing.REGION, "lambda", now)
                .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.of(v)));
        return headers;
    }
}

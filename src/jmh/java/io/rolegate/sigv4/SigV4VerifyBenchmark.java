package io.rolegate.sigv4;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * parse + verify of an STS AssumeRole POST shaped like the AWS SDK for Java v2 sends it (seven signed headers,
 * form body). {@code verify} reuses the cached signing key (the steady state for a caller); {@code verifyColdKey}
 * derives the signing key every time (first request of a key/day).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class SigV4VerifyBenchmark {
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final Instant AT = Instant.parse("2026-01-15T12:00:00Z");

    SigV4Verifier verifier;
    HttpRequestParts request;

    @Setup
    public void setUp() {
        String body = "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo"
                + "&RoleSessionName=bench-session&DurationSeconds=3600";
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("host", List.of("localhost:8081"));
        h.put("content-type", List.of("application/x-www-form-urlencoded; charset=utf-8"));
        h.put("content-length", List.of(String.valueOf(body.length())));
        h.put("amz-sdk-invocation-id", List.of("4b8a1d2c-6f3e-4a5b-9c7d-0e1f2a3b4c5d"));
        h.put("amz-sdk-request", List.of("attempt=1; max=3"));
        h.put("user-agent", List.of("aws-sdk-java/2.57.8 ua/2.1 os/Linux lang/java#17 md/io#sync"));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        h.put("x-amz-content-sha256", List.of(SigV4.sha256Hex(bytes)));
        SigV4Signer signer = new SigV4Signer("AKIAIOSFODNN7EXAMPLE", SECRET, null, "us-east-1", "sts");
        request = signer.sign(new HttpRequestParts("POST", "/", null, h, bytes), AT,
                Set.of("amz-sdk-invocation-id", "amz-sdk-request", "content-length", "content-type", "host",
                        "x-amz-content-sha256", "x-amz-date"));
        verifier = new SigV4Verifier(Clock.fixed(AT, ZoneOffset.UTC), Set.of("us-east-1"), Set.of("sts", "iam"));
        verifier.verify(request, verifier.parse(request), SECRET); // fail fast if the fixture is wrong
    }

    @Benchmark
    public ParsedSignature verify() {
        ParsedSignature p = verifier.parse(request);
        verifier.verify(request, p, SECRET);
        return p;
    }

    @Benchmark
    public String verifyColdKey() {
        ParsedSignature p = verifier.parse(request);
        String creq = SigV4.canonicalRequest(request, p.signedHeaders(), false, SigV4.sha256Hex(request.body()));
        byte[] key = SigV4.signingKey(SECRET, p.scopeDate(), p.region(), p.service());
        return SigV4.signature(key, SigV4.stringToSign(p.amzDate(), p.credentialScope(), creq));
    }

    @Benchmark
    public ParsedSignature parseOnly() {
        return verifier.parse(request);
    }
}

package io.rolegate.federation;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.federation.runtime.VertxDocumentFetcher;
import io.vertx.core.Vertx;

import javax.net.ssl.X509ExtendedTrustManager;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Shared test wiring: real fetchers against 127.0.0.1 only. */
public final class Fixtures {
    public static final String ACCOUNT = "111111111111";

    private Fixtures() {
    }

    /** Fetch limits for tests: the given timeouts and size cap, the default cache lifetimes. */
    public static KeySettings limits(Duration connect, Duration read, Duration total, int sizeLimit) {
        KeySettings d = KeySettings.defaults();
        return new KeySettings(connect, read, total, sizeLimit, d.cacheTtl(), d.cacheMinTtl(), d.cacheMaxTtl(),
                d.refreshAhead(), d.refreshWait(), d.rateLimitInterval(), d.maxStaleness(), d.idleEviction());
    }

    /** Limits for tests: on a busy machine a TLS handshake or the first fetch of a client takes seconds. */
    public static KeySettings patient() {
        return limits(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20), 1 << 16);
    }

    public static VertxDocumentFetcher fetcher(Vertx vertx, boolean allowLoopback) {
        return fetcher(vertx, allowLoopback, 1 << 16);
    }

    /** The production fetcher (JDK trust) on the given Vert.x. */
    public static VertxDocumentFetcher fetcher(Vertx vertx, boolean allowLoopback, int sizeLimit) {
        KeySettings patient = patient();
        return fetcher(vertx, allowLoopback, limits(patient.connectTimeout(), patient.readTimeout(),
                patient.totalTimeout(), sizeLimit), ThumbprintTrust.jdkDefault());
    }

    public static VertxDocumentFetcher fetcher(Vertx vertx, boolean allowLoopback, KeySettings limits,
                                               X509ExtendedTrustManager trust) {
        return new VertxDocumentFetcher(vertx, new AddressGuard(allowLoopback, List.of(), InetAddress::getAllByName),
                limits, trust);
    }

    /** A lookup knowing exactly these providers, all in ACCOUNT. */
    public static ProviderLookup lookup(TrustedIssuer... providers) {
        return (account, iss) -> {
            if (!account.equals(ACCOUNT)) {
                return Optional.empty();
            }
            for (TrustedIssuer p : providers) {
                if (p.url().equals(iss)) {
                    return Optional.of(p);
                }
            }
            return Optional.empty();
        };
    }

    public static AwsException fails(ErrorCode code, String message, org.junit.jupiter.api.function.Executable r) {
        AwsException e = assertThrows(AwsException.class, r);
        assertEquals(code, e.code(), () -> "code, message was: " + e.getMessage());
        if (message != null) {
            assertEquals(message, e.getMessage());
        }
        return e;
    }
}

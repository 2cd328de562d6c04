package io.rolegate.federation;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;

import javax.net.ssl.SSLSocketFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Shared test wiring: real retrievers against 127.0.0.1 only. */
public final class Fixtures {
    public static final String ACCOUNT = "111111111111";

    private Fixtures() {
    }

    public static GuardedRetriever retriever(boolean allowLoopback) {
        return retriever(allowLoopback, 1 << 16);
    }

    public static GuardedRetriever retriever(boolean allowLoopback, int sizeLimit) {
        return new GuardedRetriever(new AddressGuard(allowLoopback, List.of(), InetAddress::getAllByName),
                Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(4), sizeLimit,
                (SSLSocketFactory) SSLSocketFactory.getDefault());
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

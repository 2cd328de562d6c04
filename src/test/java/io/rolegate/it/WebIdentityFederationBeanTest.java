package io.rolegate.it;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.federation.TrustedIssuer;
import io.rolegate.federation.TestIssuer;
import io.rolegate.federation.ValidatedWebIdentity;
import io.rolegate.federation.WebIdentityErrors;
import io.rolegate.federation.runtime.WebIdentityFederation;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The federation bean in the running app (test profile: rolegate.oidc.allow-http-loopback=true): a loopback issuer
 * works end to end and is counted in the metrics; a private address stays refused.
 */
@QuarkusTest
class WebIdentityFederationBeanTest {
    @Inject
    WebIdentityFederation federation;
    @Inject
    MeterRegistry registry;

    private static String token(String iss, TestIssuer signer) throws Exception {
        return signer.sign(new JWTClaimsSet.Builder().issuer(iss).audience("c").subject("bean-user")
                .expirationTime(Date.from(Instant.now().plusSeconds(300))).build(), JWSAlgorithm.RS256);
    }

    @Test
    void loopbackIssuerWorksInTheTestProfile() throws Exception {
        try (TestIssuer issuer = new TestIssuer()) {
            ValidatedWebIdentity id = federation.validate(token(issuer.url(), issuer), Aws.ALPHA,
                    (account, iss) -> Optional.of(issuer.provider("c")));
            assertEquals("bean-user", id.subject());
            assertEquals(1.0, registry.get("rolegate.oidc.jwks.fetches").tag("issuer", issuer.url()).counter().count());
            federation.evict(issuer.url());
        }
    }

    @Test
    void privateAddressIsRefused() throws Exception {
        try (TestIssuer signer = new TestIssuer()) {
            String iss = "http://10.0.0.1/realms/x";
            TrustedIssuer provider = new TrustedIssuer("arn:aws:iam::111111111111:oidc-provider/10.0.0.1/realms/x", iss,
                    List.of("c"), List.of());
            AwsException e = assertThrows(AwsException.class, () -> federation.validate(token(iss, signer), Aws.ALPHA,
                    (account, i) -> Optional.of(provider)));
            assertEquals(ErrorCode.InvalidIdentityToken, e.code());
            assertEquals(WebIdentityErrors.NO_VERIFICATION_KEY, e.getMessage());
        }
    }
}

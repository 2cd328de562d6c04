package io.rolegate.it;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import io.quarkus.test.junit.QuarkusTest;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.federation.TestIssuer;
import io.rolegate.federation.WebIdentityErrors;
import io.rolegate.federation.WebIdentityFederation;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The federation bean in the running app with production defaults: a loopback issuer is refused, never contacted. */
@QuarkusTest
class WebIdentityFederationBeanTest {
    @Inject
    WebIdentityFederation federation;

    @Test
    void defaultConfigurationRefusesLoopbackIssuers() throws Exception {
        try (TestIssuer issuer = new TestIssuer()) {
            String token = issuer.sign(new JWTClaimsSet.Builder().issuer(issuer.url()).audience("c").subject("s")
                    .expirationTime(Date.from(Instant.now().plusSeconds(300))).build(), JWSAlgorithm.RS256);
            AwsException e = assertThrows(AwsException.class, () -> federation.validate(token, Aws.ALPHA,
                    (account, iss) -> Optional.of(issuer.provider("c"))));
            assertEquals(ErrorCode.InvalidIdentityToken, e.code());
            assertEquals(WebIdentityErrors.NO_VERIFICATION_KEY, e.getMessage());
            assertEquals(0, issuer.discoveryHits.get());
        }
    }
}

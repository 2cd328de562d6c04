package io.rolegate.federation.runtime;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rolegate.error.ErrorCode;
import io.rolegate.federation.Fixtures;
import io.rolegate.federation.ProviderLookup;
import io.rolegate.federation.TestIssuer;
import io.rolegate.federation.TestVertx;
import io.rolegate.federation.ValidatedWebIdentity;
import io.rolegate.federation.WebIdentityErrors;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.rolegate.federation.Fixtures.ACCOUNT;
import static io.rolegate.federation.Fixtures.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Quarkus bean wired by hand (no app start): configuration parsing and per-issuer metrics. */
class WebIdentityFederationTest {
    @RegisterExtension
    static final TestVertx VERTX = new TestVertx();

    private static SmallRyeConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(properties, "test", 500)).build();
    }

    private static WebIdentityFederation bean(SimpleMeterRegistry registry, SmallRyeConfig config, boolean loopback) {
        return new WebIdentityFederation(Clock.systemUTC(), registry, config, VERTX.get(), loopback, Optional.empty(),
                Duration.ofSeconds(30), Optional.of(List.of("email")), Duration.ofMillis(500), Duration.ofSeconds(2),
                Duration.ofSeconds(4), 65536, Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofHours(1),
                Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofHours(24),
                Duration.ofHours(1));
    }

    @Test
    void perProviderClaimsAreReadFromQuotedKeys() {
        SmallRyeConfig config = config(Map.of(
                "rolegate.oidc.claims.\"token.actions.githubusercontent.com\"", "repository_owner, repository",
                "rolegate.oidc.claims.\"127.0.0.1:8999/realms/demo\"", "groups",
                "rolegate.oidc.other", "x"));
        assertEquals(Map.of("token.actions.githubusercontent.com", List.of("repository_owner", "repository"),
                "127.0.0.1:8999/realms/demo", List.of("groups")), WebIdentityFederation.perProviderClaims(config));
    }

    /** A provider URL cannot be an environment variable's name: the environment form carries it in the value. */
    @Test
    void perProviderClaimsAreReadFromEnvironmentVariables() {
        SmallRyeConfig config = config(Map.of(
                "ROLEGATE_OIDC_CLAIMS_GITHUB", "token.actions.githubusercontent.com=repository_owner, ref",
                "ROLEGATE_OIDC_CLAIMS_KEYCLOAK", "sso.example.com:8443/realms/ci=groups"));
        assertEquals(Map.of("token.actions.githubusercontent.com", List.of("repository_owner", "ref"),
                "sso.example.com:8443/realms/ci", List.of("groups")), WebIdentityFederation.perProviderClaims(config));
        SmallRyeConfig bad = config(Map.of("ROLEGATE_OIDC_CLAIMS_X", "groups"));
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> WebIdentityFederation.perProviderClaims(bad));
        assertTrue(e.getMessage().contains("<provider>=<claim>"), e.getMessage());
    }

    @Test
    void validatesAndPublishesPerIssuerMetrics() throws Exception {
        try (TestIssuer issuer = new TestIssuer("/realms/demo")) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            WebIdentityFederation federation = bean(registry,
                    config(Map.of("rolegate.oidc.claims.\"" + issuer.providerKey() + "\"", "groups")), true);
            try {
                Instant now = Instant.now();
                String token = issuer.sign(new JWTClaimsSet.Builder().issuer(issuer.url()).audience("demo-client")
                        .subject("user-1").claim("groups", List.of("a", "b")).claim("email", "u@example.com")
                        .expirationTime(Date.from(now.plusSeconds(300))).build(), JWSAlgorithm.RS256);
                ProviderLookup lookup = Fixtures.lookup(issuer.provider("demo-client"));

                ValidatedWebIdentity id = federation.validate(token, ACCOUNT, lookup);
                federation.validate(token, ACCOUNT, lookup);

                String pk = issuer.providerKey();
                assertEquals(List.of("a", "b"), id.conditionKeys().get(pk + ":groups"));
                assertEquals(List.of("u@example.com"), id.conditionKeys().get(pk + ":email"));
                assertEquals(1.0, registry.get("rolegate.oidc.jwks.fetches").tag("issuer", issuer.url()).counter().count());
                double age = registry.get("rolegate.oidc.jwks.cache.age").tag("issuer", issuer.url()).gauge().value();
                assertTrue(age >= 0 && age < 60, "cache age " + age);

                federation.evict(issuer.url());
                issuer.stop();
                fails(ErrorCode.IDPCommunicationError, WebIdentityErrors.IDP_UNREACHABLE,
                        () -> federation.validate(token, ACCOUNT, lookup));
                assertEquals(1.0, registry.get("rolegate.oidc.jwks.failures").tag("issuer", issuer.url())
                        .tag("kind", "unreachable").counter().count());
            } finally {
                federation.close();
            }
        }
    }

    @Test
    void loopbackIssuerIsRefusedByDefault() throws Exception {
        try (TestIssuer issuer = new TestIssuer()) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            WebIdentityFederation federation = bean(registry, config(Map.of()), false);
            try {
                String token = issuer.sign(new JWTClaimsSet.Builder().issuer(issuer.url()).audience("c").subject("s")
                        .expirationTime(Date.from(Instant.now().plusSeconds(300))).build(), JWSAlgorithm.ES256);
                fails(ErrorCode.InvalidIdentityToken, WebIdentityErrors.NO_VERIFICATION_KEY,
                        () -> federation.validate(token, ACCOUNT, Fixtures.lookup(issuer.provider("c"))));
                assertEquals(0, issuer.discoveryHits.get());
                assertEquals(1.0, registry.get("rolegate.oidc.jwks.failures").tag("kind", "refused").counter().count());
            } finally {
                federation.close();
            }
        }
    }
}

package io.rolegate.credentials;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Mints temporary credentials: a fresh {@code ASIA} id embedding the account, a session token signed by the ring's
 * ACTIVE key, and the secret derived from the token's identity ({@link SessionSecrets}), so the secret is stored
 * nowhere. Thread-safe.
 */
public final class SessionCredentialsIssuer {
    private final String issuer;
    private final String audience;
    private final Supplier<SigningKeyRing> ring;
    private final Supplier<SessionSecrets> secrets;
    private final Clock clock;
    private final SecureRandom random;
    private final AccessKeyIds accessKeyIds;

    public SessionCredentialsIssuer(String issuer, String audience, Supplier<SigningKeyRing> ring, SessionSecrets secrets,
                                    Clock clock, SecureRandom random) {
        this(issuer, audience, ring, () -> secrets, clock, random);
        Objects.requireNonNull(secrets);
    }

    /** With session secret keys that rotate: {@code secrets} gives the current set (new sessions use its current version). */
    public SessionCredentialsIssuer(String issuer, String audience, Supplier<SigningKeyRing> ring,
                                    Supplier<SessionSecrets> secrets, Clock clock, SecureRandom random) {
        this.issuer = Objects.requireNonNull(issuer);
        this.audience = Objects.requireNonNull(audience);
        this.ring = Objects.requireNonNull(ring);
        this.secrets = Objects.requireNonNull(secrets);
        this.clock = Objects.requireNonNull(clock);
        this.random = Objects.requireNonNull(random);
        this.accessKeyIds = new AccessKeyIds(random);
    }

    /** Issue time is now truncated to whole seconds; expiry is issue time + the grant's duration (whole seconds). */
    public IssuedSession issue(SessionGrant grant) {
        Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        SessionSecrets keys = secrets.get();
        SessionClaims claims = new SessionClaims(issuer, audience, newTokenId(),
                accessKeyIds.newTemporaryId(grant.accountId()), issuedAt, grant, keys.currentVersion());
        String token = sign(claims, ring.get());
        String secret = keys.derive(claims.secretKeyVersion(), claims.accessKeyId(), claims.tokenId());
        return new IssuedSession(claims, new TemporaryCredentials(claims.accessKeyId(), secret, token, claims.expiresAt()));
    }

    /** The protected header of the ring's active key, serialized once per key (the same bytes nimbus would write). */
    private record Header(String kid, JWSHeader header, String encoded) {
        static Header of(SigningKey key) {
            JWSHeader h = new JWSHeader.Builder(key.algorithm().jwsAlgorithm())
                    .keyID(key.kid())
                    .type(SessionTokenFormat.TYPE)
                    .build();
            return new Header(key.kid(), h, h.toBase64URL().toString());
        }
    }

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private volatile Header header;

    /** The compact JWS {@code header.payload.signature}, as {@code JWSObject.serialize} writes it. */
    String sign(SessionClaims claims, SigningKeyRing ring) {
        SigningKey key = ring.activeKey();
        Header h = header;
        if (h == null || !h.kid().equals(key.kid())) {
            h = Header.of(key);
            header = h;
        }
        String payload = BASE64URL.encodeToString(JSONObjectUtils.toJSONString(SessionTokenFormat.toPayload(claims))
                .getBytes(StandardCharsets.UTF_8));
        String signingInput = h.encoded() + '.' + payload;
        try {
            return signingInput + '.' + ring.signer().sign(h.header(), signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign session token with key " + key.kid(), e);
        }
    }

    private String newTokenId() {
        byte[] id = new byte[16];
        random.nextBytes(id);
        return Base64URL.encode(id).toString();
    }
}

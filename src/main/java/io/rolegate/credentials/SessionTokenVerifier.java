package io.rolegate.credentials;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import java.text.ParseException;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Verifies a session token without any database lookup: parse, find the key by kid, require the one algorithm that
 * key's type allows (so "none", HMAC and algorithm substitution all fail), check the signature, the token type,
 * issuer and audience, the access key id of the request, then the expiry; finally derive the secret. Every failure
 * other than expiry is InvalidClientTokenId, so callers learn nothing about why a forged token failed. Nothing is
 * cached between calls. Thread-safe.
 */
public final class SessionTokenVerifier {
    /** Upper bound on accepted token length (AWS tokens are ~1 KB; ours grow with inline policies and tags). */
    public static final int MAX_TOKEN_LENGTH = 16 * 1024;

    private final String issuer;
    private final String audience;
    private final Supplier<VerificationKeys> keys;
    private final Supplier<SessionSecrets> secrets;
    private final Clock clock;

    public SessionTokenVerifier(String issuer, String audience, Supplier<VerificationKeys> keys, SessionSecrets secrets,
                                Clock clock) {
        this(issuer, audience, keys, () -> secrets, clock);
        Objects.requireNonNull(secrets);
    }

    /** With session secret keys that rotate: {@code secrets} gives every version still accepted. */
    public SessionTokenVerifier(String issuer, String audience, Supplier<VerificationKeys> keys,
                                Supplier<SessionSecrets> secrets, Clock clock) {
        this.issuer = Objects.requireNonNull(issuer);
        this.audience = Objects.requireNonNull(audience);
        this.keys = Objects.requireNonNull(keys);
        this.secrets = Objects.requireNonNull(secrets);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Verifies the token of a SigV4 request whose credential scope names {@code accessKeyId}.
     *
     * @throws AwsException ExpiredToken (403) when expired; InvalidClientTokenId (403) for anything else wrong,
     *                      including an access key id that is not the token's
     */
    public VerifiedSession verify(String token, String accessKeyId) {
        return verify(token, Objects.requireNonNull(accessKeyId, "accessKeyId"), true);
    }

    /** Verifies a token on its own (no request access key id to compare). */
    public VerifiedSession verify(String token) {
        return verify(token, null, false);
    }

    private VerifiedSession verify(String token, String accessKeyId, boolean checkAccessKeyId) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw invalid();
        }
        JWSObject jws;
        try {
            jws = JWSObject.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw invalid();
        }
        JWSHeader header = jws.getHeader();
        VerificationKeys.Entry key = keys.get().find(header.getKeyID()).orElseThrow(SessionTokenVerifier::invalid);
        if (!key.algorithm().equals(header.getAlgorithm())
                || !SessionTokenFormat.TYPE.equals(header.getType())
                || !header.isBase64URLEncodePayload()
                || (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty())) {
            throw invalid();
        }
        try {
            if (!jws.verify(key.verifier())) {
                throw invalid();
            }
        } catch (JOSEException | RuntimeException e) {
            if (e instanceof AwsException aws) {
                throw aws;
            }
            throw invalid();
        }
        SessionClaims claims;
        try {
            Map<String, Object> payload = jws.getPayload().toJSONObject();
            if (payload == null) {
                throw invalid();
            }
            claims = SessionTokenFormat.fromPayload(payload);
        } catch (IllegalArgumentException | ArithmeticException | NullPointerException e) {
            throw invalid();
        }
        SessionSecrets versions = secrets.get();
        if (!issuer.equals(claims.issuer()) || !audience.equals(claims.audience())
                || !versions.hasVersion(claims.secretKeyVersion())
                || !AccessKeyIds.isTemporary(claims.accessKeyId())
                || (checkAccessKeyId && !claims.accessKeyId().equals(accessKeyId))) {
            throw invalid();
        }
        if (!claims.isValidAt(clock.instant())) {
            throw new AwsException(ErrorCode.ExpiredToken);
        }
        return new VerifiedSession(claims,
                versions.derive(claims.secretKeyVersion(), claims.accessKeyId(), claims.tokenId()));
    }

    private static AwsException invalid() {
        return new AwsException(ErrorCode.InvalidClientTokenId);
    }
}

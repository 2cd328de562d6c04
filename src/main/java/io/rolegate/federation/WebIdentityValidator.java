package io.rolegate.federation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jwt.SignedJWT;
import io.rolegate.credentials.JwsEngines;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.math.BigDecimal;
import java.security.Provider;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static io.rolegate.federation.WebIdentityErrors.invalid;

/**
 * Validates an external OIDC token against a registered provider: docs/aws-behaviour.md §6.2 steps 1-6, in that order,
 * plus the condition keys, session tags and source identity the STS action needs. Pure apart from the key source it is
 * given:
 * time comes from the injected clock, keys from {@link KeySources}.
 */
public final class WebIdentityValidator {

    public static final int MIN_TOKEN_LENGTH = 4;
    public static final int MAX_TOKEN_LENGTH = 20000;
    /** RS/ES per the STS documentation, plus PS256. Never none or HS*. */
    public static final Set<JWSAlgorithm> ALLOWED_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.PS256);
    public static final String SOURCE_IDENTITY_CLAIM = "https://aws.amazon.com/source_identity";
    private static final Pattern SOURCE_IDENTITY = Pattern.compile("[\\w+=,.@-]{2,64}");
    private static final int MIN_RSA_BITS = 2048;
    private static final int MAX_CANDIDATE_KEYS = 8;
    // The JDK's EC code is slow (docs/benchmarks.md, ES256_JDK); BouncyCastle verifies ES* an order of magnitude faster.
    private static final Provider BC = new BouncyCastleProvider();

    // Building a verifier converts the JWK to a JCA key (and checks the EC point): do it once per fetched key object.
    // Weak identity keys: entries go when nimbus drops a JWKS after a refresh.
    private final Cache<JWK, Optional<JWSVerifier>> verifiers =
            Caffeine.newBuilder().weakKeys().maximumSize(10_000).build();
    private final Clock clock;
    private final KeySources keys;
    private final Duration leeway;
    private final ExtraClaims extraClaims;

    public WebIdentityValidator(Clock clock, KeySources keys, Duration leeway, ExtraClaims extraClaims) {
        this.clock = clock;
        this.keys = keys;
        this.leeway = leeway;
        this.extraClaims = extraClaims;
    }

    /**
     * @param token         the WebIdentityToken parameter
     * @param roleAccountId the account of the role being assumed (providers are looked up there)
     * @throws AwsException InvalidIdentityToken, ExpiredTokenException or IDPCommunicationError
     */
    public ValidatedWebIdentity validate(String token, String roleAccountId, ProviderLookup lookup) {
        return validateAt(token, roleAccountId, lookup, clock.instant());
    }

    /**
     * {@link #validate} with the dates checked as of {@code now} instead of the clock: the SSO protocols re-check a
     * person's ID token as of the moment they signed in, for as long as their SSO session lasts.
     */
    public ValidatedWebIdentity validateAt(String token, String roleAccountId, ProviderLookup lookup, Instant now) {
        // 1. size, format, algorithm
        if (token == null || token.length() < MIN_TOKEN_LENGTH || token.length() > MAX_TOKEN_LENGTH) {
            throw invalid(WebIdentityErrors.BAD_LENGTH);
        }
        if (token.chars().filter(c -> c == '.').count() != 2) {
            throw invalid(WebIdentityErrors.NOT_A_JWT);
        }
        SignedJWT jwt;
        Map<String, Object> claims; // the raw JSON: nimbus' JWTClaimsSet would turn exp/nbf/iat into Dates
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getPayload().toJSONObject();
        } catch (ParseException e) {
            throw invalid(WebIdentityErrors.NOT_A_JWT);
        }
        if (claims == null) {
            throw invalid(WebIdentityErrors.NOT_A_JWT);
        }
        JWSHeader header = jwt.getHeader();
        if (!ALLOWED_ALGORITHMS.contains(header.getAlgorithm())) {
            throw invalid(WebIdentityErrors.BAD_ALGORITHM + header.getAlgorithm());
        }
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            throw invalid(WebIdentityErrors.CRITICAL_HEADER);
        }
        // 2. issuer -> registered provider in the role's account
        if (!(claims.get("iss") instanceof String issuer) || issuer.isEmpty()) {
            throw invalid(WebIdentityErrors.MISSING_ISSUER);
        }
        TrustedIssuer provider = lookup.find(roleAccountId, issuer)
                .orElseThrow(() -> invalid(WebIdentityErrors.NO_PROVIDER + issuer));
        // 3. audience
        String audience = matchAudience(claims.get("aud"), provider.clientIds());
        // 4. keys and signature
        verifySignature(jwt, provider);
        // 5. dates
        long exp = requireDate(claims, "exp").orElseThrow(() -> invalid(WebIdentityErrors.MISSING_EXP));
        if (!now.isBefore(Instant.ofEpochSecond(exp).plus(leeway))) {
            throw WebIdentityErrors.expired(now.getEpochSecond(), exp);
        }
        Optional<Long> nbf = requireDate(claims, "nbf");
        if (nbf.isPresent() && now.isBefore(Instant.ofEpochSecond(nbf.get()).minus(leeway))) {
            throw WebIdentityErrors.notYetValid(now.getEpochSecond(), nbf.get());
        }
        Optional<Long> iat = requireDate(claims, "iat");
        if (iat.isPresent() && now.isBefore(Instant.ofEpochSecond(iat.get()).minus(leeway))) {
            throw WebIdentityErrors.issuedInFuture(now.getEpochSecond(), iat.get());
        }
        // 6. subject
        if (!(claims.get("sub") instanceof String subject) || subject.isEmpty()) {
            throw invalid(WebIdentityErrors.MISSING_SUB);
        }
        if (subject.length() > 255) {
            throw invalid(WebIdentityErrors.SUB_TOO_LONG);
        }
        SessionTagsClaim tags = SessionTagsClaim.parse(claims.get(SessionTagsClaim.CLAIM));
        Optional<String> sourceIdentity = sourceIdentity(claims.get(SOURCE_IDENTITY_CLAIM));
        return new ValidatedWebIdentity(provider.arn(), provider.key(), subject, audience,
                conditionKeys(provider.key(), claims, subject, audience), tags.tags(), tags.transitiveKeys(),
                sourceIdentity, Instant.ofEpochSecond(exp), iat.map(Instant::ofEpochSecond));
    }

    private static String matchAudience(Object aud, List<String> clientIds) {
        for (String candidate : strings(aud)) {
            if (clientIds.contains(candidate)) {
                return candidate;
            }
        }
        throw invalid(WebIdentityErrors.INCORRECT_AUDIENCE);
    }

    private void verifySignature(SignedJWT jwt, TrustedIssuer provider) {
        List<JWK> candidates;
        try {
            candidates = keys.forProvider(provider)
                    .get(new JWKSelector(JWKMatcher.forJWSHeader(jwt.getHeader())), null);
        } catch (KeySourceException e) {
            throw keyFailure(provider, e);
        }
        if (candidates == null || candidates.isEmpty()) {
            throw invalid(WebIdentityErrors.NO_VERIFICATION_KEY);
        }
        int tried = 0;
        for (JWK key : candidates) {
            if (tried++ == MAX_CANDIDATE_KEYS) {
                break;
            }
            JWSVerifier verifier = verifiers.get(key, k -> Optional.ofNullable(verifierFor(k))).orElse(null);
            try {
                if (verifier != null && jwt.verify(verifier)) {
                    return;
                }
            } catch (JOSEException | IllegalStateException e) {
                // an unusable key or a malformed signature: try the next candidate, fail below
            }
        }
        throw invalid(WebIdentityErrors.BAD_SIGNATURE);
    }

    private static JWSVerifier verifierFor(JWK key) {
        try {
            if (key instanceof RSAKey rsa) {
                return rsa.size() < MIN_RSA_BITS ? null : new RSASSAVerifier(rsa);
            }
            if (key instanceof ECKey ec && com.nimbusds.jose.jwk.Curve.P_256.equals(ec.getCurve())) {
                // ES256 on BouncyCastle's lightweight API (the gateway's own session-token verifier): about twice
                // as fast as nimbus with the BC JCA provider (docs/benchmarks.md)
                return JwsEngines.verifier(ec);
            }
            if (key instanceof ECKey ec) {
                ECDSAVerifier verifier = new ECDSAVerifier(ec);
                verifier.getJCAContext().setProvider(BC);
                return verifier;
            }
        } catch (JOSEException | IllegalArgumentException e) {
            return null;
        }
        return null;
    }

    /**
     * IdP trouble is retryable (IDPCommunicationError, logged as a warning naming the provider and the cause);
     * everything else is "Couldn't retrieve verification key".
     */
    private static AwsException keyFailure(TrustedIssuer provider, KeySourceException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JwksUnavailable u) {
                return u.kind() == KeyFetchFailure.Kind.UNREACHABLE ? unreachable(provider, e)
                        : invalid(WebIdentityErrors.NO_VERIFICATION_KEY);
            }
        }
        if (e instanceof JWKSetUnavailableException) { // e.g. timed out waiting for another caller's fetch
            return unreachable(provider, e);
        }
        return invalid(WebIdentityErrors.NO_VERIFICATION_KEY); // includes nimbus' RateLimitReachedException
    }

    private static AwsException unreachable(TrustedIssuer provider, KeySourceException e) {
        return new AwsException(ErrorCode.IDPCommunicationError, WebIdentityErrors.IDP_UNREACHABLE,
                new KeyFetchFailure(KeyFetchFailure.Kind.UNREACHABLE, "identity provider " + provider.url()
                        + " unreachable", e));
    }

        /** NumericDate claims must be integers (docs/aws-behaviour.md §6.2 step 5); absent is empty. */
    private static Optional<Long> requireDate(Map<String, Object> claims, String name) {
        Object v = claims.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Long l) {
            return Optional.of(l);
        }
        if (v instanceof Integer i) {
            return Optional.of(i.longValue());
        }
        throw invalid(WebIdentityErrors.BAD_DATE + name);
    }

    private static Optional<String> sourceIdentity(Object claim) {
        if (claim == null) {
            return Optional.empty();
        }
        if (!(claim instanceof String s) || !SOURCE_IDENTITY.matcher(s).matches() || s.startsWith("aws:")) {
            throw invalid(WebIdentityErrors.BAD_SOURCE_IDENTITY);
        }
        return Optional.of(s);
    }

    private Map<String, List<String>> conditionKeys(String providerKey, Map<String, Object> claims, String subject,
                                                    String audience) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        keys.put(providerKey + ":aud", List.of(audience));
        keys.put(providerKey + ":sub", List.of(subject));
        List<String> amr = strings(claims.get("amr"));
        if (!amr.isEmpty()) {
            keys.put(providerKey + ":amr", amr);
        }
        for (String name : extraClaims.forProvider(providerKey)) {
            List<String> values = strings(claims.get(name));
            if (!values.isEmpty()) {
                keys.put(providerKey + ":" + name, values);
            }
        }
        return Collections.unmodifiableMap(keys);
    }

    /** A claim as condition values: scalars give one value, arrays one per scalar element; objects give none. */
    static List<String> strings(Object claim) {
        if (claim == null) {
            return List.of();
        }
        if (claim instanceof List<?> list) {
            List<String> out = new ArrayList<>(list.size());
            for (Object o : list) {
                scalar(o).ifPresent(out::add);
            }
            return List.copyOf(out);
        }
        return scalar(claim).map(List::of).orElse(List.of());
    }

    private static Optional<String> scalar(Object o) {
        if (o instanceof String s) {
            return Optional.of(s);
        }
        if (o instanceof Boolean b) {
            return Optional.of(b.toString());
        }
        if (o instanceof Long || o instanceof Integer) {
            return Optional.of(o.toString());
        }
        if (o instanceof Number n) {
            return Optional.of(new BigDecimal(n.toString()).stripTrailingZeros().toPlainString());
        }
        return Optional.empty();
    }
}

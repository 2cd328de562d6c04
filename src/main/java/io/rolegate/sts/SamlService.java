package io.rolegate.sts;

import io.rolegate.credentials.IssuedSession;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.federation.SamlAssertion;
import io.rolegate.federation.SamlAwsAttributes;
import io.rolegate.federation.SamlConditionKeys;
import io.rolegate.federation.SamlDecryption;
import io.rolegate.federation.SamlErrors;
import io.rolegate.federation.SamlMetadata;
import io.rolegate.federation.SamlResponseValidator;
import io.rolegate.iam.RequestContexts;
import io.rolegate.iam.RequestFacts;
import io.rolegate.iam.SamlProviderDirectory;
import io.rolegate.model.SamlProvider;
import io.rolegate.policy.AuthorizationRequest;
import io.rolegate.policy.Decision;
import io.rolegate.policy.PrincipalIdentity;
import io.rolegate.policy.RequestContext;
import io.rolegate.store.SamlAssertionUseStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * AssumeRoleWithSAML (README "SAML federation"): the provider named by PrincipalArn, the response verified against
 * its metadata (federation), the assertion must offer the (RoleArn, PrincipalArn) pair in its Role attribute, its ID
 * is used up (on every replica), then {@link RoleSessions} decides the role's trust policy for the provider as
 * {@code Principal.Federated} with the {@code saml:} keys and mints, exactly as for the other doors.
 */
@ApplicationScoped
public class SamlService {
    public static final String ACTION = "sts:AssumeRoleWithSAML";
    public static final String NOT_AUTHORIZED = "Not authorized to perform " + ACTION;
    /** AWS (obs). */
    public static final String NO_PROVIDER = "Specified provider doesn't exist.";
    /** Ours. */
    /** The most providers one portal sign-in is verified against. */
    public static final int MAX_SIGN_IN_PROVIDERS = 10;
    public static final String METADATA_EXPIRED = "The SAML provider's metadata is no longer valid (validUntil has passed)";

    /** The minted session and the response members that come from the assertion. */
    public record Outcome(IssuedSession session, SamlAssertion assertion, String nameQualifier, Integer packedPolicySize) {
    }

    /** Parsed metadata and the opened private keys, kept while the provider row is unchanged. */
    private record Parsed(Instant updated, SamlMetadata metadata, List<PrivateKey> privateKeys) {
    }

    private final Map<String, Parsed> metadata = new ConcurrentHashMap<>();

    @Inject
    SamlResponseValidator validator;
    @Inject
    SamlProviderDirectory providers;
    @Inject
    SamlAssertionUseStore uses;
    @Inject
    StsDirectory directory;
    @Inject
    RoleSessions sessions;

    public Outcome assume(SamlRequest in, RequestFacts facts) {
        Verified v = verify(in.samlAssertion(), in.principalArn(), facts.now());
        if (!v.attributes().offers(in.roleArn(), in.principalArn())) {
            throw new AwsException(ErrorCode.AccessDenied, NOT_AUTHORIZED);
        }
        if (in.policy() != null) {
            directory.sessionPolicy(in.policy());
        }
        Integer seconds = duration(in.durationSeconds(), v, facts.now());
        consume(v.assertion(), facts.now());
        RoleSessions.Minted minted = sessions.mint(request(in.roleArn(), seconds, in.policy(), in.policyArns(), v, facts));
        return new Outcome(minted.session(), v.assertion(), v.nameQualifier(), minted.packedPolicySize());
    }

    /** A verified assertion of a provider, with its AWS attributes and condition keys. */
    public record Verified(SamlProvider provider, SamlAssertion assertion, SamlAwsAttributes attributes,
                           String nameQualifier, Map<String, List<String>> conditionKeys) {
    }

    /** Verifies a base64 SAML response for the provider {@code providerArn} (nothing is used up yet). */
    public Verified verify(String samlResponse, String providerArn, Instant now) {
        return verify(validator.parse(samlResponse), providerArn, now);
    }

    /**
     * The portal's IdP-initiated sign-in, which names no PrincipalArn: the response verified against each provider
     * (at most {@value #MAX_SIGN_IN_PROVIDERS}) its Role attribute names. That attribute is read unverified only to
     * pick the providers; what counts is what a provider's keys verify. When none does, the first provider's error.
     */
    public List<Verified> verifyForSignIn(String samlResponse, Instant now) {
        SamlResponseValidator.ParsedResponse parsed = validator.parse(samlResponse);
        if (parsed.encrypted()) { // its Role attribute, which names the provider that could decrypt it, is encrypted
            throw new AwsException(ErrorCode.InvalidIdentityToken, SamlErrors.ENCRYPTED_SIGN_IN);
        }
        Set<String> providerArns = new LinkedHashSet<>();
        for (SamlAwsAttributes.RolePair pair : SamlAwsAttributes.pairs(parsed.unverifiedValues(SamlAwsAttributes.ROLE))) {
            if (providerArns.size() < MAX_SIGN_IN_PROVIDERS) {
                providerArns.add(pair.providerArn());
            }
        }
        List<Verified> out = new ArrayList<>();
        AwsException first = null;
        for (String arn : providerArns) {
            try {
                out.add(verify(parsed, arn, now));
            } catch (AwsException e) {
                first = first == null ? e : first;
            }
        }
        if (out.isEmpty()) {
            throw first != null ? first : new AwsException(ErrorCode.InvalidIdentityToken, SamlErrors.NO_ROLE);
        }
        return out;
    }

    private Verified verify(SamlResponseValidator.ParsedResponse parsed, String providerArn, Instant now) {
        SamlProvider p = providers.byArn(providerArn)
                .orElseThrow(() -> new AwsException(ErrorCode.InvalidIdentityToken, NO_PROVIDER));
        Parsed idp = parsed(p);
        if (idp.metadata().validUntil().map(now::isAfter).orElse(false)) {
            throw new AwsException(ErrorCode.InvalidIdentityToken, METADATA_EXPIRED);
        }
        SamlAssertion a = validator.verify(validator.decrypt(parsed, idp.privateKeys(), p.encryptionRequired()),
                idp.metadata(), now);
        SamlAwsAttributes attributes = SamlAwsAttributes.of(a);
        return new Verified(p, a, attributes, a.nameQualifier(p.accountId(), p.name()),
                SamlConditionKeys.of(a, p.accountId(), p.name()));
    }

    /** Uses the assertion up: a second use anywhere, until it could have expired, is refused. */
    public void consume(SamlAssertion a, Instant now) {
        if (!uses.firstUse(key(a), a.usableUntil(), now)) {
            throw new AwsException(ErrorCode.InvalidIdentityToken, SamlErrors.REPLAYED);
        }
    }

    /** The roles the assertion offers through its provider that the trust policies would grant (the portal's picker). */
    public List<String> offeredRoles(Verified v, RequestFacts facts) {
        List<String> out = new ArrayList<>();
        for (SamlAwsAttributes.RolePair pair : v.attributes().roles()) {
            if (pair.providerArn().equals(v.provider().arn())
                    && sessions.allows(request(pair.roleArn(), null, null, List.of(), v, facts))) {
                out.add(pair.roleArn());
            }
        }
        return out;
    }

    /** Mints a session for an already verified and used-up assertion (the portal's choice of role). */
    public IssuedSession assume(Verified v, String roleArn, RequestFacts facts) {
        if (!v.attributes().offers(roleArn, v.provider().arn())) {
            throw new AwsException(ErrorCode.AccessDenied, NOT_AUTHORIZED);
        }
        return sessions.mint(request(roleArn, duration(null, v, facts.now()), null, List.of(), v, facts)).session();
    }

    private Parsed parsed(SamlProvider p) {
        Parsed cached = metadata.get(p.arn());
        if (cached == null || !cached.updated().equals(p.updated())) {
            cached = new Parsed(p.updated(), SamlMetadata.parse(p.metadata()),
                    providers.privateKeys(p).stream().map(SamlDecryption::decode).toList());
            metadata.put(p.arn(), cached);
        }
        return cached;
    }

    /**
     * DurationSeconds, else the SessionDuration attribute, else the default; never past the assertion's
     * SessionNotOnOrAfter.
     */
    private static Integer duration(Integer requested, Verified v, Instant now) {
        Integer seconds = requested != null ? requested : v.attributes().sessionDuration().orElse(null);
        if (v.assertion().sessionNotOnOrAfter().isEmpty()) {
            return seconds;
        }
        long left = Duration.between(now, v.assertion().sessionNotOnOrAfter().get()).getSeconds();
        if (left <= 0) {
            throw new AwsException(ErrorCode.ExpiredTokenException, SamlErrors.EXPIRED);
        }
        int wanted = seconds == null ? RoleSessions.DEFAULT_SECONDS : seconds;
        return (int) Math.min(wanted, left);
    }

    private static String key(SamlAssertion a) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest((a.issuer() + '\n' + a.id()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RoleSessions.Request request(String roleArn, Integer seconds, String policy, List<String> policyArns,
                                                Verified v, RequestFacts facts) {
        SamlAssertion a = v.assertion();
        String sourceIdentity = v.attributes().sourceIdentity().orElse(null);
        String sessionName = v.attributes().sessionName();
        RoleSessions.Door door = new RoleSessions.Door(ACTION, requester(v.provider().arn()),
                RoleSessions.DurationCheck.AFTER_TRUST);
        return new RoleSessions.Request(door, roleArn, sessionName, seconds,
                new RoleSessions.Parent(v.provider().arn(), v.nameQualifier() + ":" + a.subject(), 0),
                new RoleSessions.Tags(v.attributes().sessionTags(), Map.of(),
                        new LinkedHashSet<>(v.attributes().transitiveTagKeys())),
                sourceIdentity, null, new RoleSessions.SessionPolicies(policy, policyArns),
                carried(v.conditionKeys()), context(v, sessionName, sourceIdentity, facts), facts);
    }

    private static RoleSessions.Requester requester(String providerArn) {
        return new RoleSessions.Requester() {
            @Override
            public AuthorizationRequest.Builder request(String action, String roleArn) {
                return AuthorizationRequest.builder(PrincipalIdentity.saml(providerArn), action, roleArn);
            }

            @Override
            public AwsException denied(String action, String roleArn, Decision decision) {
                return new AwsException(ErrorCode.AccessDenied, NOT_AUTHORIZED);
            }
        };
    }

    private static Map<String, List<String>> carried(Map<String, List<String>> keys) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String k : SamlConditionKeys.CARRIED) {
            out.put(k, keys.get(k));
        }
        return out;
    }

    /** No aws:Principal* keys (an unsigned caller); the saml: keys, the session tags and the sts: keys. */
    private static RequestContext.Builder context(Verified v, String sessionName, String sourceIdentity,
                                                  RequestFacts facts) {
        RequestContext.Builder b = RequestContexts.builder(null, facts);
        v.conditionKeys().forEach((k, values) -> {
            if (values.size() == 1) {
                b.put(k, values.get(0));
            } else {
                b.putMulti(k, values);
            }
        });
        if (!v.attributes().sessionTags().isEmpty()) {
            RequestContexts.requestTags(b, v.attributes().sessionTags());
        }
        b.put("sts:RoleSessionName", sessionName);
        if (sourceIdentity != null) {
            b.put("sts:SourceIdentity", sourceIdentity);
        }
        if (!v.attributes().transitiveTagKeys().isEmpty()) {
            b.putMulti("sts:TransitiveTagKeys", new ArrayList<>(v.attributes().transitiveTagKeys()));
        }
        return b;
    }
}

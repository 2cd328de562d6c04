package io.rolegate.sts;

import io.rolegate.credentials.IssuedSession;
import io.rolegate.credentials.SessionGrant;
import io.rolegate.credentials.SessionKind;
import io.rolegate.error.AwsErrors;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.iam.Caller;
import io.rolegate.iam.PrincipalType;
import io.rolegate.iam.SessionKeys;
import io.rolegate.iam.RequestFacts;
import io.rolegate.model.Arns;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * GetSessionToken and GetFederationToken: sessions of an IAM user from its long-term keys (session credentials are
 * refused earlier by {@link SessionRestrictions}). Default 43200 s; the root user is capped at 3600 s (silently).
 */
@ApplicationScoped
public class UserSessionService {
    static final int DEFAULT_SECONDS = 43_200;
    static final int ROOT_MAX_SECONDS = 3600;

    public record FederationOutcome(IssuedSession session, int packedPolicySize) {
    }

    @Inject
    SessionKeys keys;
    @Inject
    StsAuthorization authorization;
    @Inject
    StsDirectory directory;
    @Inject
    MfaCheck mfa;

    public IssuedSession sessionToken(Caller caller, Integer durationSeconds, String serialNumber, String tokenCode) {
        requireUser(caller);
        java.time.Instant mfaAt = mfa.forSessionToken(caller, serialNumber, tokenCode);
        SessionGrant grant = SessionGrant.builder(SessionKind.SESSION_TOKEN, caller.accountId(), caller.arn(),
                        Duration.ofSeconds(duration(caller, durationSeconds)))
                .parentPrincipal(caller.arn(), caller.userId())
                .mfaAuthenticatedAt(mfaAt)
                .build();
        return keys.issue(grant);
    }

    public FederationOutcome federationToken(Caller caller, String name, String policy, List<String> policyArns,
                                             Map<String, String> tags, Integer durationSeconds, RequestFacts facts) {
        requireUser(caller);
        String fedArn = Arns.federatedUser(caller.accountId(), name);
        if (policy != null) {
            directory.sessionPolicy(policy);
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String k : tags.keySet()) {
            if (!seen.add(k.toLowerCase(Locale.ROOT))) {
                throw AwsErrors.duplicateTagKeys(ErrorCode.InvalidParameterValue);
            }
        }
        int packed = PackedSize.percent(policy, policyArns, tags);
        if (packed > 100) {
            throw AwsErrors.packedPolicyTooLarge(packed);
        }
        authorization.require(caller, "sts:GetFederationToken", fedArn, facts);
        if (!tags.isEmpty()) {
            authorization.require(caller, "sts:TagSession", fedArn, facts);
        }
        SessionGrant grant = SessionGrant.builder(SessionKind.FEDERATED_USER, caller.accountId(), fedArn,
                        Duration.ofSeconds(duration(caller, durationSeconds)))
                .sessionName(name)
                .parentPrincipal(caller.arn(), caller.userId())
                .sessionTags(tags)
                .sessionPolicy(policy)
                .sessionPolicyArns(policyArns)
                .build();
        return new FederationOutcome(keys.issue(grant), packed);
    }

    private static void requireUser(Caller caller) {
        if (caller.type() != PrincipalType.User && caller.type() != PrincipalType.Account) {
            throw new AwsException(ErrorCode.AccessDenied, "Cannot call with session credentials");
        }
    }

    private static int duration(Caller caller, Integer requested) {
        int s = requested == null ? DEFAULT_SECONDS : requested;
        return caller.type() == PrincipalType.Account ? Math.min(s, ROOT_MAX_SECONDS) : s;
    }
}

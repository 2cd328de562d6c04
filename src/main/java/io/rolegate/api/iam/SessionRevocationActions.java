package io.rolegate.api.iam;

import io.rolegate.api.ActionFamily;
import io.rolegate.api.ActionTable;
import io.rolegate.api.ApiRequest;
import io.rolegate.api.MemberShapes;
import io.rolegate.api.Result;
import io.rolegate.api.Validation;
import io.rolegate.credentials.AccessKeyIds;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.iam.PolicyOwners;
import io.rolegate.iam.SessionArn;
import io.rolegate.iam.SessionRevocationService;
import io.rolegate.model.PolicyOwnerKind;
import io.rolegate.model.SessionRevocation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Rolegate's revocation actions on the IAM Query API (AWS has no such actions; its console attaches the
 * AWSRevokeOlderSessions policy, which keeps working): RevokeSession (AccessKeyId or SessionArn), RevokeRoleSessions
 * and RevokeUserSessions (IssuedBefore, default now). Authorized as iam:RevokeSession on the session ARN (on
 * {@code arn:aws:sts::ACCT:access-key/ASIA...} for a key id), iam:RevokeRoleSessions on the role and
 * iam:RevokeUserSessions on the user.
 */
@ApplicationScoped
public class SessionRevocationActions implements ActionFamily {
    @Inject
    PolicyOwners owners;
    @Inject
    SessionRevocationService revocations;
    @Inject
    Clock clock;

    @Override
    public void register(ActionTable t) {
        t.iam("RevokeSession", SessionRevocationActions::sessionResource, this::revokeSession);
        t.iam("RevokeRoleSessions", r -> owners.resourceArn(r.accountId(), PolicyOwnerKind.ROLE, r.param("RoleName")),
                this::revokeRoleSessions);
        t.iam("RevokeUserSessions", r -> owners.resourceArn(r.accountId(), PolicyOwnerKind.USER, r.param("UserName")),
                this::revokeUserSessions);
    }

    /** The session ARN as given; a key id names its session in the account the id embeds. */
    private static String sessionResource(ApiRequest r) {
        String arn = r.param("SessionArn");
        if (arn != null) {
            return arn;
        }
        String keyId = r.param("AccessKeyId");
        return "arn:aws:sts::" + AccessKeyIds.accountOf(keyId).orElseThrow() + ":access-key/" + keyId;
    }

    private Result revokeSession(ApiRequest r) {
        Validation v = new Validation();
        String keyId = r.param("AccessKeyId");
        String arn = r.param("SessionArn");
        v.string(keyId, "accessKeyId", false, 16, 128, MemberShapes.ACCESS_KEY_ID);
        v.string(arn, "sessionArn", false, 20, 2048, null);
        v.then(() -> {
            if ((keyId == null) == (arn == null)) {
                throw new AwsException(ErrorCode.InvalidInput, "Exactly one of AccessKeyId and SessionArn must be specified.");
            }
            if (keyId != null && !AccessKeyIds.isTemporary(keyId)) {
                throw new AwsException(ErrorCode.InvalidInput, "AccessKeyId " + keyId
                        + " is not the key id of temporary credentials (ASIA...).");
            }
            if (arn != null && SessionArn.parse(arn).isEmpty()) {
                throw new AwsException(ErrorCode.InvalidInput, "ARN " + arn + " is not valid.");
            }
        });
        r.validated(v);
        SessionRevocation done = keyId != null ? revocations.revokeAccessKey(keyId)
                : revocations.revokeSessionArn(SessionArn.parse(arn).orElseThrow());
        return Result.of().put("AccessKeyId", keyId).put("SessionArn", arn)
                .put("IssuedBefore", keyId == null ? done.issuedBefore() : null).put("RevokedAt", done.revokedAt());
    }

    /** How RevokeRoleSessions and RevokeUserSessions store their watermark. */
    @FunctionalInterface
    private interface OwnerRevocation {
        SessionRevocation revoke(String accountId, String name, Instant issuedBefore);
    }

    private Result revokeRoleSessions(ApiRequest r) {
        return revokeOwnerSessions(r, "Role", 64, revocations::revokeRoleSessions);
    }

    private Result revokeUserSessions(ApiRequest r) {
        return revokeOwnerSessions(r, "User", 128, revocations::revokeUserSessions);
    }

    /** {@code <Owner>Name} (+ IssuedBefore) in; {@code <Owner>Name}, {@code <Owner>Id}, the stored mark out. */
    private Result revokeOwnerSessions(ApiRequest r, String owner, int maxName, OwnerRevocation revocation) {
        Validation v = new Validation();
        String name = r.param(owner + "Name");
        v.string(name, owner.toLowerCase(Locale.ROOT) + "Name", true, 1, maxName, MemberShapes.NAME);
        Instant before = issuedBefore(r, v);
        r.validated(v);
        SessionRevocation done = revocation.revoke(r.accountId(), name, before);
        return Result.of().put(owner + "Name", name).put(owner + "Id", done.subject())
                .put("IssuedBefore", done.issuedBefore()).put("RevokedAt", done.revokedAt());
    }

    /** The optional IssuedBefore: an ISO 8601 timestamp, not in the future; null when absent (now). */
    private Instant issuedBefore(ApiRequest r, Validation v) {
        String raw = r.param("IssuedBefore");
        if (raw == null) {
            return null;
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(raw.trim()).toInstant();
        } catch (DateTimeParseException e) {
            v.fail(raw, "issuedBefore", "Member must be a timestamp in ISO 8601 format");
            return null;
        }
        v.then(() -> {
            if (at.isAfter(clock.instant())) {
                throw new AwsException(ErrorCode.InvalidInput, "IssuedBefore " + raw + " must not be in the future.");
            }
        });
        return at;
    }
}

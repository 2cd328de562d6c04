package io.rolegate.api.sts;

import io.rolegate.api.ActionFamily;
import io.rolegate.api.ActionTable;
import io.rolegate.api.ApiRequest;
import io.rolegate.api.MemberShapes;
import io.rolegate.api.Params;
import io.rolegate.api.Result;
import io.rolegate.api.Validation;
import io.rolegate.credentials.AccessKeyIds;
import io.rolegate.credentials.IssuedSession;
import io.rolegate.credentials.TemporaryCredentials;
import io.rolegate.error.AwsErrors;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.iam.AuthorizationMessages;
import io.rolegate.iam.ManagedPolicyService;
import io.rolegate.iam.RoleDirectory;
import io.rolegate.model.Tag;
import io.rolegate.sts.AssumeRoleRequest;
import io.rolegate.sts.AssumeRoleService;
import io.rolegate.sts.RoleSessions;
import io.rolegate.sts.StsAuthorization;
import io.rolegate.sts.UserSessionService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * AssumeRole, GetSessionToken, GetFederationToken, GetAccessKeyInfo and DecodeAuthorizationMessage: shape
 * validation with the STS model's constraints (docs/aws-behaviour.md §2.1), then the sts services, then the result
 * members in model order.
 */
@ApplicationScoped
public class StsActions implements ActionFamily {
    static final Pattern ARN = Pattern.compile(
            "[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF]+");
    static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]*");
    static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:\\/-]*");
    static final Pattern SERIAL_NUMBER = Pattern.compile("[\\w+=/:,.@-]*");
    static final Pattern TOKEN_CODE = Pattern.compile("[\\d]*");
    static final Pattern SOURCE_IDENTITY = Pattern.compile("[\\w+=,.@-]*");
    static final Pattern FEDERATED_NAME = Pattern.compile("[\\w+=,.@-]*");
    static final Pattern ACCESS_KEY_ID = Pattern.compile("[\\w]*");
    static final String INVALID_ARN = "Request ARN is invalid";

    @Inject
    AssumeRoleService assumeRole;
    @Inject
    UserSessionService userSessions;
    @Inject
    StsAuthorization authorization;
    @Inject
    AuthorizationMessages messages;

    @Override
    public void register(ActionTable t) {
        // an MFA code is consumed with a store write; without one, AssumeRole reads only warm caches
        t.sts("AssumeRole", this::assumeRole, p -> p.get("TokenCode") == null);
        t.sts("GetSessionToken", this::getSessionToken);
        t.sts("GetFederationToken", this::getFederationToken);
        t.sts("GetAccessKeyInfo", this::getAccessKeyInfo);
        t.sts("DecodeAuthorizationMessage", this::decodeAuthorizationMessage);
    }

    Result assumeRole(ApiRequest r) {
        Params p = r.params();
        Validation v = new Validation();
        roleArn(p, v);
        v.string(p.get("RoleSessionName"), "roleSessionName", true, 2, 64, SESSION_NAME);
        List<String> policyArns = policyArns(p, v);
        v.string(p.get("Policy"), "policy", false, 1, Integer.MAX_VALUE, MemberShapes.POLICY_DOCUMENT);
        Integer duration = v.integer(p.get("DurationSeconds"), "durationSeconds", 900, 43_200);
        Map<String, String> tags = tags(p, v);
        List<String> transitive = MemberShapes.tagKeys(p, "TransitiveTagKeys", "transitiveTagKeys", v);
        v.string(p.get("ExternalId"), "externalId", false, 2, 1224, EXTERNAL_ID);
        v.string(p.get("SerialNumber"), "serialNumber", false, 9, 256, SERIAL_NUMBER);
        v.string(p.get("TokenCode"), "tokenCode", false, 6, 6, TOKEN_CODE);
        v.string(p.get("SourceIdentity"), "sourceIdentity", false, 2, 64, SOURCE_IDENTITY);
        r.validated(v);
        RoleSessions.Minted out = assumeRole.assume(r.caller(), new AssumeRoleRequest(p.get("RoleArn"),
                p.get("RoleSessionName"), duration, p.get("Policy"), policyArns, tags, transitive,
                p.get("ExternalId"), p.get("SerialNumber"), p.get("TokenCode"), p.get("SourceIdentity")), r.facts());
        IssuedSession s = out.session();
        return Result.of()
                .put("Credentials", credentials(s.credentials()))
                .put("AssumedRoleUser", Result.of()
                        .put("AssumedRoleId", s.claims().roleId() + ":" + s.claims().sessionName())
                        .put("Arn", s.claims().subject()))
                .put("PackedPolicySize", out.packedPolicySize())
                .put("SourceIdentity", s.claims().sourceIdentity());
    }

    Result getSessionToken(ApiRequest r) {
        Params p = r.params();
        Validation v = new Validation();
        Integer duration = v.integer(p.get("DurationSeconds"), "durationSeconds", 900, 129_600);
        v.string(p.get("SerialNumber"), "serialNumber", false, 9, 256, SERIAL_NUMBER);
        v.string(p.get("TokenCode"), "tokenCode", false, 6, 6, TOKEN_CODE);
        r.validated(v);
        IssuedSession s = userSessions.sessionToken(r.caller(), duration, p.get("SerialNumber"), p.get("TokenCode"));
        return Result.of().put("Credentials", credentials(s.credentials()));
    }

    Result getFederationToken(ApiRequest r) {
        Params p = r.params();
        Validation v = new Validation();
        v.string(p.get("Name"), "name", true, 2, 32, FEDERATED_NAME);
        v.string(p.get("Policy"), "policy", false, 1, 2048, MemberShapes.POLICY_DOCUMENT);
        List<String> policyArns = policyArns(p, v);
        Integer duration = v.integer(p.get("DurationSeconds"), "durationSeconds", 900, 129_600);
        Map<String, String> tags = tags(p, v);
        r.validated(v);
        UserSessionService.FederationOutcome out = userSessions.federationToken(r.caller(), p.get("Name"),
                p.get("Policy"), policyArns, tags, duration, r.facts());
        IssuedSession s = out.session();
        return Result.of()
                .put("Credentials", credentials(s.credentials()))
                .put("FederatedUser", Result.of()
                        .put("FederatedUserId", s.claims().accountId() + ":" + s.claims().sessionName())
                        .put("Arn", s.claims().subject()))
                .put("PackedPolicySize", out.packedPolicySize());
    }

    Result getAccessKeyInfo(ApiRequest r) {
        Validation v = new Validation();
        v.string(r.param("AccessKeyId"), "accessKeyId", true, 16, 128, ACCESS_KEY_ID);
        r.validated(v);
        authorization.require(r.caller(), "sts:GetAccessKeyInfo", null, r.facts());
        // a key id that carries no account answers with nothing rather than a guess
        return Result.of().put("Account", AccessKeyIds.accountOf(r.param("AccessKeyId")).orElse(null));
    }

    Result decodeAuthorizationMessage(ApiRequest r) {
        Validation v = new Validation();
        v.string(r.param("EncodedMessage"), "encodedMessage", true, 1, 10_240, null);
        r.validated(v);
        authorization.require(r.caller(), "sts:DecodeAuthorizationMessage", null, r.facts());
        return Result.of().put("DecodedMessage", messages.decode(r.caller().accountId(), r.param("EncodedMessage")));
    }

    static Result credentials(TemporaryCredentials c) {
        return Result.of().put("AccessKeyId", c.accessKeyId()).put("SecretAccessKey", c.secretAccessKey())
                .put("SessionToken", c.sessionToken()).put("Expiration", c.expiration());
    }

    /**
     * RoleArn: the model's shape, then (still before any authorization) that it names a role: AWS answers
     * {@code Request ARN is invalid} for any other ARN (a provider's, a user's, a typo in "role/").
     */
    static void roleArn(Params p, Validation v) {
        String arn = p.get("RoleArn");
        v.string(arn, "roleArn", true, 20, 2048, ARN);
        v.then(() -> requireArn(RoleDirectory.isRoleArn(arn)));
    }

    private static void requireArn(boolean wellFormed) {
        if (!wellFormed) {
            throw new AwsException(ErrorCode.ValidationError, INVALID_ARN);
        }
    }

    /** PolicyArns: at most 10, each with the form of a policy ARN (checked with the shapes, before any authorization). */
    static List<String> policyArns(Params p, Validation v) {
        List<Map<String, String>> raw = p.structs("PolicyArns", "arn");
        v.listSize(raw.size(), "policyArns", 10);
        List<String> out = new ArrayList<>();
        for (Map<String, String> m : raw) {
            String arn = m.get("arn");
            v.string(arn, "policyArns.member.arn", true, 20, 2048, ARN);
            if (arn != null) {
                v.then(() -> requireArn(ManagedPolicyService.isPolicyArn(arn)));
            }
            out.add(arn);
        }
        return out;
    }

    private static Map<String, String> tags(Params p, Validation v) {
        Map<String, String> out = new LinkedHashMap<>();
        List<Tag> tags = MemberShapes.tags(p, "Tags", "tags", v);
        boolean duplicate = false;
        for (Tag t : tags) {
            if (io.rolegate.iam.Tags.isReserved(t.key())) {
                throw new AwsException(ErrorCode.InvalidParameterValue, io.rolegate.iam.Tags.RESERVED_PREFIX_MESSAGE);
            }
            duplicate |= out.containsKey(t.key());
            out.put(t.key(), t.value());
        }
        if (duplicate) {
            throw AwsErrors.duplicateTagKeys(ErrorCode.InvalidParameterValue);
        }
        return out;
    }
}

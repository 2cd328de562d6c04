package io.rolegate.api.sts;

import io.rolegate.api.ActionFamily;
import io.rolegate.api.ActionTable;
import io.rolegate.api.ApiRequest;
import io.rolegate.api.Params;
import io.rolegate.api.Result;
import io.rolegate.api.MemberShapes;
import io.rolegate.api.Validation;
import io.rolegate.credentials.AccessKeyIds;
import io.rolegate.credentials.IssuedSession;
import io.rolegate.credentials.TemporaryCredentials;
import io.rolegate.model.Tag;
import io.rolegate.sts.AssumeRoleRequest;
import io.rolegate.sts.AssumeRoleService;
import io.rolegate.iam.AuthorizationMessages;
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
 * validation with the STS model's constraints (spec 2.1), then the sts services, then the result members in model order.
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
        t.sts("AssumeRole", this::assumeRole);
        t.sts("GetSessionToken", this::getSessionToken);
        t.sts("GetFederationToken", this::getFederationToken);
        t.sts("GetAccessKeyInfo", this::getAccessKeyInfo);
        t.sts("DecodeAuthorizationMessage", this::decodeAuthorizationMessage);
    }

    Result assumeRole(ApiRequest r) {
        Params p = r.params();
        Validation v = new Validation();
        v.string(p.get("RoleArn"), "roleArn", true, 20, 2048, ARN);
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
        v.throwIfAny();
        AssumeRoleService.Outcome out = assumeRole.assume(r.caller(), new AssumeRoleRequest(p.get("RoleArn"),
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
        v.throwIfAny();
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
        v.throwIfAny();
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
        v.throwIfAny();
        authorization.require(r.caller(), "sts:GetAccessKeyInfo", null, r.facts());
        // a key id that carries no account answers with nothing rather than a guess
        return Result.of().put("Account", AccessKeyIds.accountOf(r.param("AccessKeyId")).orElse(null));
    }

    Result decodeAuthorizationMessage(ApiRequest r) {
        Validation v = new Validation();
        v.string(r.param("EncodedMessage"), "encodedMessage", true, 1, 10_240, null);
        v.throwIfAny();
        authorization.require(r.caller(), "sts:DecodeAuthorizationMessage", null, r.facts());
        return Result.of().put("DecodedMessage", messages.decode(r.param("EncodedMessage")));
    }

    static Result credentials(TemporaryCredentials c) {
        return Result.of().put("AccessKeyId", c.accessKeyId()).put("SecretAccessKey", c.secretAccessKey())
                .put("SessionToken", c.sessionToken()).put("Expiration", c.expiration());
    }

    private static List<String> policyArns(Params p, Validation v) {
        List<Map<String, String>> raw = p.structs("PolicyArns", "arn");
        v.listSize(raw.size(), "policyArns", 10);
        List<String> out = new ArrayList<>();
        for (Map<String, String> m : raw) {
            v.string(m.get("arn"), "policyArns.member.arn", true, 20, 2048, ARN);
            out.add(m.get("arn"));
        }
        return out;
    }

    private static Map<String, String> tags(Params p, Validation v) {
        Map<String, String> out = new LinkedHashMap<>();
        List<Tag> tags = MemberShapes.tags(p, "Tags", "tags", v);
        Map<String, Integer> dup = new LinkedHashMap<>();
        for (Tag t : tags) {
            if (out.containsKey(t.key())) {
                dup.put(t.key(), 1);
            }
            out.put(t.key(), t.value());
        }
        if (!dup.isEmpty()) {
            throw new io.rolegate.error.AwsException(io.rolegate.error.ErrorCode.InvalidParameterValue,
                    "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
        }
        return out;
    }
}

package io.rolegate.audit;

import io.rolegate.iam.Caller;
import io.rolegate.iam.PrincipalType;
import io.rolegate.model.Arn;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** CloudTrail's userIdentity element for each kind of caller. */
public final class UserIdentities {
    private UserIdentities() {
    }

    /** CloudTrail's time format: ISO 8601 UTC to the second. */
    static String time(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    static Map<String, Object> of(Caller c) {
        Map<String, Object> u = new LinkedHashMap<>();
        Caller.SessionInfo s = c.session();
        String type = c.type() == PrincipalType.User ? (c.arn().endsWith(":root") ? "Root" : "IAMUser")
                : s != null && s.kind() == Caller.SessionKind.FEDERATED_USER ? "FederatedUser" : "AssumedRole";
        u.put("type", type);
        u.put("principalId", c.userId());
        u.put("arn", c.arn());
        u.put("accountId", c.accountId());
        u.put("accessKeyId", c.accessKeyId());
        if (c.userName() != null) {
            u.put("userName", c.userName());
        }
        if (s != null) {
            Map<String, Object> ctx = new LinkedHashMap<>();
            if (s.roleArn() != null || c.user() != null) {
                Map<String, Object> issuer = new LinkedHashMap<>();
                boolean role = s.roleArn() != null;
                issuer.put("type", role ? "Role" : "IAMUser");
                issuer.put("principalId", role ? s.roleId() : c.user().userId());
                issuer.put("arn", role ? s.roleArn() : c.user().arn());
                issuer.put("accountId", c.accountId());
                issuer.put("userName", role ? Arn.parse(s.roleArn()).map(Arn::name).orElse(null)
                        : c.user().userName());
                ctx.put("sessionIssuer", issuer);
            }
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("creationDate", time(s.issuedAt()));
            attributes.put("mfaAuthenticated", String.valueOf(s.mfa()));
            ctx.put("attributes", attributes);
            if (s.sourceIdentity() != null) {
                ctx.put("sourceIdentity", s.sourceIdentity());
            }
            u.put("sessionContext", ctx);
        }
        return u;
    }

    /** A caller known only by the access key id it signed with (authentication failed). */
    static Map<String, Object> unknown(String accessKeyId, String accountId) {
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("type", "Unknown");
        if (accountId != null) {
            u.put("accountId", accountId);
        }
        if (accessKeyId != null) {
            u.put("accessKeyId", accessKeyId);
        }
        return u;
    }

    /** AssumeRoleWithWebIdentity's caller, as CloudTrail shows it: the token's subject at its provider. */
    public static Map<String, Object> webIdentity(String identityProvider, String subject) {
        return federated("WebIdentityUser", identityProvider, subject);
    }

    /** AssumeRoleWithSAML's caller, as CloudTrail shows it: the subject under the assertion's NameQualifier. */
    public static Map<String, Object> saml(String nameQualifier, String subject) {
        return federated("SAMLUser", nameQualifier, subject);
    }

    /** A federated caller: the subject under its identity provider, principalId "provider:subject". */
    private static Map<String, Object> federated(String type, String identityProvider, String subject) {
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("type", type);
        u.put("principalId", identityProvider + ":" + subject);
        u.put("userName", subject);
        u.put("identityProvider", identityProvider);
        return u;
    }

    /**
     * A person signed in through an SSO sign-in (the AWS SSO protocols), as CloudTrail shows an IAM Identity Center
     * user: on behalf of their subject at the identity provider; type Unknown when no person is known.
     */
    public static Map<String, Object> ssoUser(String identityProvider, String subject, String userName) {
        if (subject == null) {
            return unknown(null, null);
        }
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("type", "IdentityCenterUser");
        u.put("principalId", identityProvider + ":" + subject);
        if (userName != null) {
            u.put("userName", userName);
        }
        Map<String, Object> onBehalfOf = new LinkedHashMap<>();
        onBehalfOf.put("userId", subject);
        onBehalfOf.put("identityStoreArn", identityProvider);
        u.put("onBehalfOf", onBehalfOf);
        return u;
    }
}

package io.rolegate.policy;

import java.util.Objects;

/**
 * Who makes the request, as trust and resource policies see it.
 *
 * @param type      the kind of caller
 * @param account   the caller's account (null for web identity, SAML, service and anonymous callers)
 * @param arn       the ARN shown in AccessDenied messages: user ARN, assumed-role session ARN, federated-user ARN,
 *                  root ARN; for web identity / SAML the provider ARN
 * @param issuerArn the role ARN of a session, the parent user ARN of a federated user, the provider ARN (or name such
 *                  as {@code cognito-identity.amazonaws.com}) for web identity and SAML; else null
 * @param service   the service principal ({@code ec2.amazonaws.com}) for SERVICE callers; else null
 */
public record PrincipalIdentity(Type type, String account, String arn, String issuerArn, String service) {

    public enum Type { ROOT, USER, ASSUMED_ROLE, FEDERATED_USER, WEB_IDENTITY, SAML, SERVICE, ANONYMOUS }

    public PrincipalIdentity {
        Objects.requireNonNull(type, "type");
    }

    public static PrincipalIdentity root(String account) {
        return new PrincipalIdentity(Type.ROOT, account, "arn:aws:iam::" + account + ":root", null, null);
    }

    public static PrincipalIdentity user(String account, String userArn) {
        return new PrincipalIdentity(Type.USER, account, userArn, null, null);
    }

    public static PrincipalIdentity roleSession(String account, String roleArn, String sessionArn) {
        return new PrincipalIdentity(Type.ASSUMED_ROLE, account, sessionArn, roleArn, null);
    }

    public static PrincipalIdentity federatedUser(String account, String parentUserArn, String federatedUserArn) {
        return new PrincipalIdentity(Type.FEDERATED_USER, account, federatedUserArn, parentUserArn, null);
    }

    /** A caller of AssumeRoleWithWebIdentity; {@code provider} is the OIDC provider ARN or a built-in name. */
    public static PrincipalIdentity webIdentity(String provider) {
        return new PrincipalIdentity(Type.WEB_IDENTITY, null, provider, provider, null);
    }

    /** A caller of AssumeRoleWithSAML; {@code provider} is the SAML provider ARN. */
    public static PrincipalIdentity saml(String provider) {
        return new PrincipalIdentity(Type.SAML, null, provider, provider, null);
    }

    public static PrincipalIdentity service(String servicePrincipal) {
        return new PrincipalIdentity(Type.SERVICE, null, servicePrincipal, null, servicePrincipal);
    }

    public static PrincipalIdentity anonymous() {
        return new PrincipalIdentity(Type.ANONYMOUS, null, "anonymous", null, null);
    }

    /** Callers that carry identity policies (and can have boundaries and session policies). */
    public boolean hasIdentitySide() {
        return type == Type.ROOT || type == Type.USER || type == Type.ASSUMED_ROLE || type == Type.FEDERATED_USER;
    }
}

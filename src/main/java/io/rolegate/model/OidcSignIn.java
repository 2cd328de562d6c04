package io.rolegate.model;

import java.time.Instant;
import java.util.List;

/**
 * How people sign in through an IAM OIDC provider (the SSO portal): the provider plus what an authorization code
 * flow needs. The client secret is stored sealed under the master key, bound to the provider ARN.
 *
 * @param clientId the provider's client for people; one of the provider's client ids, so the ID tokens it gets
 *                 (aud = clientId) pass the same validation as AssumeRoleWithWebIdentity
 * @param scopes   requested besides {@code openid}
 */
public record OidcSignIn(String providerArn, String accountId, String clientId, String sealedClientSecret,
                         List<String> scopes, Instant updated) {
    public OidcSignIn {
        scopes = List.copyOf(scopes);
    }

    @Override
    public String toString() { // never print the sealed secret either
        return "OidcSignIn[providerArn=" + providerArn + ", clientId=" + clientId + ", scopes=" + scopes + "]";
    }
}

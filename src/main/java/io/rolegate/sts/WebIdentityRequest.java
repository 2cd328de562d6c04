package io.rolegate.sts;

import java.util.List;

/**
 * The parameters of one AssumeRoleWithWebIdentity call after shape validation (docs/aws-behaviour.md §2.1).
 *
 * @param providerId      only for OAuth 2.0 access tokens of the built-in providers; null for OIDC tokens
 * @param durationSeconds null when not given (then 3600)
 */
public record WebIdentityRequest(String roleArn, String roleSessionName, String webIdentityToken, String providerId,
                                 Integer durationSeconds, String policy, List<String> policyArns) {
    public WebIdentityRequest {
        policyArns = policyArns == null ? List.of() : List.copyOf(policyArns);
    }

    @Override
    public String toString() { // never print the token
        return "WebIdentityRequest[roleArn=" + roleArn + ", roleSessionName=" + roleSessionName + "]";
    }
}

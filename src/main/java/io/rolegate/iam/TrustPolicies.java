package io.rolegate.iam;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.model.Arn;
import io.rolegate.policy.Policy;
import io.rolegate.policy.PolicyKind;
import io.rolegate.policy.PrincipalValues;
import io.rolegate.store.AccountStore;
import io.rolegate.store.OidcProviderStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Optional;

/**
 * Validates role trust policies: the policy language's TRUST rules (docs/aws-behaviour.md §4.5 size quota, 4.6
 * messages), then docs/aws-behaviour.md §4.6's "Invalid principal in policy" for an AWS principal naming a user or role
 * of an account this gateway
 * hosts that does not exist (AWS turns existing principals into unique ids, so a missing one is an error there too).
 * The same holds for a Federated principal naming an OIDC provider ARN of a hosted account. Principals in accounts
 * the gateway does not host cannot be checked and are accepted.
 */
@ApplicationScoped
public class TrustPolicies {
    @Inject
    AccountStore accounts;
    @Inject
    PrincipalBindings bindings;
    @Inject
    OidcProviderStore providers;

    /**
     * @param fieldName the request member, for ValidationError messages ({@code assumeRolePolicyDocument} or
     *                  {@code policyDocument})
     * @return the compiled policy
     * @throws AwsException MalformedPolicyDocument, ValidationError or LimitExceeded (ACLSizePerRole)
     */
    public Policy validate(String document, String fieldName) {
        Policy p = Policy.compile(PolicyKind.TRUST, null, document, fieldName);
        for (String principal : principals(document, "AWS")) {
            if (!exists(principal)) {
                throw invalidPrincipal("AWS", principal);
            }
        }
        for (String principal : principals(document, "Federated")) {
            if (!providerExists(principal)) {
                throw invalidPrincipal("Federated", principal);
            }
        }
        return p;
    }

    private static AwsException invalidPrincipal(String type, String value) {
        return new AwsException(ErrorCode.MalformedPolicyDocument,
                "Invalid principal in policy: \"" + type + "\":\"" + value + "\"");
    }

    /** An OIDC provider ARN of a hosted account must name an existing provider (AWS: the IRSA "provider not created yet" error). */
    private boolean providerExists(String principal) {
        Arn arn = hostedKind(principal, "oidc-provider").filter(a -> a.resource().length() > "oidc-provider/".length())
                .orElse(null);
        if (arn == null || accounts.find(arn.account()).isEmpty()) {
            return true; // built-in web identity providers, SAML providers, other accounts: nothing to look up
        }
        return providers.find(principal).isPresent();
    }

    private boolean exists(String principal) {
        return bindings.lookup(principal).kind() != PrincipalBindings.Kind.MISSING;
    }

    /** An {@code arn:aws:iam::<account>:<type>/...} principal. */
    private static Optional<Arn> hostedKind(String principal, String type) {
        return Arn.parse(principal).filter(a -> a.partition().equals("aws") && a.is("iam", type));
    }

    /** The principal values of one type (AWS, Federated) in every statement's Principal and NotPrincipal. */
    static List<String> principals(String document, String type) {
        return PrincipalValues.of(document, type);
    }
}

package io.rolegate.sts;

import java.util.List;

/**
 * The parameters of one AssumeRoleWithSAML call after shape validation.
 *
 * @param durationSeconds null when not given (then the SessionDuration attribute, else 3600)
 */
public record SamlRequest(String roleArn, String principalArn, String samlAssertion, Integer durationSeconds,
                          String policy, List<String> policyArns) {
    public SamlRequest {
        policyArns = policyArns == null ? List.of() : List.copyOf(policyArns);
    }

    @Override
    public String toString() { // never print the assertion
        return "SamlRequest[roleArn=" + roleArn + ", principalArn=" + principalArn + "]";
    }
}

package io.rolegate.sts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.rolegate.policy.Policy;
import io.rolegate.policy.PolicyKind;
import jakarta.enterprise.context.ApplicationScoped;


/**
 * The STS read path's own cache (everything else comes from RoleDirectory, PrincipalDirectory and
 * EffectivePolicies): compiled inline session policy documents.
 */
@ApplicationScoped
public class StsDirectory {

    // keyed by document text: compiled documents are immutable, so these survive store changes
    private final Cache<String, Policy> session = Caffeine.newBuilder().maximumSize(10_000).build();

    /**
     * An inline session policy: validated and compiled (MalformedPolicyDocument with AWS's messages). Only documents
     * that compiled are cached, so a bad one is re-rejected each time.
     */
    public Policy sessionPolicy(String document) {
        return session.get(document, d -> Policy.compile(PolicyKind.SESSION, "session policy", d, "policy"));
    }
}

package io.rolegate.store;

import io.rolegate.model.InlinePolicy;

import java.util.List;
import java.util.Optional;

/** Inline policies of users, groups and roles, keyed by the owner's unique id. */
public interface InlinePolicyStore {
    /** All inline policies of the owner, ordered by name. */
    List<InlinePolicy> list(String ownerId);

    Optional<InlinePolicy> find(String ownerId, String policyName);

    /** Creates or replaces the named policy. */
    void put(String ownerId, String policyName, String document);

    /** True when a policy was deleted. */
    boolean delete(String ownerId, String policyName);
}

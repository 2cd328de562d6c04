package io.rolegate.store;

import io.rolegate.model.ManagedPolicy;
import io.rolegate.model.PolicyEntity;
import io.rolegate.model.PolicyUsage;
import io.rolegate.model.PolicyVersion;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Customer managed policies, their versions and their attachments to users, groups and roles. */
public interface ManagedPolicyStore {
    Optional<ManagedPolicy> findByArn(String arn);

    Optional<ManagedPolicy> findById(String policyId);

    /** Case-insensitive: policy names are unique per account regardless of case. */
    Optional<ManagedPolicy> findByName(String accountId, String policyName);

    /**
     * Policies of the account ordered by lower-cased name, after {@code afterNameLc}.
     *
     * @param onlyAttached keep only policies in use: attached ({@code usage} null or PermissionsPolicy) or used as a
     *                     boundary (PermissionsBoundary)
     */
    List<ManagedPolicy> list(String accountId, String pathPrefix, boolean onlyAttached, PolicyUsage usage,
                             String afterNameLc, int limit);

    /** Inserts the new policy; false, with nothing written, when a policy of that name already exists. */
    boolean insertIfAbsent(ManagedPolicy policy);

    void updateVersions(String policyId, String defaultVersionId, int nextVersion, Instant updated);

    /** Deletes the policy with its versions (attachments must be gone). */
    void delete(String policyId);

    /** All versions of a policy (at most 5), in no particular order. */
    List<PolicyVersion> versions(String policyId);

    Optional<PolicyVersion> findVersion(String policyId, String versionId);

    void insertVersion(PolicyVersion version);

    void deleteVersion(String policyId, String versionId);

    /** Adds the attachment unless it exists; true when it was added. */
    boolean attach(String ownerId, String policyId, Instant at);

    boolean detach(String ownerId, String policyId);

    /** The policies attached to an owner, ordered by lower-cased name. */
    List<ManagedPolicy> attachedTo(String ownerId);

    /**
     * Users, groups and roles of the account that have the policy attached or use it as boundary, ordered by kind then
     * name (an AWS managed policy is used by many accounts; each sees its own entities).
     */
    List<PolicyEntity> entities(String accountId, String policyId, String arn);

    /** The policy with its attachment and boundary counts restricted to the entities of one account. */
    ManagedPolicy countedIn(String accountId, ManagedPolicy policy);
}

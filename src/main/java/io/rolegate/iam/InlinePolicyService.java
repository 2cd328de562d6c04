package io.rolegate.iam;

import io.rolegate.model.InlinePolicy;
import io.rolegate.model.PolicyOwnerKind;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.store.EntityLocks;
import io.rolegate.store.InlinePolicyStore;
import io.rolegate.store.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * Inline policies of users, groups and roles (Put/Get/Delete/List{User,Group,Role}Policy). Documents are validated
 * as identity policies and stored exactly as given; the aggregate size of an entity's inline policies is capped.
 */
@ApplicationScoped
public class InlinePolicyService {
    @Inject
    InlinePolicyStore store;
    @Inject
    PolicyOwners owners;
    @Inject
    Transactions tx;
    @Inject
    EntityLocks locks;

    /** An inline policy with the stored name of its owner (the response echoes it). */
    public record OwnedInlinePolicy(String ownerName, String policyName, String document) {
    }

    private static AwsException noSuchPolicy(PolicyOwnerKind kind, String policyName) {
        return new AwsException(ErrorCode.NoSuchEntity,
                "The " + kind.word + " policy with name " + policyName + " cannot be found.");
    }

    public void put(String accountId, PolicyOwnerKind kind, String ownerName, String policyName, String document) {
        tx.run(() -> {
            PolicyOwner owner = owners.find(accountId, kind, ownerName);
            PolicyDocuments.inline(policyName, document);
            locks.lockOwner(kind, owner.id());
            int total = PolicyDocuments.size(document);
            for (InlinePolicy p : store.list(owner.id())) {
                if (!p.policyName().equals(policyName)) {
                    total += PolicyDocuments.size(p.document());
                }
            }
            if (total > kind.inlineQuota) {
                throw new AwsException(ErrorCode.LimitExceeded, "Maximum policy size of " + kind.inlineQuota
                        + " bytes exceeded for " + kind.word + " " + owner.name());
            }
            store.put(owner.id(), policyName, document);
        });
    }

    public OwnedInlinePolicy get(String accountId, PolicyOwnerKind kind, String ownerName, String policyName) {
        PolicyOwner owner = owners.find(accountId, kind, ownerName);
        InlinePolicy p = store.find(owner.id(), policyName).orElseThrow(() -> noSuchPolicy(kind, policyName));
        return new OwnedInlinePolicy(owner.name(), p.policyName(), p.document());
    }

    public void delete(String accountId, PolicyOwnerKind kind, String ownerName, String policyName) {
        tx.run(() -> {
            PolicyOwner owner = owners.find(accountId, kind, ownerName);
            if (!store.delete(owner.id(), policyName)) {
                throw noSuchPolicy(kind, policyName);
            }
        });
    }

    public Page<String> list(String accountId, PolicyOwnerKind kind, String ownerName, String marker, int maxItems) {
        PolicyOwner owner = owners.find(accountId, kind, ownerName);
        List<String> names = store.list(owner.id()).stream().map(InlinePolicy::policyName).toList();
        return Page.byPosition(names, marker, maxItems);
    }
}

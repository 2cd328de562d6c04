package io.rolegate.iam;

import io.rolegate.credentials.UniqueIdPrefix;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.model.Arn;
import io.rolegate.model.Arns;
import io.rolegate.model.Group;
import io.rolegate.model.ManagedPolicy;
import io.rolegate.model.PolicyEntity;
import io.rolegate.model.PolicyOwnerKind;
import io.rolegate.model.PolicyUsage;
import io.rolegate.model.PolicyVersion;
import io.rolegate.model.Role;
import io.rolegate.model.Tag;
import io.rolegate.model.User;
import io.rolegate.store.EntityLocks;
import io.rolegate.store.ManagedPolicyStore;
import io.rolegate.store.TagStore;
import io.rolegate.store.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Locale;

/**
 * Managed policies: customer managed ones (create, read, list, delete, versions (at most 5, one default), tags) and the
 * AWS managed ones (arn:aws:iam::aws:policy/..., read-only, their counts and entities the caller's account's);
 * attachments of both to users, groups and roles (at most 10 per entity). Every write is one transaction.
 */
@ApplicationScoped
public class ManagedPolicyService {
    public static final int MAX_VERSIONS = 5;

    /** ListPolicies Scope: both kinds, AWS managed only, customer managed only. */
    public enum Scope { All, AWS, Local }

    /** ListEntitiesForPolicy EntityFilter. */
    public enum EntityFilter { User, Role, Group, LocalManagedPolicy, AWSManagedPolicy }

    /** A version and whether it is the policy's default. */
    public record VersionView(PolicyVersion version, boolean isDefault) {
    }

    @Inject
    ManagedPolicyStore store;
    @Inject
    PolicyOwners owners;
    @Inject
    TagStore tags;
    @Inject
    EntityTags entityTags;
    @Inject
    Transactions tx;
    @Inject
    EntityLocks locks;
    @Inject
    Secrets secrets;
    @Inject
    Clock clock;

    static AwsException notFound(String arn) {
        return new AwsException(ErrorCode.NoSuchEntity, "Policy " + arn + " was not found.");
    }

    static AwsException notAttachable(String arn) {
        return new AwsException(ErrorCode.NoSuchEntity, "Policy " + arn + " does not exist or is not attachable.");
    }

    static AwsException noSuchVersion(String arn, String versionId) {
        return new AwsException(ErrorCode.NoSuchEntity,
                "Policy " + arn + " version " + versionId + " does not exist or is not attachable.");
    }

    /** Whether the text has the form of a policy ARN of this partition. */
    public static boolean isPolicyArn(String arn) {
        return policyArn(arn).filter(a -> a.partition().equals("aws")).isPresent();
    }

    /**
     * InvalidInput {@code ARN x is not valid.} unless the text is a policy ARN (arn:aws:iam::ACCOUNT|aws:policy/...,
     * no region, no spaces); ValidationError {@code Invalid ARN partition} for a policy ARN of another partition.
     */
    public static Arn requirePolicyArn(String arn) {
        Arn parsed = policyArn(arn)
                .orElseThrow(() -> new AwsException(ErrorCode.InvalidInput, "ARN " + arn + " is not valid."));
        if (!parsed.partition().equals("aws")) {
            throw new AwsException(ErrorCode.ValidationError, "Invalid ARN partition");
        }
        return parsed;
    }

    private static Optional<Arn> policyArn(String text) {
        return Arn.parse(text).filter(a -> a.service().equals("iam") && a.region().isEmpty()
                && (Arn.isAccountId(a.account()) || a.account().equals("aws"))
                && a.resourceType().equals("policy") && a.resource().length() > "policy/".length()
                && a.resource().chars().allMatch(c -> c >= 0x21 && c <= 0x7E));
    }

    public ManagedPolicy create(String accountId, String name, String path, String document, String description,
                                List<Tag> newTags) {
        Tags.requireUserDefined(newTags);
        Tags.requireWithinQuota(List.of(), newTags);
        String p = path == null ? "/" : path;
        String arn = Arns.policy(accountId, p, name);
        PolicyDocuments.managed(arn, document);
        return tx.inTransaction(() -> {
            if (store.findByName(accountId, name).isPresent()) {
                throw alreadyExists(name);
            }
            Instant now = clock.instant();
            String id = secrets.newUniqueId(UniqueIdPrefix.ANPA, accountId);
            ManagedPolicy policy = new ManagedPolicy(id, accountId, arn, name, p, description, "v1", 2, now, now, 0, 0);
            if (!store.insertIfAbsent(policy)) {
                throw alreadyExists(name); // a concurrent create won the race
            }
            store.insertVersion(new PolicyVersion(id, "v1", document, now));
            tags.put(id, newTags);
            return store.findById(id).orElseThrow();
        });
    }

    private static AwsException alreadyExists(String name) {
        return new AwsException(ErrorCode.EntityAlreadyExists,
                "A policy called " + name + " already exists. Duplicate names are not allowed.");
    }

    /**
     * The caller's account's policy with that ARN, or an AWS managed policy counted in the caller's account; another
     * account's policies do not exist for it.
     */
    public ManagedPolicy get(String accountId, String arn) {
        requirePolicyArn(arn);
        ManagedPolicy p = store.findByArn(arn).filter(x -> x.accountId().equals(accountId) || x.awsManaged())
                .orElseThrow(() -> notFound(arn));
        return p.awsManaged() ? store.countedIn(accountId, p) : p;
    }

    /** The caller's own policy, for a change: AWS managed policies are read-only. */
    private ManagedPolicy owned(String accountId, String arn, String verb) {
        ManagedPolicy p = get(accountId, arn);
        if (p.awsManaged()) {
            throw new AwsException(ErrorCode.AccessDenied, "Cannot " + verb + " outside your own account.");
        }
        return p;
    }

    /** An attachable policy: the account's own or an AWS managed one. */
    private Optional<ManagedPolicy> attachable(String accountId, String arn) {
        requirePolicyArn(arn);
        return store.findByArn(arn).filter(x -> x.accountId().equals(accountId) || x.awsManaged());
    }

    public Page<ManagedPolicy> list(String accountId, Scope scope, boolean onlyAttached, String pathPrefix,
                                    PolicyUsage usage, String marker, int maxItems) {
        String after = Markers.decode(marker);
        List<ManagedPolicy> rows = new ArrayList<>();
        if (scope != Scope.AWS) {
            rows.addAll(store.list(accountId, pathPrefix, onlyAttached, usage, after, maxItems + 1));
        }
        if (scope != Scope.Local) { // a handful of rows, counted in the caller's account before the in-use filter
            store.list(ManagedPolicy.AWS_ACCOUNT, pathPrefix, false, null, after, maxItems + 1).stream()
                    .map(p -> store.countedIn(accountId, p))
                    .filter(p -> !onlyAttached || (usage == PolicyUsage.PermissionsBoundary
                            ? p.boundaryUsageCount() > 0 : p.attachmentCount() > 0))
                    .forEach(rows::add);
        }
        rows.sort(Comparator.comparing(p -> p.policyName().toLowerCase(Locale.ROOT)));
        return Markers.page(rows.subList(0, Math.min(rows.size(), maxItems + 1)), maxItems,
                p -> p.policyName().toLowerCase(Locale.ROOT));
    }

    public void delete(String accountId, String arn) {
        tx.run(() -> {
            ManagedPolicy p = owned(accountId, arn, "delete policies");
            if (p.attachmentCount() > 0 || p.boundaryUsageCount() > 0) {
                throw new AwsException(ErrorCode.DeleteConflict, "Cannot delete a policy attached to entities.");
            }
            if (store.versions(p.policyId()).size() > 1) {
                throw new AwsException(ErrorCode.DeleteConflict, "This policy has more than one version. Before you "
                        + "delete a policy, you must delete the policy's versions. The default version is deleted with the policy.");
            }
            tags.removeAll(p.policyId());
            store.delete(p.policyId());
        });
    }

    public VersionView createVersion(String accountId, String arn, String document, boolean setAsDefault) {
        return tx.inTransaction(() -> {
            ManagedPolicy found = owned(accountId, arn, "create policy versions");
            PolicyDocuments.managed(arn, document);
            locks.lockPolicy(found.policyId());
            ManagedPolicy p = store.findById(found.policyId()).orElseThrow(); // re-read under the lock: next version number
            if (store.versions(p.policyId()).size() >= MAX_VERSIONS) {
                throw new AwsException(ErrorCode.LimitExceeded, "A managed policy can have up to " + MAX_VERSIONS
                        + " versions. Before you create a new version, you must delete an existing version.");
            }
            Instant now = clock.instant();
            PolicyVersion v = new PolicyVersion(p.policyId(), "v" + p.nextVersion(), document, now);
            store.insertVersion(v);
            store.updateVersions(p.policyId(), setAsDefault ? v.versionId() : p.defaultVersionId(), p.nextVersion() + 1, now);
            return new VersionView(v, setAsDefault);
        });
    }

    public VersionView getVersion(String accountId, String arn, String versionId) {
        ManagedPolicy p = get(accountId, arn);
        PolicyVersion v = store.findVersion(p.policyId(), versionId).orElseThrow(() -> noSuchVersion(arn, versionId));
        return new VersionView(v, v.versionId().equals(p.defaultVersionId()));
    }

    /** Newest first, as AWS lists them. */
    public Page<VersionView> listVersions(String accountId, String arn, String marker, int maxItems) {
        ManagedPolicy p = get(accountId, arn);
        List<VersionView> all = store.versions(p.policyId()).stream()
                .sorted(Comparator.comparingInt(PolicyVersion::number).reversed())
                .map(v -> new VersionView(v, v.versionId().equals(p.defaultVersionId()))).toList();
        return Page.byPosition(all, marker, maxItems);
    }

    public void setDefaultVersion(String accountId, String arn, String versionId) {
        tx.run(() -> {
            ManagedPolicy p = owned(accountId, arn, "set the default version of policies");
            store.findVersion(p.policyId(), versionId).orElseThrow(() -> noSuchVersion(arn, versionId));
            store.updateVersions(p.policyId(), versionId, p.nextVersion(), p.updated());
        });
    }

    public void deleteVersion(String accountId, String arn, String versionId) {
        tx.run(() -> {
            ManagedPolicy p = owned(accountId, arn, "delete policy versions");
            store.findVersion(p.policyId(), versionId).orElseThrow(() -> noSuchVersion(arn, versionId));
            if (versionId.equals(p.defaultVersionId())) {
                throw new AwsException(ErrorCode.DeleteConflict, "Cannot delete the default version of a policy.");
            }
            store.deleteVersion(p.policyId(), versionId);
        });
    }

    /** Idempotent, as in AWS. A policy of another account is reported as not existing. */
    public void attach(String accountId, PolicyOwnerKind kind, String ownerName, String arn) {
        tx.run(() -> {
            PolicyOwner owner = owners.find(accountId, kind, ownerName);
            ManagedPolicy p = attachable(accountId, arn).orElseThrow(() -> notAttachable(arn));
            locks.lockOwner(kind, owner.id());
            List<ManagedPolicy> attached = store.attachedTo(owner.id());
            if (attached.stream().anyMatch(a -> a.policyId().equals(p.policyId()))) {
                return;
            }
            if (attached.size() >= PolicyOwnerKind.ATTACHED_QUOTA) {
                throw new AwsException(ErrorCode.LimitExceeded,
                        "Cannot exceed quota for PoliciesPer" + kind.title + ": " + PolicyOwnerKind.ATTACHED_QUOTA);
            }
            store.attach(owner.id(), p.policyId(), clock.instant());
        });
    }

    public void detach(String accountId, PolicyOwnerKind kind, String ownerName, String arn) {
        tx.run(() -> {
            PolicyOwner owner = owners.find(accountId, kind, ownerName);
            ManagedPolicy p = attachable(accountId, arn).orElseThrow(() -> notFound(arn));
            if (!store.detach(owner.id(), p.policyId())) {
                throw notFound(arn);
            }
        });
    }

    public Page<ManagedPolicy> listAttached(String accountId, PolicyOwnerKind kind, String ownerName, String pathPrefix,
                                            String marker, int maxItems) {
        PolicyOwner owner = owners.find(accountId, kind, ownerName);
        List<ManagedPolicy> all = store.attachedTo(owner.id()).stream()
                .filter(p -> pathPrefix == null || p.path().startsWith(pathPrefix)).toList();
        return Page.byPosition(all, marker, maxItems);
    }

    public Page<PolicyEntity> entities(String accountId, String arn, EntityFilter filter, String pathPrefix,
                                       PolicyUsage usage, String marker, int maxItems) {
        ManagedPolicy p = get(accountId, arn);
        if (filter == EntityFilter.AWSManagedPolicy) {
            return new Page<>(List.of(), null);
        }
        List<PolicyEntity> all = store.entities(accountId, p.policyId(), p.arn()).stream()
                .filter(e -> filter == null || filter == EntityFilter.LocalManagedPolicy
                        || e.kind().name().equalsIgnoreCase(filter.name()))
                .filter(e -> pathPrefix == null || e.path().startsWith(pathPrefix))
                .filter(e -> usage == null || e.boundary() == (usage == PolicyUsage.PermissionsBoundary))
                .toList();
        return Page.byPosition(all, marker, maxItems);
    }

    public List<Tag> tags(String accountId, String arn) {
        return tags.list(get(accountId, arn).policyId());
    }

    public void tag(String accountId, String arn, List<Tag> added) {
        entityTags.add(() -> owned(accountId, arn, "tag policies").policyId(), added);
    }

    public void untag(String accountId, String arn, List<String> keys) {
        entityTags.remove(() -> owned(accountId, arn, "untag policies").policyId(), keys);
    }
}

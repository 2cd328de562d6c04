package io.rolegate.api.iam;

import io.rolegate.api.ActionFamily;
import io.rolegate.api.ActionTable;
import io.rolegate.api.ApiRequest;
import io.rolegate.api.Result;
import io.rolegate.api.MemberShapes;
import io.rolegate.api.Validation;
import io.rolegate.model.Arns;
import io.rolegate.model.ManagedPolicy;
import io.rolegate.iam.ManagedPolicyService;
import io.rolegate.iam.Page;
import io.rolegate.model.PolicyEntity;
import io.rolegate.model.PolicyOwnerKind;
import io.rolegate.model.PolicyUsage;
import io.rolegate.model.Tag;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * Managed policies: Create/Get/List/DeletePolicy, the version actions, Attach/Detach/ListAttached for users, groups
 * and roles, ListEntitiesForPolicy, Tag/Untag/ListPolicyTags.
 */
@ApplicationScoped
public class ManagedPolicyActions implements ActionFamily {
    @Inject
    ManagedPolicyService policies;
    @Inject
    InlinePolicyActions ownerArns;

    /** Attach/Detach/ListAttachedUserPolicies take a userNameType (1..64), the inline actions an existingUserNameType. */
    static final InlinePolicyActions.OwnerShape ATTACHED_USER =
            new InlinePolicyActions.OwnerShape(PolicyOwnerKind.USER, "UserName", "userName", 64);

    @Override
    public void register(ActionTable t) {
        t.iam("CreatePolicy", r -> Arns.policy(r.accountId(), r.param("Path") == null ? "/" : r.param("Path"),
                r.param("PolicyName")), this::create);
        t.iam("GetPolicy", ManagedPolicyActions::policyArn, this::get);
        t.iam("ListPolicies", r -> Arns.policy(r.accountId(), "/", "*"), this::list);
        t.iam("DeletePolicy", ManagedPolicyActions::policyArn, this::delete);
        t.iam("CreatePolicyVersion", ManagedPolicyActions::policyArn, this::createVersion);
        t.iam("GetPolicyVersion", ManagedPolicyActions::policyArn, this::getVersion);
        t.iam("ListPolicyVersions", ManagedPolicyActions::policyArn, this::listVersions);
        t.iam("SetDefaultPolicyVersion", ManagedPolicyActions::policyArn, this::setDefault);
        t.iam("DeletePolicyVersion", ManagedPolicyActions::policyArn, this::deleteVersion);
        t.iam("ListEntitiesForPolicy", ManagedPolicyActions::policyArn, this::entities);
        t.iam("TagPolicy", ManagedPolicyActions::policyArn, this::tag);
        t.iam("UntagPolicy", ManagedPolicyActions::policyArn, this::untag);
        t.iam("ListPolicyTags", ManagedPolicyActions::policyArn, this::listTags);
        for (InlinePolicyActions.OwnerShape o : new InlinePolicyActions.OwnerShape[] {
                ATTACHED_USER, InlinePolicyActions.GROUP, InlinePolicyActions.ROLE}) {
            String x = o.kind().title;
            t.iam("Attach" + x + "Policy", r -> ownerArns.ownerArn(r, o), r -> attach(r, o));
            t.iam("Detach" + x + "Policy", r -> ownerArns.ownerArn(r, o), r -> detach(r, o));
            t.iam("ListAttached" + x + "Policies", r -> ownerArns.ownerArn(r, o), r -> listAttached(r, o));
        }
    }

    /** The PolicyArn the action is authorized against (validated by the handler before). */
    private static String policyArn(ApiRequest r) {
        return r.param("PolicyArn");
    }

    /** The PolicyArn member: shape, then ARN format, so a malformed ARN is not reported as AccessDenied. */
    private static String policyArn(ApiRequest r, Validation v) {
        String arn = r.param("PolicyArn");
        v.string(arn, "policyArn", true, 20, 2048, null);
        PolicyShapes.policyArn(arn, v);
        return arn;
    }

    static Result policy(ManagedPolicy p, boolean detail, List<Tag> tags) {
        Result r = Result.of().put("PolicyName", p.policyName()).put("PolicyId", p.policyId()).put("Arn", p.arn())
                .put("Path", p.path()).put("DefaultVersionId", p.defaultVersionId())
                .put("AttachmentCount", p.attachmentCount())
                .put("PermissionsBoundaryUsageCount", p.boundaryUsageCount()).put("IsAttachable", true);
        if (detail) {
            r.put("Description", p.description());
        }
        r.put("CreateDate", p.created()).put("UpdateDate", p.updated());
        if (detail && tags != null && !tags.isEmpty()) {
            r.list("Tags", MemberShapes.tagList(tags));
        }
        return r;
    }

    static Result version(ManagedPolicyService.VersionView v, boolean withDocument) {
        return Result.of().put("Document", withDocument ? PolicyShapes.encodeDocument(v.version().document()) : null)
                .put("VersionId", v.version().versionId()).put("IsDefaultVersion", v.isDefault())
                .put("CreateDate", v.version().created());
    }

    private static String document(ApiRequest r, Validation v) {
        String doc = r.param("PolicyDocument");
        v.string(doc, "policyDocument", true, 1, PolicyShapes.MAX_DOCUMENT, MemberShapes.POLICY_DOCUMENT);
        return doc;
    }

    private static String versionId(ApiRequest r, Validation v) {
        String id = r.param("VersionId");
        v.string(id, "versionId", true, 0, Integer.MAX_VALUE, PolicyShapes.VERSION_ID);
        return id;
    }

    private Result create(ApiRequest r) {
        Validation v = new Validation();
        String name = r.param("PolicyName");
        v.string(name, "policyName", true, 1, 128, MemberShapes.POLICY_NAME);
        v.string(r.param("Path"), "path", false, 1, 512, PolicyShapes.POLICY_PATH);
        String doc = document(r, v);
        v.string(r.param("Description"), "description", false, 0, 1000, null);
        List<Tag> tags = MemberShapes.tags(r.params(), "Tags", "tags", v);
        r.validated(v, MemberShapes.withRequestTags(r, tags));
        ManagedPolicy p = policies.create(r.accountId(), name, r.param("Path"), doc, r.param("Description"), tags);
        return Result.of().put("Policy", policy(p, true, tags));
    }

    private Result get(ApiRequest r) {
        Validation v = new Validation();
        String arn = policyArn(r, v);
        r.validated(v);
        ManagedPolicy p = policies.get(r.accountId(), arn);
        return Result.of().put("Policy", policy(p, true, policies.tags(r.accountId(), arn)));
    }

    private Result list(ApiRequest r) {
        Validation v = new Validation();
        ManagedPolicyService.Scope scope = PolicyShapes.enumValue(r.param("Scope"), "scope", ManagedPolicyService.Scope.class, v);
        v.string(r.param("PathPrefix"), "pathPrefix", false, 1, 512, PolicyShapes.POLICY_PATH);
        PolicyUsage usage = PolicyShapes.enumValue(r.param("PolicyUsageFilter"), "policyUsageFilter", PolicyUsage.class, v);
        MemberShapes.Paging paging = MemberShapes.paging(r.params(), v);
        r.validated(v);
        Page<ManagedPolicy> page = policies.list(r.accountId(), scope == null ? ManagedPolicyService.Scope.All : scope,
                PolicyShapes.bool(r.param("OnlyAttached")), r.param("PathPrefix"), usage, paging.marker(), paging.maxItems());
        return MemberShapes.paged(Result.of().list("Policies", page.items().stream().map(p -> policy(p, false, null)).toList()), page);
    }

    private Result delete(ApiRequest r) {
        Validation v = new Validation();
        String arn = policyArn(r, v);
        r.validated(v);
        policies.delete(r.accountId(), arn);
        return null;
    }

    private Result createVersion(ApiRequest r) {
        Validation v = new Validation();
        String arn = policyArn(r, v);
        String doc = document(r, v);
        r.validated(v);
        ManagedPolicyService.VersionView created = policies.createVersion(r.accountId(), arn, doc,
                PolicyShapes.bool(r.param("SetAsDefault")));
        return Result.of().put("PolicyVersion", version(created, false));
    }

    private Result getVersion(ApiRequest r) {
        Validation v = new Validation();
        String arn = policyArn(r, v);
        String id = versionId(r, v);
        r.validated(v);
        return Result.of().put("PolicyVersion", version(policies.getVersion(r.accountId(), arn, id), true));
    }

    private Result listVersions(ApiRequest r) {
        Validation v = new Validation();
        String arn = policyArn(r, v);
        MemberShapes.Paging paging = MemberShapes.paging(r.params(), v);
        r.validated(v);
        Page<ManagedPolicyService.VersionView> page = policies.listVersions(r.accountId(), arn, paging.marker(), paging.maxItems());
        return MemberShapes.paged(Result.of().list("Versions", page.items().stream().map(x -> version(x, false)).toList()), page);
    }

    private Result setDefault(ApiRequest r) {
        Validation v = new Validation();
        String arn = policyArn(r, v);
        String id = versionId(r, v);
        r.validated(v);
        policies.setDefaultVersion(r.accountId(), arn, id);
        return null;
    }

    private Result deleteVersion(ApiRequest r) {
        Validation v = new Validation();
        String arn = policyArn(r, v);
        String id = versionId(r, v);
        r.validated(v);
        policies.deleteVersion(r.accountId(), arn, id);
        return null;
    }

    private Result entities(ApiRequest r) {
        Validation v = new Validation();
        String arn = policyArn(r, v);
        ManagedPolicyService.EntityFilter filter = PolicyShapes.enumValue(r.param("EntityFilter"), "entityFilter",
                ManagedPolicyService.EntityFilter.class, v);
        v.string(r.param("PathPrefix"), "pathPrefix", false, 1, 512, MemberShapes.PATH);
        PolicyUsage usage = PolicyShapes.enumValue(r.param("PolicyUsageFilter"), "policyUsageFilter", PolicyUsage.class, v);
        MemberShapes.Paging paging = MemberShapes.paging(r.params(), v);
        r.validated(v);
        Page<PolicyEntity> page = policies.entities(r.accountId(), arn, filter, r.param("PathPrefix"), usage,
                paging.marker(), paging.maxItems());
        List<Result> groups = page.items().stream().filter(e -> e.kind() == PolicyOwnerKind.GROUP)
                .map(e -> Result.of().put("GroupName", e.name()).put("GroupId", e.id())).toList();
        List<Result> users = page.items().stream().filter(e -> e.kind() == PolicyOwnerKind.USER)
                .map(e -> Result.of().put("UserName", e.name()).put("UserId", e.id())).toList();
        List<Result> roles = page.items().stream().filter(e -> e.kind() == PolicyOwnerKind.ROLE)
                .map(e -> Result.of().put("RoleName", e.name()).put("RoleId", e.id())).toList();
        return MemberShapes.paged(Result.of().list("PolicyGroups", groups).list("PolicyUsers", users).list("PolicyRoles", roles), page);
    }

    private Result tag(ApiRequest r) {
        Validation v = new Validation();
        String arn = policyArn(r, v);
        List<Tag> tags = MemberShapes.requiredTags(r.params(), v);
        r.validated(v, MemberShapes.withRequestTags(r, tags));
        policies.tag(r.accountId(), arn, tags);
        return null;
    }

    private Result untag(ApiRequest r) {
        Validation v = new Validation();
        String arn = policyArn(r, v);
        List<String> keys = MemberShapes.requiredTagKeys(r.params(), v);
        r.validated(v, r.facts().withTagKeys(keys));
        policies.untag(r.accountId(), arn, keys);
        return null;
    }

    private Result listTags(ApiRequest r) {
        Validation v = new Validation();
        String arn = policyArn(r, v);
        MemberShapes.Paging paging = MemberShapes.paging(r.params(), v);
        r.validated(v);
        return MemberShapes.tagPage(policies.tags(r.accountId(), arn), paging);
    }

    private Result attach(ApiRequest r, InlinePolicyActions.OwnerShape o) {
        Validation v = new Validation();
        String owner = InlinePolicyActions.ownerName(r, o, v);
        policyArn(r, v);
        r.validated(v);
        policies.attach(r.accountId(), o.kind(), owner, r.param("PolicyArn"));
        return null;
    }

    private Result detach(ApiRequest r, InlinePolicyActions.OwnerShape o) {
        Validation v = new Validation();
        String owner = InlinePolicyActions.ownerName(r, o, v);
        policyArn(r, v);
        r.validated(v);
        policies.detach(r.accountId(), o.kind(), owner, r.param("PolicyArn"));
        return null;
    }

    private Result listAttached(ApiRequest r, InlinePolicyActions.OwnerShape o) {
        Validation v = new Validation();
        String owner = InlinePolicyActions.ownerName(r, o, v);
        v.string(r.param("PathPrefix"), "pathPrefix", false, 1, 512, PolicyShapes.POLICY_PATH);
        MemberShapes.Paging paging = MemberShapes.paging(r.params(), v);
        r.validated(v);
        Page<ManagedPolicy> page = policies.listAttached(r.accountId(), o.kind(), owner, r.param("PathPrefix"),
                paging.marker(), paging.maxItems());
        return MemberShapes.paged(Result.of().list("AttachedPolicies", page.items().stream()
                .map(p -> Result.of().put("PolicyName", p.policyName()).put("PolicyArn", p.arn())).toList()), page);
    }
}

package io.rolegate.api.iam;

import io.rolegate.api.ActionFamily;
import io.rolegate.api.ActionTable;
import io.rolegate.api.ApiRequest;
import io.rolegate.api.MemberShapes;
import io.rolegate.api.Result;
import io.rolegate.api.Validation;
import io.rolegate.iam.InlinePolicyService;
import io.rolegate.iam.Page;
import io.rolegate.iam.PolicyOwners;
import io.rolegate.model.PolicyOwnerKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Put/Get/Delete/List of User, Group and Role inline policies. */
@ApplicationScoped
public class InlinePolicyActions implements ActionFamily {
    @Inject
    InlinePolicyService policies;
    @Inject
    PolicyOwners owners;

    /** How each owner kind is named on the wire. */
    record OwnerShape(PolicyOwnerKind kind, String param, String member, int maxLength) {
    }

    static final OwnerShape USER = new OwnerShape(PolicyOwnerKind.USER, "UserName", "userName", 128);
    static final OwnerShape GROUP = new OwnerShape(PolicyOwnerKind.GROUP, "GroupName", "groupName", 128);
    static final OwnerShape ROLE = new OwnerShape(PolicyOwnerKind.ROLE, "RoleName", "roleName", 64);

    @Override
    public void register(ActionTable t) {
        for (OwnerShape o : new OwnerShape[] {USER, GROUP, ROLE}) {
            String x = o.kind().title;
            t.iam("Put" + x + "Policy", r -> ownerArn(r, o), r -> put(r, o));
            t.iam("Get" + x + "Policy", r -> ownerArn(r, o), r -> get(r, o));
            t.iam("Delete" + x + "Policy", r -> ownerArn(r, o), r -> delete(r, o));
            t.iam("List" + x + "Policies", r -> ownerArn(r, o), r -> list(r, o));
        }
    }

    /** The owner's real ARN when it exists, else its name under "/" (AccessDenied before existence is revealed). */
    String ownerArn(ApiRequest r, OwnerShape o) {
        return owners.resourceArn(r.accountId(), o.kind(), r.param(o.param()));
    }

    static String ownerName(ApiRequest r, OwnerShape o, Validation v) {
        String name = r.param(o.param());
        v.string(name, o.member(), true, 1, o.maxLength(), MemberShapes.NAME);
        return name;
    }

    private static String policyName(ApiRequest r, Validation v) {
        String name = r.param("PolicyName");
        v.string(name, "policyName", true, 1, 128, MemberShapes.POLICY_NAME);
        return name;
    }

    private Result put(ApiRequest r, OwnerShape o) {
        Validation v = new Validation();
        String owner = ownerName(r, o, v);
        String name = policyName(r, v);
        String doc = r.param("PolicyDocument");
        v.string(doc, "policyDocument", true, 1, PolicyShapes.MAX_DOCUMENT, MemberShapes.POLICY_DOCUMENT);
        r.validated(v);
        policies.put(r.accountId(), o.kind(), owner, name, doc);
        return null;
    }

    private Result get(ApiRequest r, OwnerShape o) {
        Validation v = new Validation();
        String owner = ownerName(r, o, v);
        String name = policyName(r, v);
        r.validated(v);
        InlinePolicyService.OwnedInlinePolicy p = policies.get(r.accountId(), o.kind(), owner, name);
        return Result.of().put(o.param(), p.ownerName()).put("PolicyName", p.policyName())
                .put("PolicyDocument", PolicyShapes.encodeDocument(p.document()));
    }

    private Result delete(ApiRequest r, OwnerShape o) {
        Validation v = new Validation();
        String owner = ownerName(r, o, v);
        String name = policyName(r, v);
        r.validated(v);
        policies.delete(r.accountId(), o.kind(), owner, name);
        return null;
    }

    private Result list(ApiRequest r, OwnerShape o) {
        Validation v = new Validation();
        String owner = ownerName(r, o, v);
        MemberShapes.Paging paging = MemberShapes.paging(r.params(), v);
        r.validated(v);
        Page<String> page = policies.list(r.accountId(), o.kind(), owner, paging.marker(), paging.maxItems());
        return MemberShapes.paged(Result.of().list("PolicyNames", page.items()), page);
    }
}

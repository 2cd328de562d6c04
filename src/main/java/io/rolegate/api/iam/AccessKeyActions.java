package io.rolegate.api.iam;

import io.rolegate.api.ActionFamily;
import io.rolegate.api.ActionTable;
import io.rolegate.api.ApiRequest;
import io.rolegate.api.MemberShapes;
import io.rolegate.api.Result;
import io.rolegate.api.Validation;
import io.rolegate.iam.AccessKeyService;
import io.rolegate.iam.PolicyOwners;
import io.rolegate.iam.UserService;
import io.rolegate.model.AccessKey;
import io.rolegate.model.Arns;
import io.rolegate.model.PolicyOwnerKind;
import io.rolegate.model.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/** CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey, GetAccessKeyLastUsed. */
@ApplicationScoped
public class AccessKeyActions implements ActionFamily {
    @Inject
    PolicyOwners owners;
    @Inject
    AccessKeyService keys;
    @Inject
    UserService users;

    @Override
    public void register(ActionTable t) {
        t.iam("CreateAccessKey", this::userArn, this::create);
        t.iam("ListAccessKeys", this::userArn, this::list);
        t.iam("UpdateAccessKey", this::userArn, this::update);
        t.iam("DeleteAccessKey", this::userArn, this::delete);
        t.iam("GetAccessKeyLastUsed", this::keyOwnerArn, this::lastUsed);
    }


    private String userArn(ApiRequest r) {
        return owners.resourceArn(r.accountId(), PolicyOwnerKind.USER, r.userNameOrCaller());
    }

    /** The key owner's ARN, path included, so a policy on user/PATH/* covers it; user/* for an unknown key. */
    private String keyOwnerArn(ApiRequest r) {
        return keys.owner(r.accountId(), r.param("AccessKeyId")).map(User::arn)
                .orElseGet(() -> Arns.user(r.accountId(), "/", "*"));
    }

    private static String validatedUser(ApiRequest r, Validation v) {
        v.string(r.param("UserName"), "userName", false, 1, 128, MemberShapes.NAME);
        return r.param("UserName");
    }

    private Result create(ApiRequest r) {
        Validation v = new Validation();
        validatedUser(r, v);
        r.validated(v);
        AccessKeyService.NewAccessKey k = keys.create(r.accountId(), r.userNameOrCaller());
        return Result.of().put("AccessKey", Result.of().put("UserName", k.userName())
                .put("AccessKeyId", k.key().accessKeyId()).put("Status", k.key().status().name())
                .put("SecretAccessKey", k.secretAccessKey()).put("CreateDate", k.key().created()));
    }

    private Result list(ApiRequest r) {
        Validation v = new Validation();
        validatedUser(r, v);
        MemberShapes.paging(r.params(), v);
        r.validated(v);
        String name = r.userNameOrCaller();
        String canonicalName = users.get(r.accountId(), name).userName();
        List<Result> metadata = keys.list(r.accountId(), name).stream()
                .map(k -> Result.of().put("UserName", canonicalName).put("AccessKeyId", k.accessKeyId())
                        .put("Status", k.status().name()).put("CreateDate", k.created()))
                .toList();
        return Result.of().list("AccessKeyMetadata", metadata).put("IsTruncated", false);
    }

    private static String keyId(ApiRequest r, Validation v) {
        v.string(r.param("AccessKeyId"), "accessKeyId", true, 16, 128, MemberShapes.ACCESS_KEY_ID);
        return r.param("AccessKeyId");
    }

    private Result update(ApiRequest r) {
        Validation v = new Validation();
        validatedUser(r, v);
        String id = keyId(r, v);
        String status = r.param("Status");
        if (status == null) {
            v.fail(null, "status", "Member must not be null");
        } else if (!status.equals("Active") && !status.equals("Inactive")) {
            v.fail(status, "status", "Member must satisfy enum value set: [Active, Inactive]");
        }
        r.validated(v);
        keys.updateStatus(r.accountId(), r.userNameOrCaller(), id, AccessKey.Status.valueOf(status));
        return null;
    }

    private Result delete(ApiRequest r) {
        Validation v = new Validation();
        validatedUser(r, v);
        String id = keyId(r, v);
        r.validated(v);
        keys.delete(r.accountId(), r.userNameOrCaller(), id);
        return null;
    }

    private Result lastUsed(ApiRequest r) {
        Validation v = new Validation();
        String id = keyId(r, v);
        r.validated(v);
        AccessKeyService.LastUsed lu = keys.lastUsed(r.accountId(), id);
        Result used = lu.use() == null
                ? Result.of().put("ServiceName", "N/A").put("Region", "N/A")
                : Result.of().put("LastUsedDate", lu.use().at()).put("ServiceName", lu.use().service())
                        .put("Region", lu.use().region());
        return Result.of().put("UserName", lu.userName()).put("AccessKeyLastUsed", used);
    }
}

package io.rolegate.api.sts;

import io.rolegate.api.ActionFamily;
import io.rolegate.api.ActionTable;
import io.rolegate.api.Result;
import io.rolegate.api.Validation;
import jakarta.enterprise.context.ApplicationScoped;

/** GetCallerIdentity: needs no permission and cannot be denied (docs/aws-behaviour.md §2.2). */
@ApplicationScoped
public class CallerIdentityActions implements ActionFamily {
    @Override
    public void register(ActionTable t) {
        t.sts("GetCallerIdentity", r -> {
            r.validated(new Validation()); // no members
            return Result.of().put("UserId", r.caller().userId())
                    .put("Account", r.caller().accountId()).put("Arn", r.caller().arn());
        });
    }
}

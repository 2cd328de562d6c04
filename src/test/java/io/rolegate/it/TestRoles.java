package io.rolegate.it;

import io.rolegate.credentials.UniqueIdPrefix;
import io.rolegate.model.Role;
import io.rolegate.iam.Secrets;
import io.rolegate.store.RoleStore;
import io.rolegate.store.Transactions;

import java.time.Instant;

/** Roles created straight in the store (the role API is built on another branch). */
final class TestRoles {
    private TestRoles() {
    }

    static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:root\"},\"Action\":\"sts:AssumeRole\"}]}";

    static Role create(RoleStore roles, Transactions tx, Secrets secrets, String account, String name) {
        Role r = new Role(secrets.newUniqueId(UniqueIdPrefix.AROA, account), account, name, "/", TRUST, null, 3600,
                null, Instant.now(), null, null);
        tx.run(() -> roles.insertIfAbsent(r));
        return r;
    }
}

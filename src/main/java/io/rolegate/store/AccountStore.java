package io.rolegate.store;

import io.rolegate.model.Account;

import java.util.List;
import java.util.Optional;

public interface AccountStore {
    Optional<Account> find(String accountId);

    /** Every tenant account (not the reserved owner of AWS managed policies). */
    List<Account> all();

    void insert(Account account);

    void updateAlias(String accountId, String alias);
}

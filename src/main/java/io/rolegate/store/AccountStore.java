package io.rolegate.store;

import io.rolegate.model.Account;

import java.util.List;
import java.util.Optional;

public interface AccountStore {
    Optional<Account> find(String accountId);

    List<Account> all();

    void insert(Account account);

    void updateAlias(String accountId, String alias);
}

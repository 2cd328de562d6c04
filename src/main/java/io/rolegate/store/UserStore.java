package io.rolegate.store;

import io.rolegate.iam.User;

import java.util.List;
import java.util.Optional;

public interface UserStore {
    Optional<User> findByName(String accountId, String userName);

    Optional<User> findById(String userId);

    /** Users of the account whose path starts with pathPrefix, ordered by name, starting after {@code afterName}. */
    List<User> list(String accountId, String pathPrefix, String afterNameLc, int limit);

    void insert(User user);

    void update(User user);

    void delete(String userId);
}

package io.rolegate.store;

import io.rolegate.model.User;

import java.util.List;
import java.util.Optional;

public interface UserStore {
    Optional<User> findByName(String accountId, String userName);

    Optional<User> findById(String userId);

    /** Users of the account whose path starts with pathPrefix, ordered by name, starting after {@code afterName}. */
    List<User> list(String accountId, String pathPrefix, String afterNameLc, int limit);

    /** Inserts the new user; false, with nothing written, when a user of that name already exists. */
    boolean insertIfAbsent(User user);

    void update(User user);

    void delete(String userId);
}

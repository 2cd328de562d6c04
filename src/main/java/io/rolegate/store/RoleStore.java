package io.rolegate.store;

import io.rolegate.model.Role;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface RoleStore {
    Optional<Role> findByName(String accountId, String roleName);

    Optional<Role> findById(String roleId);

    /** Roles of the account whose path starts with pathPrefix, ordered by lower-cased name, after {@code afterNameLc}. */
    List<Role> list(String accountId, String pathPrefix, String afterNameLc, int limit);

    /** Inserts the new role; false, with nothing written, when a role of that name already exists. */
    boolean insertIfAbsent(Role role);

    void update(Role role);

    void recordUse(String roleId, Instant at, String region);

    void delete(String roleId);
}

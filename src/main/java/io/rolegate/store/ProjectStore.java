package io.rolegate.store;

import io.rolegate.model.Project;

import java.util.List;
import java.util.Optional;

/** The projects of the reference downstream service, by owner account and name (names are case-sensitive). */
public interface ProjectStore {
    /** Inserts a project; false when the account already has one with that name. */
    boolean insertIfAbsent(Project project);

    Optional<Project> find(String accountId, String name);

    /** The account's projects ordered by name. */
    List<Project> list(String accountId);

    /** Replaces the resource policy; false when there is no such project. */
    boolean updatePolicy(String accountId, String name, String resourcePolicy);

    /** False when there was no such project. */
    boolean delete(String accountId, String name);
}

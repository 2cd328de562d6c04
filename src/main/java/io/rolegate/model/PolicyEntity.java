package io.rolegate.model;

/**
 * A user, group or role that uses a managed policy, as ListEntitiesForPolicy reports it.
 *
 * @param boundary true when the entity uses the policy as its permissions boundary (not as an attached policy)
 */
public record PolicyEntity(PolicyOwnerKind kind, String name, String id, String path, boolean boundary) {
}

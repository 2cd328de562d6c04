package io.rolegate.model;

/** How an entity uses a managed policy: attached as a permissions policy, or as its permissions boundary. */
public enum PolicyUsage {
    PermissionsPolicy,
    PermissionsBoundary
}

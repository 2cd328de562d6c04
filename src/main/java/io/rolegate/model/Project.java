package io.rolegate.model;

import java.time.Instant;

/**
 * A project of the reference downstream service "projects" (the seed's Monitron): owned by one account, named
 * uniquely within it, optionally carrying a resource-based policy.
 *
 * @param resourcePolicy the project's resource policy JSON as the owner put it, or null
 */
public record Project(String accountId, String name, String resourcePolicy, Instant created) {
}

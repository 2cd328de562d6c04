package io.rolegate.iam;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.rolegate.store.RoleStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Instant;

/**
 * RoleLastUsed without a store write on the AssumeRole path: uses are kept in memory and written in batches
 * (as {@link AccessKeyUsage} does for keys). Last-used data is not a cache-invalidating change.
 */
@ApplicationScoped
public class RoleUsage {
    public record Use(Instant at, String region) {
    }

    private final LastUseBuffer<Use> buffer = new LastUseBuffer<>("role", (id, use) -> this.roles.recordUse(id, use.at(), use.region()));

    @Inject
    RoleStore roles;

    /** Called by AssumeRole* after a role was assumed. */
    public void record(String roleId, Instant at, String region) {
        buffer.record(roleId, new Use(at, region));
    }

    public Use pending(String roleId) {
        return buffer.pending(roleId);
    }

    @Scheduled(every = "${rolegate.role-usage.flush-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void flush() {
        buffer.flush();
    }

    void onStop(@Observes ShutdownEvent ev) {
        flush();
    }
}

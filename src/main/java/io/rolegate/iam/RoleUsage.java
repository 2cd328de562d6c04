package io.rolegate.iam;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.rolegate.store.RoleStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RoleLastUsed without a store write on the AssumeRole path: uses are kept in memory and written in batches
 * (as {@link AccessKeyUsage} does for keys). Last-used data is not a cache-invalidating change.
 */
@ApplicationScoped
public class RoleUsage {
    private static final Logger LOG = Logger.getLogger(RoleUsage.class);

    public record Use(Instant at, String region) {
    }

    private final Map<String, Use> pending = new ConcurrentHashMap<>();

    @Inject
    RoleStore roles;

    /** Called by AssumeRole* after a role was assumed. */
    public void record(String roleId, Instant at, String region) {
        pending.put(roleId, new Use(at, region));
    }

    public Use pending(String roleId) {
        return pending.get(roleId);
    }

    @Scheduled(every = "${rolegate.role-usage.flush-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void flush() {
        for (String id : pending.keySet()) {
            Use use = pending.remove(id);
            if (use == null) {
                continue;
            }
            try {
                roles.recordUse(id, use.at(), use.region());
            } catch (RuntimeException e) {
                LOG.warnf("Could not record the last use of role %s: %s", id, e.getClass().getSimpleName());
            }
        }
    }

    void onStop(@Observes ShutdownEvent ev) {
        flush();
    }
}

package io.rolegate.iam;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.rolegate.store.AccessKeyStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers when each access key was last used without writing to the store on the request path: uses are kept in
 * memory and written in batches (every few seconds, and at shutdown). Last-used data is not a cache-invalidating change.
 */
@ApplicationScoped
public class AccessKeyUsage {
    private static final Logger LOG = Logger.getLogger(AccessKeyUsage.class);

    public record Use(Instant at, String service, String region) {
    }

    private final Map<String, Use> pending = new ConcurrentHashMap<>();

    @Inject
    AccessKeyStore keys;

    public void record(String accessKeyId, Instant at, String service, String region) {
        pending.put(accessKeyId, new Use(at, service, region));
    }

    /** The newest use not yet written, if any. */
    public Use pending(String accessKeyId) {
        return pending.get(accessKeyId);
    }

    @Scheduled(every = "${rolegate.access-key-usage.flush-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void flush() {
        for (String id : pending.keySet()) {
            Use use = pending.remove(id);
            if (use == null) {
                continue;
            }
            try {
                keys.recordUse(id, use.at(), use.service(), use.region());
            } catch (RuntimeException e) {
                LOG.warnf("Could not record the last use of access key %s: %s", id, e.getClass().getSimpleName());
            }
        }
    }

    void onStop(@Observes ShutdownEvent ev) {
        flush();
    }
}

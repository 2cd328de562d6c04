package io.rolegate.iam;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.rolegate.store.AccessKeyStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Instant;

/**
 * Remembers when each access key was last used without writing to the store on the request path: uses are kept in
 * memory and written in batches (every few seconds, and at shutdown). Last-used data is not a cache-invalidating change.
 */
@ApplicationScoped
public class AccessKeyUsage {
    public record Use(Instant at, String service, String region) {
    }

    private final LastUseBuffer<Use> buffer = new LastUseBuffer<>("access key", (id, use) -> this.keys.recordUse(id, use.at(), use.service(), use.region()));

    @Inject
    AccessKeyStore keys;

    public void record(String accessKeyId, Instant at, String service, String region) {
        buffer.record(accessKeyId, new Use(at, service, region));
    }

    /** The newest use not yet written, if any. */
    public Use pending(String accessKeyId) {
        return buffer.pending(accessKeyId);
    }

    @Scheduled(every = "${rolegate.access-key-usage.flush-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void flush() {
        buffer.flush();
    }

    void onStop(@Observes ShutdownEvent ev) {
        flush();
    }
}

package io.rolegate.store;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Keeps the embedded database's files owner-only (0600) in the owner-only (0700) data directory: H2 creates them
 * with the process umask, so they are tightened once the database is open and again whenever H2 may have added one
 * (trace or temporary files).
 */
@ApplicationScoped
public class DataFileModes {
    @Inject
    DataDirectory dataDir;

    void onStart(@Observes @Priority(1) StartupEvent ev) {
        dataDir.restrictFiles();
    }

    @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void again() {
        dataDir.restrictFiles();
    }
}

package io.rolegate.store;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Chooses the datasource (PostgreSQL when {@code quarkus.datasource.postgresql.jdbc.url} is set, else the embedded H2
 * file database) and how its commits are made durable ({@link CommitDurability}), produces {@link Sql}, and keeps
 * the caches of this replica coherent with the store: every local commit drops them at once, and a poll of the store
 * version drops them when another replica wrote.
 */
@ApplicationScoped
public class Database {
    private static final Logger LOG = Logger.getLogger(Database.class);

    @Inject
    InjectableInstance<AgroalDataSource> h2;

    @Inject
    @DataSource("postgresql")
    InjectableInstance<AgroalDataSource> postgresql;

    @ConfigProperty(name = "quarkus.datasource.postgresql.jdbc.url")
    Optional<String> postgresqlUrl;

    /** false trades durability across a machine crash (not a process crash) for H2 write throughput. */
    @ConfigProperty(name = "rolegate.h2.fsync", defaultValue = "true")
    boolean h2Fsync;

    @Inject
    @Any
    Instance<StoreChangeListener> listeners;

    private final AtomicLong seenVersion = new AtomicLong(-1);
    private volatile Sql sql;

    @Produces
    @Singleton
    Sql sql() {
        Sql s = sql;
        if (s == null) {
            if (postgresqlUrl.isPresent()) {
                LOG.info("Store: PostgreSQL");
                s = new Sql(postgresql.get(), CommitDurability.AS_COMMITTED, this::changed);
            } else {
                LOG.infof("Store: embedded H2%s", h2Fsync ? "" : " (rolegate.h2.fsync=false: commits are not forced to disk)");
                s = new Sql(h2.get(), h2Fsync ? new H2FileSync() : CommitDurability.AS_COMMITTED, this::changed);
            }
            sql = s;
        }
        return s;
    }

    private void changed() {
        for (StoreChangeListener l : listeners) {
            l.storeChanged();
        }
    }

    /** Another replica's commit bumps store_version; drop our caches when we see it move. */
    @Scheduled(every = "${rolegate.cache.poll-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pollVersion() {
        long v = sql().one("SELECT version FROM store_version WHERE id = 1", rs -> rs.getLong(1)).orElse(0L);
        long before = seenVersion.getAndSet(v);
        if (before != -1 && before != v) {
            changed();
        }
    }
}

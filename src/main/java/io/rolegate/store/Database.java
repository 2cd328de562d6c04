package io.rolegate.store;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Chooses the datasource (PostgreSQL when {@code quarkus.datasource.postgresql.jdbc.url} is set, else the embedded H2
 * file database) and how its commits are made durable ({@link CommitDurability}), produces {@link Sql}, and keeps
 * the caches of this replica coherent with the store: a local commit tells the {@link StoreChangeListener}s what it
 * changed at once; on PostgreSQL each write transaction also writes its changes to the change log and NOTIFYs, and
 * the {@link ChangeFeed} brings other replicas' changes here.
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
    @ConfigProperty(name = "quarkus.datasource.postgresql.username")
    Optional<String> postgresqlUser;
    @ConfigProperty(name = "quarkus.datasource.postgresql.password")
    Optional<String> postgresqlPassword;

    /** false trades durability across a machine crash (not a process crash) for H2 write throughput. */
    @ConfigProperty(name = "rolegate.h2.fsync", defaultValue = "true")
    boolean h2Fsync;

    /** The change feed reads the change log at least this often (lost notifications). */
    @ConfigProperty(name = "rolegate.cache.change-poll-interval", defaultValue = "1s")
    Duration pollInterval;

    /** Change log rows older than this are pruned; a replica disconnected for half of it drops all its caches. */
    @ConfigProperty(name = "rolegate.cache.change-log-retention", defaultValue = "10m")
    Duration retention;

    @Inject
    @Any
    Instance<StoreChangeListener> listeners;

    @Inject
    Clock clock;

    private volatile Sql sql;
    private ChangeFeed feed;
    private H2ChangePoll h2Poll;

    @Produces
    @Singleton
    Sql sql() {
        Sql s = sql;
        if (s == null) {
            if (postgresqlUrl.isPresent()) {
                LOG.info("Store: PostgreSQL");
                s = new Sql(postgresql.get(), CommitDurability.AS_COMMITTED, this::writeChangeLog, this::changed, true);
            } else {
                LOG.infof("Store: embedded H2%s", h2Fsync ? "" : " (rolegate.h2.fsync=false: commits are not forced to disk)");
                s = new Sql(h2.get(), h2Fsync ? new H2FileSync() : CommitDurability.AS_COMMITTED, this::writeH2ChangeLog,
                        this::changed);
            }
            sql = s;
        }
        return s;
    }

    /** Before any request is served: from here on no change committed by another replica is missed. */
    void onStart(@Observes @Priority(5) StartupEvent ev) {
        if (postgresqlUrl.isPresent()) {
            feed = new ChangeFeed(this::openListener, changes -> notifyListeners(changes, false), this::flush, clock,
                    pollInterval, retention);
            feed.start();
        } else {
            h2Poll = new H2ChangePoll(h2.get(), changes -> notifyListeners(changes, false), this::flush, clock,
                    pollInterval, retention);
            h2Poll.start();
        }
    }

    void onStop(@Observes ShutdownEvent ev) {
        if (feed != null) {
            feed.close();
        }
        if (h2Poll != null) {
            h2Poll.close();
        }
    }

    /** The change feed's own connection, outside the pool: it LISTENs for as long as the process lives. */
    private Connection openListener() throws SQLException {
        Properties p = new Properties();
        postgresqlUser.ifPresent(u -> p.setProperty("user", u));
        postgresqlPassword.ifPresent(pw -> p.setProperty("password", pw));
        p.setProperty("connectTimeout", "5");
        p.setProperty("socketTimeout", String.valueOf(Math.max(30, pollInterval.toSeconds() * 10)));
        p.setProperty("ApplicationName", "rolegate-change-feed");
        Connection c = new org.postgresql.Driver().connect(postgresqlUrl.orElseThrow(), p);
        if (c == null) {
            throw new SQLException("not a PostgreSQL JDBC url: " + postgresqlUrl.get(), "08001");
        }
        return c;
    }

    /** In the write transaction, before COMMIT: the rows, and a NOTIFY that PostgreSQL delivers when it commits. */
    private void writeChangeLog(Connection c, List<Change> changes) throws SQLException {
        insertChangeLog(c, changes, "txid_current()");
        try (Statement s = c.createStatement()) {
            s.execute("NOTIFY " + ChangeFeed.CHANNEL);
        }
    }

    /** On H2 the rows are for writes of other processes (the operator's commands): see {@link H2ChangePoll}. */
    private void writeH2ChangeLog(Connection c, List<Change> changes) throws SQLException {
        insertChangeLog(c, changes, "0");
    }

    private void insertChangeLog(Connection c, List<Change> changes, String txid) throws SQLException {
        long now = clock.millis();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO change_log (account_id, kind, entity_key,"
                + " changed_at, txid) VALUES (?, ?, ?, ?, " + txid + ")")) {
            for (Change change : changes) {
                ps.setString(1, change.account());
                ps.setString(2, change.kind().name());
                ps.setString(3, change.key());
                ps.setLong(4, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void changed(List<Change> changes) {
        notifyListeners(changes, true);
    }

    private void notifyListeners(List<Change> changes, boolean local) {
        for (StoreChangeListener l : listeners) {
            try {
                l.storeChanged(changes, local);
            } catch (RuntimeException e) {
                LOG.errorf(e, "%s failed to apply %d changes: dropping its caches", l, changes.size());
                l.everythingChanged();
            }
        }
    }

    private void flush() {
        for (StoreChangeListener l : listeners) {
            l.everythingChanged();
        }
    }
}

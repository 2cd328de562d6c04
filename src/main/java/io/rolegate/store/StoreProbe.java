package io.rolegate.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Whether the database answers (the readiness check): one trivial query through the pool. */
@ApplicationScoped
public class StoreProbe {
    @Inject
    Sql sql;

    /** Null when the database answered, otherwise what went wrong. */
    public String problem() {
        try {
            return sql.one("SELECT 1", rs -> rs.getInt(1)).isPresent() ? null : "SELECT 1 returned no row";
        } catch (RuntimeException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }
}

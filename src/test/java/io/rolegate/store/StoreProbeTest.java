package io.rolegate.store;

import io.agroal.api.AgroalDataSource;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The readiness probe of the database reports a database that refuses connections instead of throwing. */
class StoreProbeTest {
    @Test
    void anUnreachableDatabaseIsAProblemNotAnException() {
        AgroalDataSource down = (AgroalDataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{AgroalDataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        throw new SQLException("Connection to 127.0.0.1:5432 refused");
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        StoreProbe probe = new StoreProbe();
        probe.sql = new Sql(down, CommitDurability.AS_COMMITTED, (c, changes) -> { }, changes -> { });
        String problem = probe.problem();
        assertNotNull(problem);
        assertTrue(problem.contains("refused"), problem);
    }
}

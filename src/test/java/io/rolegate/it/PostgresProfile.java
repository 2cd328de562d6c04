package io.rolegate.it;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;

/** Runs the same SDK-driven tests against a real PostgreSQL instead of the embedded H2 file database. */
public class PostgresProfile implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(EmbeddedPostgres.class));
    }

    @Override
    public String getConfigProfile() {
        return "test";
    }
}

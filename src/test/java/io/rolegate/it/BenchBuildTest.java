package io.rolegate.it;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A build made with rolegate.bench.noop=true (as bench/lib.sh makes it) answers GET /bench/noop. */
@QuarkusTest
@TestProfile(BenchBuildTest.BenchBuild.class)
class BenchBuildTest {
    public static class BenchBuild implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rolegate.bench.noop", "true");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Test
    void benchBuildAnswersTheNoopRoute() throws Exception {
        assertEquals(200, BenchEndpointTest.noopStatus(base));
    }
}

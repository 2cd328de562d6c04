package io.rolegate.it;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.HttpURLConnection;
import java.net.URL;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A production build has no GET /bench/noop (see BenchBuildTest for the build bench/lib.sh makes). */
@QuarkusTest
class BenchEndpointTest {
    @TestHTTPResource("/")
    URL base;

    static int noopStatus(URL base) throws Exception {
        HttpURLConnection c = (HttpURLConnection) new URL(base, "/bench/noop").openConnection();
        try {
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }

    @Test
    void productionBuildHasNoBenchRoute() throws Exception {
        assertEquals(404, noopStatus(base));
    }
}

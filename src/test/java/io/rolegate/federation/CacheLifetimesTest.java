package io.rolegate.federation;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Cache-Control and Age -> how long keys are kept, as a table (src/test/resources/federation/cache-control.csv). */
class CacheLifetimesTest {
    private static final CacheLifetimes DEFAULTS = CacheLifetimes.of(KeySettings.defaults());

    @ParameterizedTest(name = "Cache-Control: {0} / Age: {1} -> {2} s")
    @CsvFileSource(resources = "/federation/cache-control.csv", nullValues = "none")
    void lifetime(String cacheControl, String age, long seconds) {
        assertEquals(Duration.ofSeconds(seconds),
                DEFAULTS.of(new FetchedDocument("{}", cacheControl, age)));
    }
}

package io.rolegate.api;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** AWS timestamps on the wire: ISO-8601 in UTC with second precision, e.g. 2019-11-09T13:34:41Z. */
public final class AwsTimestamps {
    private AwsTimestamps() {
    }

    public static String format(Instant i) {
        return DateTimeFormatter.ISO_INSTANT.format(i.truncatedTo(ChronoUnit.SECONDS));
    }
}

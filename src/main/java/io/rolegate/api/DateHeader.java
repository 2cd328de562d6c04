package io.rolegate.api;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** An accurate Date header on every response: SDKs correct their clock skew from it (docs/aws-behaviour.md §3.4). */
@ApplicationScoped
public class DateHeader {
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    @Inject
    Clock clock;

    /** The text of one second, formatted once (the formatter's text lookups cost more than the rest of a no-op). */
    private record Second(long epochSecond, String text) {
    }

    private volatile Second last = new Second(Long.MIN_VALUE, "");

    String now() {
        Instant t = clock.instant();
        Second s = last;
        if (s.epochSecond() != t.getEpochSecond()) {
            s = new Second(t.getEpochSecond(), HTTP_DATE.format(t.atOffset(ZoneOffset.UTC)));
            last = s;
        }
        return s.text();
    }

    void install(@Observes Router router) {
        router.route().order(-1000).handler(ctx -> {
            ctx.response().putHeader("Date", now());
            ctx.next();
        });
    }
}

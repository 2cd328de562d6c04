package io.rolegate.api;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Clock;
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

    void install(@Observes Router router) {
        router.route().order(-1000).handler(ctx -> {
            ctx.response().putHeader("Date", HTTP_DATE.format(clock.instant().atOffset(ZoneOffset.UTC)));
            ctx.next();
        });
    }
}

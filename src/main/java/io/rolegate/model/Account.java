package io.rolegate.model;

import java.time.Instant;

/** An isolated tenant: a 12-digit id and an optional alias. */
public record Account(String id, String alias, Instant created) {
}

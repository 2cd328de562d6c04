package io.rolegate.model;

/** A tag on an IAM entity. Keys are unique per entity case-insensitively. */
public record Tag(String key, String value) {
}

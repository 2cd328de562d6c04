package io.rolegate.credentials;

/** Prefixes of IAM unique ids (docs/aws-behaviour.md §3.1). */
public enum UniqueIdPrefix {
    AIDA("user"),
    AROA("role"),
    AGPA("group"),
    ANPA("managed policy"),
    ANVA("policy version"),
    AIPA("instance profile"),
    APKA("public key"),
    ASCA("certificate");

    private final String entity;

    UniqueIdPrefix(String entity) {
        this.entity = entity;
    }

    public String entity() {
        return entity;
    }
}

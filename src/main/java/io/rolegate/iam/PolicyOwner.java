package io.rolegate.iam;

/** A user, group or role found by name, as a holder of policies. */
public record PolicyOwner(PolicyOwnerKind kind, String id, String name, String arn) {
}

package io.rolegate.iam;

import io.rolegate.model.PolicyOwnerKind;

/** A user, group or role found by name, as a holder of policies. */
public record PolicyOwner(PolicyOwnerKind kind, String id, String name, String arn) {
}

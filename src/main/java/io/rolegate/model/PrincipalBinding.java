package io.rolegate.model;

/**
 * A principal ARN a stored resource policy (a role's trust policy, ...) named when it was saved, bound to the unique
 * id the principal had then, as AWS binds it.
 *
 * @param ownerId      the unique id of the resource whose policy it is
 * @param principalArn the ARN as the policy was written
 * @param uniqueId     the principal's unique id when the policy was saved (AIDA... / AROA...)
 * @param currentArn   the ARN that unique id has now, or null when that principal is gone (filled on reads only)
 */
public record PrincipalBinding(String ownerId, String principalArn, String uniqueId, String currentArn) {
}

package io.rolegate.store;

import java.util.List;
import java.util.Locale;

/**
 * One entity a write transaction changed: a row of the change log. {@code key} is the entity's unique id (user,
 * role, group, policy id, access key id), ARN (OIDC provider) or, for the name lookups that can miss, a name key
 * ({@link #roleName}, {@link #policyArn}, {@link #providersOf}). A cached value lists the same keys as the tags it
 * was derived from ({@link StoreCache.Loaded}), and a change invalidates the values tagged with its key or with
 * {@link #anyOf its kind}.
 *
 * @param account the account of the entity when the write path knows it (null for writes keyed by an owner id only)
 */
public record Change(Kind kind, String key, String account) {

    /** What changed; the kinds marked "owner" are keyed by the unique id of the user, group or role they belong to. */
    public enum Kind {
        ACCOUNT, USER, ROLE, ROLE_NAME, GROUP, MEMBERSHIP, POLICY, POLICY_ARN, POLICY_ATTACHMENT /* owner */,
        INLINE_POLICY /* owner */, TAGS /* owner */, BINDINGS /* owner */, ACCESS_KEY, MFA_DEVICE, OIDC_PROVIDER,
        OIDC_PROVIDERS_OF_ACCOUNT, OIDC_SIGN_IN, SAML_PROVIDER, PROJECT, REVOCATION, SIGNING_KEY, SERVER_SECRET
    }

    public Change {
        if (kind == null || key == null) {
            throw new IllegalArgumentException("kind and key are required");
        }
    }

    public static Change of(Kind kind, String key) {
        return new Change(kind, key, null);
    }

    public static Change of(Kind kind, String key, String account) {
        return new Change(kind, key, account);
    }

    /** The tags this change invalidates: its key, and the wildcard of its kind. */
    List<String> tags() {
        return List.of(key, anyOf(kind));
    }

    /** A tag matching every change of a kind (for values derived from all rows of a table, like the revocation list). */
    public static String anyOf(Kind kind) {
        return kind.name() + ":*";
    }

    /** The name key of a role: where a lookup by ARN that found nothing waits for the role to be created. */
    public static String roleName(String accountId, String roleName) {
        return "role-name:" + accountId + "/" + roleName.toLowerCase(Locale.ROOT);
    }

    /** The ARN key of a managed policy (lookups by ARN that found nothing). */
    public static String policyArn(String arn) {
        return "policy-arn:" + arn;
    }

    /** Every OIDC provider of an account (lookups by issuer url, found or not). */
    public static String providersOf(String accountId) {
        return "oidc-providers-of:" + accountId;
    }
}

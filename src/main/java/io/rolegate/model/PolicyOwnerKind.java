package io.rolegate.model;

/**
 * The entities that can hold inline policies and attached managed policies, with their quotas (docs/aws-behaviour.md
 * §4.5).
 */
public enum PolicyOwnerKind {
    USER("user", "User", 2048),
    GROUP("group", "Group", 5120),
    ROLE("role", "Role", 10240);

    /** As AWS names the kind in messages ("... exceeded for role NAME"). */
    public final String word;
    /** As AWS names it in quota names (PoliciesPerRole). */
    public final String title;
    /** Aggregate size of all inline policies of one entity, whitespace not counted. */
    public final int inlineQuota;

    /** Managed policies attached to one entity (the default, adjustable quota). */
    public static final int ATTACHED_QUOTA = 10;

    PolicyOwnerKind(String word, String title, int inlineQuota) {
        this.word = word;
        this.title = title;
        this.inlineQuota = inlineQuota;
    }
}

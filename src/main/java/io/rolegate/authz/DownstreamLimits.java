package io.rolegate.authz;

/** Size limits of /v1/authorize requests: each is checked before any work, and breaking one is a 400. */
public final class DownstreamLimits {
    private DownstreamLimits() {
    }

    public static final int MAX_BODY_BYTES = 256 * 1024;
    /** Questions per batch call (a console page's worth). */
    public static final int MAX_ITEMS = 30;
    /** As SimulatePrincipalPolicy's ResourcePolicy. */
    public static final int MAX_RESOURCE_POLICY_CHARS = 131_072;
    public static final int MAX_CONTEXT_KEYS = 50;
    public static final int MAX_CONTEXT_VALUES = 50;
    public static final int MAX_CONTEXT_KEY_CHARS = 256;
    public static final int MAX_CONTEXT_VALUE_CHARS = 2048;
    public static final int MAX_HEADERS = 100;
    public static final int MAX_HEADER_NAME_CHARS = 256;
    /** A header's values together (a session token is about 1-2 KB). */
    public static final int MAX_HEADER_VALUE_CHARS = 16 * 1024;
    public static final int MAX_PATH_CHARS = 8192;
    public static final int MAX_QUERY_CHARS = 32 * 1024;
    public static final int MAX_ACTION_CHARS = 128;
    /** As IAM's ARN shapes. */
    public static final int MAX_RESOURCE_CHARS = 2048;
    public static final int MAX_RESOURCE_NAME_CHARS = 1024;
}

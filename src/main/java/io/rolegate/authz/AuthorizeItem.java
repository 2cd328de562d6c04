package io.rolegate.authz;

import java.util.List;

/**
 * One question about the forwarded request: may its signer perform {@code action} on {@code resource}?
 *
 * @param action         {@code service:Action}, e.g. {@code monitron:GetProject}
 * @param resource       the resource ARN (or any resource string); null for actions without a resource
 * @param resourceName   shown in the AccessDenied message instead of the resource; null for the resource itself
 * @param resourcePolicy the resource's own policy document (text), or null
 * @param context        condition keys the service adds (see {@link DownstreamContext} for what it may not set)
 */
public record AuthorizeItem(String action, String resource, String resourceName, String resourcePolicy,
                            List<ContextEntry> context) {
    public AuthorizeItem {
        context = context == null ? List.of() : List.copyOf(context);
    }

    /** A condition key: one value ({@code "v"}), or a set of values ({@code ["a", "b"]}, possibly empty). */
    public record ContextEntry(String key, List<String> values, boolean multiValued) {
        public ContextEntry {
            values = List.copyOf(values);
        }
    }
}

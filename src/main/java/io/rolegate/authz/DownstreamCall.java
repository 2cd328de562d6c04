package io.rolegate.authz;

import java.util.List;

/**
 * What a downstream service asks: one forwarded request and up to {@link DownstreamLimits#MAX_ITEMS} questions about
 * it, and whether it wants the session's derived signing key for the request's scope.
 */
public record DownstreamCall(ForwardedRequest request, List<AuthorizeItem> items, boolean deriveSigningKey) {
    public DownstreamCall {
        items = List.copyOf(items);
    }
}

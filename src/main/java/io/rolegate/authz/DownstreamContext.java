package io.rolegate.authz;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.iam.Caller;
import io.rolegate.iam.RequestContexts;
import io.rolegate.iam.RequestFacts;
import io.rolegate.policy.RequestContext;

import java.util.List;
import java.util.Locale;

/**
 * The condition keys of a downstream decision. Rolegate sets every key of {@link RequestContexts} for the signer
 * (aws:PrincipalArn, aws:PrincipalTag/*, aws:TokenIssueTime, aws:MultiFactorAuthPresent, what a web identity session
 * carries...), the environment (aws:CurrentTime, aws:EpochTime, aws:SecureTransport, aws:SourceIp, aws:UserAgent,
 * aws:RequestedRegion) and aws:ResourceAccount. The service adds its own keys: service-specific ones
 * ({@code monitron:ProjectSize}) and, of the global keys, only {@code aws:RequestTag/*}, {@code aws:ResourceTag/*} and
 * {@code aws:TagKeys}, which describe the request or the resource; any other {@code aws:} key is refused (400), and a
 * key Rolegate set itself always keeps Rolegate's value.
 */
final class DownstreamContext {
    private static final List<String> SERVICE_SETTABLE = List.of("aws:requesttag/", "aws:resourcetag/", "aws:tagkeys");

    private DownstreamContext() {
    }

    /** ValidationError for a key the service may not set. */
    static void checkServiceKeys(List<AuthorizeItem.ContextEntry> entries, String field) {
        for (AuthorizeItem.ContextEntry e : entries) {
            String k = e.key().toLowerCase(Locale.ROOT);
            if (k.startsWith("aws:") && SERVICE_SETTABLE.stream().noneMatch(p -> p.endsWith("/")
                    ? k.startsWith(p) && k.length() > p.length() : k.equals(p))) {
                throw new AwsException(ErrorCode.ValidationError, "Context key '" + e.key() + "' in " + field
                        + " cannot be supplied: Rolegate sets the aws: keys of the request itself (a service may add "
                        + "aws:RequestTag/*, aws:ResourceTag/* and aws:TagKeys, and its own service keys)");
            }
        }
    }

    /** The keys Rolegate sets for this signer and request. */
    static RequestContext gatewayKeys(Caller signer, RequestFacts facts, String resourceAccount) {
        return RequestContexts.builder(signer, facts).put("aws:ResourceAccount", resourceAccount).build();
    }

    /** {@code gateway} plus the service's keys; where both name a key, Rolegate's value stays. */
    static RequestContext withServiceKeys(RequestContext gateway, List<AuthorizeItem.ContextEntry> entries) {
        if (entries.isEmpty()) {
            return gateway;
        }
        RequestContext.Builder b = gateway.toBuilder();
        for (AuthorizeItem.ContextEntry e : entries) {
            if (gateway.values(e.key()) != null) {
                continue;
            }
            if (e.multiValued()) {
                b.putMulti(e.key(), e.values());
            } else {
                b.put(e.key(), e.values().get(0));
            }
        }
        return b.build();
    }
}

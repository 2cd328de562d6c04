package io.rolegate.authz;

import io.rolegate.authz.DownstreamAnswer.DerivedSigningKey;
import io.rolegate.authz.DownstreamAnswer.Failure;
import io.rolegate.authz.DownstreamAnswer.ItemDecision;
import io.rolegate.authz.DownstreamAnswer.MatchedStatement;
import io.rolegate.authz.DownstreamAnswer.PrincipalInfo;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.iam.AccessEvaluator;
import io.rolegate.iam.Caller;
import io.rolegate.iam.RequestContexts;
import io.rolegate.iam.RequestFacts;
import io.rolegate.model.Arn;
import io.rolegate.policy.AccessDeniedMessage;
import io.rolegate.policy.Decision;
import io.rolegate.policy.Policy;
import io.rolegate.policy.RequestContext;
import io.rolegate.sigv4.HttpRequestParts;
import io.rolegate.sigv4.ParsedSignature;
import io.rolegate.sigv4.SigV4;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Online verify + authorize for downstream services (POST /v1/authorize): a service forwards a request it received
 * and asks whether its signer may perform actions on its resources; Rolegate answers as the AWS service would.
 * <ol>
 * <li>The asking service authenticates with its own Rolegate credentials (SigV4, service {@code rolegate}); api
 *     calls {@link #authenticate} before it even parses the body.</li>
 * <li>It must be allowed {@code rolegate:AuthorizeRequest} on every resource asked about (its identity policies
 *     decide, so a policy can scope which resources a service may ask about; {@code *} for questions without a
 *     resource), and every resource must be of its own account. Otherwise AccessDenied, before anything about the
 *     forwarded request is looked at, so an unauthorized caller learns nothing about it.</li>
 * <li>The forwarded request is authenticated by the gateway's own verifier ({@link RequestAuthenticator}, any service
 *     name in the scope); a failure is an answer ({@code authenticated: false} with STS's code and message), not an
 *     error.</li>
 * <li>Each question is decided by {@link AccessEvaluator}, the one evaluation path, with the resource policy and the
 *     condition keys of {@link DownstreamContext}.</li>
 * </ol>
 * No signature is made and, with warm caches, no database is read on this path.
 */
@ApplicationScoped
public class DownstreamAuthorization {
    public static final String AUTHORIZE_ACTION = "rolegate:AuthorizeRequest";
    public static final String DERIVED_KEY_ACTION = "rolegate:GetDerivedSigningKey";
    private static final String EMPTY_BODY_SHA256 = SigV4.sha256Hex(new byte[0]);

    /** The downstream service that asks, and the facts of its own call (for its authorization). */
    public record AskingService(Caller caller, RequestFacts facts) {
    }

    @Inject
    RequestAuthenticator authenticator;
    @Inject
    AccessEvaluator evaluator;
    @Inject
    DownstreamSettings settings;
    @Inject
    Clock clock;

    /** Step 1: the service's own signature (service {@code rolegate}); STS's authentication errors otherwise. */
    public AskingService authenticate(HttpRequestParts call, String sourceIp, boolean secure) {
        RequestAuthenticator.Authenticated who = authenticator.authenticate(call, RequestAuthenticator.Audience.ROLEGATE);
        return new AskingService(who.caller(), RequestFacts.of(sourceIp, secure, call.firstHeader("user-agent"),
                clock.instant(), who.region()));
    }

    /** Steps 2-4. Throws AccessDenied (the service may not ask this), ValidationError or MalformedPolicyDocument. */
    public DownstreamAnswer answer(AskingService service, DownstreamCall call) {
        RequestContext serviceContext = RequestContexts.of(service.caller(), service.facts());
        for (AuthorizeItem item : call.items()) {
            String refusal = refusal(service, serviceContext, AUTHORIZE_ACTION, item.resource());
            if (refusal != null) {
                throw new AwsException(ErrorCode.AccessDenied, refusal);
            }
        }
        Failure keyRefusal = null;
        if (call.deriveSigningKey()) {
            for (AuthorizeItem item : call.items()) {
                String refusal = refusal(service, serviceContext, DERIVED_KEY_ACTION, item.resource());
                if (refusal != null) {
                    keyRefusal = new Failure(ErrorCode.AccessDenied.code(), refusal);
                    break;
                }
            }
        }
        List<Policy> resourcePolicies = new ArrayList<>(call.items().size());
        for (AuthorizeItem item : call.items()) {
            DownstreamContext.checkServiceKeys(item.context(), "context");
            resourcePolicies.add(item.resourcePolicy() == null ? null
                    : evaluator.resourcePolicy(item.resourcePolicy(), "resourcePolicy"));
        }

        ForwardedRequest forwarded = call.request();
        RequestAuthenticator.Authenticated signer;
        try {
            signer = authenticator.authenticate(parts(forwarded), RequestAuthenticator.Audience.FORWARDED);
        } catch (AwsException e) {
            return new DownstreamAnswer(false, new Failure(e.code().code(), e.getMessage()), null, List.of(), 0,
                    null, null);
        }

        Instant now = clock.instant();
        Caller who = signer.caller();
        String account = service.caller().accountId(); // every resource asked about is the service's account's
        RequestFacts facts = RequestFacts.of(forwarded.sourceIp(), forwarded.secure(), forwarded.header("user-agent"),
                now, signer.region());
        RequestContext base = DownstreamContext.gatewayKeys(who, facts, account);
        List<ItemDecision> decisions = new ArrayList<>(call.items().size());
        for (int i = 0; i < call.items().size(); i++) {
            AuthorizeItem item = call.items().get(i);
            AccessEvaluator.Evaluation e = evaluator.evaluate(who, item.action(), item.resource(),
                    resourcePolicies.get(i), account, DownstreamContext.withServiceKeys(base, item.context()));
            decisions.add(decision(who, item, e));
        }

        DerivedSigningKey key = null;
        if (call.deriveSigningKey() && keyRefusal == null) {
            keyRefusal = scopeMismatch(signer.signature(), call.items());
            if (keyRefusal == null) {
                key = derivedKey(signer);
            }
        }
        return new DownstreamAnswer(true, null, principal(who), decisions,
                cacheTtlSeconds(settings.cacheTtlSeconds(), who.session(), now), key, keyRefusal);
    }

    /** AWS's AccessDenied text when the service may not perform {@code action} on {@code resource}; else null. */
    private String refusal(AskingService service, RequestContext context, String action, String resource) {
        Caller caller = service.caller();
        String owner = Arn.parse(resource).map(Arn::account).filter(a -> !a.isEmpty()).orElse(caller.accountId());
        if (!owner.equals(caller.accountId())) {
            // another account's resource: never, whatever the policies say; the legacy form reveals nothing
            return AccessDeniedMessage.legacy(caller.arn(), action, resource);
        }
        AccessEvaluator.Evaluation e = evaluator.evaluate(caller, action, resource == null ? "*" : resource, null,
                owner, context);
        return e.allowed() ? null : e.message(caller.arn(), action, resource);
    }

    private static ItemDecision decision(Caller who, AuthorizeItem item, AccessEvaluator.Evaluation e) {
        Decision d = e.decision();
        String outcome = switch (d.outcome()) {
            case ALLOW -> "Allow";
            case EXPLICIT_DENY -> "ExplicitDeny";
            case IMPLICIT_DENY -> "ImplicitDeny";
        };
        String shown = item.resourceName() != null ? item.resourceName() : item.resource();
        String message = e.allowed() ? null : e.message(who.arn(), item.action(), shown);
        List<MatchedStatement> matched = new ArrayList<>(d.statements().size());
        for (Decision.Match m : d.statements()) {
            matched.add(matched(m));
        }
        return new ItemDecision(item.action(), item.resource(), outcome, message, matched);
    }

    /** Managed policies are compiled under their ARN (iam.EffectivePolicies), inline ones under their name. */
    static MatchedStatement matched(Decision.Match m) {
        String type = switch (m.type()) {
            case IDENTITY -> "identity";
            case RESOURCE -> "resource";
            case TRUST -> "trust";
            case PERMISSIONS_BOUNDARY -> "permissionsBoundary";
            case SESSION -> "session";
        };
        boolean managed = m.policyName() != null && m.policyName().startsWith("arn:");
        return new MatchedStatement(type, managed ? null : m.policyName(), managed ? m.policyName() : null, m.sid());
    }

    private static PrincipalInfo principal(Caller c) {
        Caller.SessionInfo s = c.session();
        boolean named = s != null && s.kind() != Caller.SessionKind.SESSION_TOKEN;
        return new PrincipalInfo(c.arn(), c.accountId(), c.userId(), c.type().name(), named ? s.sessionName() : null,
                s == null ? null : s.sourceIdentity(), c.principalTags(), s == null ? null : s.issuedAt(),
                s == null ? null : s.expiresAt(), s != null && s.mfa(), c.accessKeyId(),
                s == null ? null : s.roleArn());
    }

    /** The configured TTL, never beyond the session's remaining lifetime ({@code session} null: long-term keys). */
    static long cacheTtlSeconds(long configured, Caller.SessionInfo s, Instant now) {
        long ttl = configured;
        if (s != null) {
            ttl = Math.min(ttl, Math.max(0, s.expiresAt().getEpochSecond() - now.getEpochSecond()));
        }
        return ttl;
    }

    /**
     * A key is only for the service the forwarded request was signed for, and only when every question is about that
     * service's actions: a service gets keys for the scopes of requests it received, never for another service's.
     */
    private static Failure scopeMismatch(ParsedSignature sig, List<AuthorizeItem> items) {
        for (AuthorizeItem item : items) {
            String prefix = item.action().substring(0, item.action().indexOf(':'));
            if (!prefix.toLowerCase(Locale.ROOT).equals(sig.service())) {
                return new Failure(ErrorCode.AccessDenied.code(), "A derived signing key is given only for the "
                        + "service the forwarded request was signed for: the request is scoped to '" + sig.service()
                        + "', the action " + item.action() + " is not");
            }
        }
        return null;
    }

    private static DerivedSigningKey derivedKey(RequestAuthenticator.Authenticated signer) {
        ParsedSignature sig = signer.signature();
        Instant endOfDay = LocalDate.parse(sig.scopeDate(), DateTimeFormatter.BASIC_ISO_DATE).plusDays(1)
                .atStartOfDay(ZoneOffset.UTC).toInstant();
        Caller.SessionInfo s = signer.caller().session();
        Instant expires = s != null && s.expiresAt().isBefore(endOfDay) ? s.expiresAt() : endOfDay;
        return new DerivedSigningKey(HexFormat.of().formatHex(signer.signingKey()), sig.accessKeyId(),
                sig.credentialScope(), expires);
    }

    /**
     * The forwarded request as the verifier reads it. The body is not forwarded: the payload hash line is
     * UNSIGNED-PAYLOAD when the client said so, else {@code bodySha256}, else the x-amz-content-sha256 header, else
     * the hash of an empty body.
     */
    static HttpRequestParts parts(ForwardedRequest r) {
        String header = r.header("x-amz-content-sha256");
        String payloadHash = SigV4.UNSIGNED_PAYLOAD.equals(header) ? SigV4.UNSIGNED_PAYLOAD
                : r.bodySha256() != null ? r.bodySha256()
                : header != null ? header : EMPTY_BODY_SHA256;
        return new HttpRequestParts(r.method(), r.path(), r.query(), r.headers(), null, payloadHash);
    }
}

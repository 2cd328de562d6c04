package io.rolegate.authz;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.iam.AccessKeyUsage;
import io.rolegate.iam.Caller;
import io.rolegate.iam.PrincipalDirectory;
import io.rolegate.iam.PrincipalType;
import io.rolegate.iam.SessionCallers;
import io.rolegate.model.User;
import io.rolegate.sigv4.HttpRequestParts;
import io.rolegate.sigv4.ParsedSignature;
import io.rolegate.sigv4.SigV4Verifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SigV4 authentication of any credentials Rolegate issued (long-term keys, AssumeRole, web identity, federation
 * tokens, GetSessionToken), in the order of docs/aws-behaviour.md §3.3: parse and check everything that needs no
 * secret, look the key up (unknown or inactive: InvalidClientTokenId), then verify the signature in constant time.
 * One verifier per {@link Audience}: the same checks, only the service names a credential scope may carry differ.
 * Regions come from the allow-list {@code rolegate.regions} for every audience.
 */
@ApplicationScoped
public class RequestAuthenticator {
    /** Who a request was signed for. */
    public enum Audience {
        /** The gateway's own STS/IAM endpoint. */
        GATEWAY(false, "sts", "iam"),
        /** Rolegate's JSON API for downstream services (/v1/authorize). */
        ROLEGATE(false, "rolegate"),
        /** The audit trail's CloudTrail API (LookupEvents) and its export. */
        CLOUDTRAIL(false, "cloudtrail"),
        /**
         * A request a downstream service received and forwards: any well-formed service name; a presigned URL is
         * valid for its X-Amz-Expires, as the services that honour presigned URLs do.
         */
        FORWARDED(true);

        final boolean presignedUrlsExpire;
        final Set<String> services;

        Audience(boolean presignedUrlsExpire, String... services) {
            this.presignedUrlsExpire = presignedUrlsExpire;
            this.services = new LinkedHashSet<>(List.of(services));
        }
    }

    private final Map<Audience, SigV4Verifier> verifiers = new EnumMap<>(Audience.class);
    private final PrincipalDirectory directory;
    private final AccessKeyUsage usage;
    private final SessionCallers sessions;
    private final Clock clock;

    @Inject
    public RequestAuthenticator(Clock clock, PrincipalDirectory directory, AccessKeyUsage usage, SessionCallers sessions,
                         @ConfigProperty(name = "rolegate.regions") List<String> regions) {
        Set<String> allowed = new HashSet<>(regions);
        allowed.remove("*");
        for (Audience a : Audience.values()) {
            verifiers.put(a, new SigV4Verifier(clock, allowed, a.services, a.presignedUrlsExpire));
        }
        this.directory = directory;
        this.usage = usage;
        this.sessions = sessions;
        this.clock = clock;
    }

    /**
     * Who signed the request, the region of its credential scope (aws:RequestedRegion), the parsed signature, and the
     * signing key of its scope (for derived-key answers; never logged).
     */
    public record Authenticated(Caller caller, String region, ParsedSignature signature, byte[] signingKey) {
        @Override
        public String toString() {
            return "Authenticated[" + caller.arn() + ", " + signature + "]";
        }
    }

    /** A request to the gateway's own endpoint (services sts and iam). */
    public Authenticated authenticate(HttpRequestParts request) {
        return authenticate(request, Audience.GATEWAY);
    }

    public Authenticated authenticate(HttpRequestParts request, Audience audience) {
        SigV4Verifier verifier = verifiers.get(audience);
        ParsedSignature sig = verifier.parse(request);
        String secret;
        Caller caller;
        if (sig.securityToken() != null || sig.accessKeyId().startsWith("ASIA")) {
            SessionCallers.Authenticated v = sessions.authenticate(sig.securityToken(), sig.accessKeyId());
            verifier.verify(request, sig, v.secret());
            secret = v.secret();
            caller = v.caller();
        } else {
            PrincipalDirectory.KeyPrincipal kp = directory.byAccessKey(sig.accessKeyId())
                    .filter(k -> k.key().active())
                    .orElseThrow(() -> new AwsException(ErrorCode.InvalidClientTokenId));
            verifier.verify(request, sig, kp.secret());
            usage.record(kp.key().accessKeyId(), clock.instant(), sig.service(), sig.region());
            User u = kp.user();
            secret = kp.secret();
            caller = new Caller(u.accountId(), PrincipalType.User, u.arn(), u.arn(), u.userId(),
                    kp.key().accessKeyId(), u, kp.userTags(), null);
        }
        return new Authenticated(caller, sig.region(), sig, verifier.signingKey(sig, secret));
    }
}

package io.rolegate.authz;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.iam.AccessKeyUsage;
import io.rolegate.iam.Caller;
import io.rolegate.iam.PrincipalDirectory;
import io.rolegate.iam.PrincipalType;
import io.rolegate.model.User;
import io.rolegate.sigv4.HttpRequestParts;
import io.rolegate.sigv4.ParsedSignature;
import io.rolegate.sigv4.SigV4Verifier;
import io.rolegate.iam.SessionCallers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * SigV4 authentication in the order of docs/aws-behaviour.md §3.3: parse and check everything that needs no secret,
 * look the key up (unknown or inactive: InvalidClientTokenId), then verify the signature in constant time.
 */
@ApplicationScoped
public class RequestAuthenticator {
    private final SigV4Verifier verifier;
    private final PrincipalDirectory directory;
    private final AccessKeyUsage usage;
    private final SessionCallers sessions;
    private final Clock clock;

    @Inject
    public RequestAuthenticator(Clock clock, PrincipalDirectory directory, AccessKeyUsage usage, SessionCallers sessions,
                         @ConfigProperty(name = "rolegate.regions") List<String> regions) {
        Set<String> allowed = new HashSet<>(regions);
        allowed.remove("*");
        this.verifier = new SigV4Verifier(clock, allowed, new java.util.LinkedHashSet<>(List.of("sts", "iam")));
        this.directory = directory;
        this.usage = usage;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** Who signed the request, and the region of its credential scope (aws:RequestedRegion). */
    public record Authenticated(Caller caller, String region) {
    }

    public Authenticated authenticate(HttpRequestParts request) {
        ParsedSignature sig = verifier.parse(request);
        return new Authenticated(caller(request, sig), sig.region());
    }

    private Caller caller(HttpRequestParts request, ParsedSignature sig) {
        if (sig.securityToken() != null || sig.accessKeyId().startsWith("ASIA")) {
            SessionCallers.Authenticated v = sessions.authenticate(sig.securityToken(), sig.accessKeyId());
            verifier.verify(request, sig, v.secret());
            return v.caller();
        }
        PrincipalDirectory.KeyPrincipal kp = directory.byAccessKey(sig.accessKeyId())
                .filter(k -> k.key().active())
                .orElseThrow(() -> new AwsException(ErrorCode.InvalidClientTokenId));
        verifier.verify(request, sig, kp.secret());
        usage.record(kp.key().accessKeyId(), clock.instant(), sig.service(), sig.region());
        User u = kp.user();
        return new Caller(u.accountId(), PrincipalType.User, u.arn(), u.arn(), u.userId(), kp.key().accessKeyId(), u,
                kp.userTags(), null);
    }
}

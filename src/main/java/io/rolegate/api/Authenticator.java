package io.rolegate.api;

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
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * SigV4 authentication in the order of spec 3.3: parse and check everything that needs no secret, look the key up
 * (unknown or inactive: InvalidClientTokenId), then verify the signature in constant time.
 */
@ApplicationScoped
public class Authenticator {
    static final String INVALID_TOKEN = "The security token included in the request is invalid.";

    private final SigV4Verifier verifier;
    private final PrincipalDirectory directory;
    private final AccessKeyUsage usage;
    private final SessionAuthenticator sessions;
    private final Clock clock;

    @Inject
    public Authenticator(Clock clock, PrincipalDirectory directory, AccessKeyUsage usage, SessionAuthenticator sessions,
                         @ConfigProperty(name = "rolegate.regions") List<String> regions) {
        Set<String> allowed = new HashSet<>(regions);
        allowed.remove("*");
        this.verifier = new SigV4Verifier(clock, allowed, new java.util.LinkedHashSet<>(List.of("sts", "iam")));
        this.directory = directory;
        this.usage = usage;
        this.sessions = sessions;
        this.clock = clock;
    }

    public Caller authenticate(HttpRequestParts request) {
        ParsedSignature sig = verifier.parse(request);
        if (sig.securityToken() != null || sig.accessKeyId().startsWith("ASIA")) {
            SessionAuthenticator.Verified v = sessions.verify(sig.securityToken(), sig.accessKeyId());
            verifier.verify(request, sig, v.secret());
            return v.caller();
        }
        PrincipalDirectory.KeyPrincipal kp = directory.byAccessKey(sig.accessKeyId())
                .filter(k -> k.key().active())
                .orElseThrow(() -> new AwsException(ErrorCode.InvalidClientTokenId, INVALID_TOKEN));
        verifier.verify(request, sig, kp.secret());
        usage.record(kp.key().accessKeyId(), clock.instant(), sig.service(), sig.region());
        User u = kp.user();
        return new Caller(u.accountId(), PrincipalType.User, u.arn(), u.arn(), u.userId(), kp.key().accessKeyId(), u,
                kp.userTags(), null);
    }
}

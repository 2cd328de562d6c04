package io.rolegate.api;

import io.rolegate.iam.Caller;
import io.rolegate.sts.SessionCallers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Temporary credentials (ASIA keys with an X-Amz-Security-Token): the token is verified offline and the secret
 * derived from it (sts.SessionCallers). Expired: ExpiredToken; anything else wrong: InvalidClientTokenId.
 */
@ApplicationScoped
public class SessionAuthenticator {
    public record Verified(Caller caller, String secret) {
    }

    @Inject
    SessionCallers sessions;

    public Verified verify(String sessionToken, String accessKeyId) {
        SessionCallers.Authenticated a = sessions.authenticate(sessionToken, accessKeyId);
        return new Verified(a.caller(), a.secret());
    }
}

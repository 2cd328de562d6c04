package io.rolegate.api;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.iam.Caller;
import jakarta.enterprise.context.ApplicationScoped;

/** Temporary credentials (ASIA keys with a session token). Filled in by the STS work; until then they are refused. */
@ApplicationScoped
public class SessionAuthenticator {
    public record Verified(Caller caller, String secret) {
    }

    public Verified verify(String sessionToken, String accessKeyId) {
        throw new AwsException(ErrorCode.InvalidClientTokenId, Authenticator.INVALID_TOKEN);
    }
}

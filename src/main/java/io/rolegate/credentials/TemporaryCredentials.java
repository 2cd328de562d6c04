package io.rolegate.credentials;

import java.time.Instant;

/** The Credentials element of an STS response. {@link #toString()} hides the secret. */
public record TemporaryCredentials(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {
    @Override
    public String toString() {
        return "TemporaryCredentials[accessKeyId=" + accessKeyId + ", expiration=" + expiration + "]";
    }
}

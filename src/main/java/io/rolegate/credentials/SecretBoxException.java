package io.rolegate.credentials;

/**
 * A sealed value could not be opened: it was altered, truncated, bound to another row, or sealed under a master key
 * this process does not have. This is our failure (data at rest is corrupt or the configuration is wrong), never the
 * caller's: the API layer answers it as InternalFailure. The message names the reason but no key or plaintext.
 */
public class SecretBoxException extends RuntimeException {
    public SecretBoxException(String message) {
        super(message);
    }

    public SecretBoxException(String message, Throwable cause) {
        super(message, cause);
    }
}

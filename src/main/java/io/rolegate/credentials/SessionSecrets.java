package io.rolegate.credentials;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives the secret access key of a temporary credential from its token's identity, so that any replica holding the
 * server-side session secret key can check a SigV4 signature without a database lookup:
 * {@code secret = first 40 chars of base64(HMAC-SHA256(key, "rolegate-session-secret-v1" 0 accessKeyId 0 tokenId))}.
 * Without the key the secret cannot be derived from the token. Keys are versioned (the token records the version) so
 * the session secret key can be rotated: keep an old version until the tokens minted under it have expired.
 * Thread-safe.
 */
public final class SessionSecrets {
    public static final int KEY_LENGTH = 32;
    private static final byte[] LABEL = "rolegate-session-secret-v1".getBytes(StandardCharsets.US_ASCII);

    private final int currentVersion;
    private final Map<Integer, Mac> prototypes = new HashMap<>();

    /** @param keys version -> 32-byte key; {@code currentVersion} must be among them and is used for new sessions. */
    public SessionSecrets(Map<Integer, byte[]> keys, int currentVersion) {
        if (!keys.containsKey(currentVersion)) {
            throw new IllegalArgumentException("no session secret key with version " + currentVersion);
        }
        keys.forEach((version, key) -> {
            if (key == null || key.length != KEY_LENGTH) {
                throw new IllegalArgumentException("session secret key must be 32 bytes");
            }
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                prototypes.put(version, mac);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 unavailable", e);
            }
        });
        this.currentVersion = currentVersion;
    }

    public static SessionSecrets single(byte[] key) {
        return new SessionSecrets(Map.of(1, key), 1);
    }

    public static byte[] generateKey(SecureRandom random) {
        byte[] key = new byte[KEY_LENGTH];
        random.nextBytes(key);
        return key;
    }

    public int currentVersion() {
        return currentVersion;
    }

    public boolean hasVersion(int version) {
        return prototypes.containsKey(version);
    }

    /** The 40-character secret of the session; IllegalArgumentException for an unknown key version. */
    public String derive(int version, String accessKeyId, String tokenId) {
        Mac prototype = prototypes.get(version);
        if (prototype == null) {
            throw new IllegalArgumentException("no session secret key with version " + version);
        }
        Mac mac;
        try {
            mac = (Mac) prototype.clone(); // cheaper than getInstance + init, and leaves the prototype untouched
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
        mac.update(LABEL);
        mac.update((byte) 0);
        mac.update(accessKeyId.getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) 0);
        mac.update(tokenId.getBytes(StandardCharsets.US_ASCII));
        // 32 bytes -> 44 base64 chars; the first 40 carry 240 bits, all from [A-Za-z0-9+/]
        return Base64.getEncoder().encodeToString(mac.doFinal()).substring(0, 40);
    }
}

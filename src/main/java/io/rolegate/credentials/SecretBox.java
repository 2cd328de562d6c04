package io.rolegate.credentials;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encryption at rest with AES-256-GCM. Output: {@code [format=1][master key version][12-byte random nonce][ciphertext +
 * 16-byte tag]}. The two header bytes and the caller's associated data (e.g. the access key id of the row) are
 * authenticated, so a ciphertext copied to another row, or relabelled with another key version, fails to open.
 * Thread-safe. Random nonces are safe up to ~2^32 seals per master key; rotate long before that.
 */
public final class SecretBox {
    public static final int FORMAT_V1 = 1;
    private static final int NONCE_LENGTH = 12;
    private static final int TAG_BITS = 128;
    private static final int HEADER_LENGTH = 2;
    private static final int MIN_LENGTH = HEADER_LENGTH + NONCE_LENGTH + TAG_BITS / 8;

    private final MasterKey current;
    private final SecretKeySpec sealingKey;
    /** Every key that opens: the current one first. Versions may repeat (they are hints), so opening tries them all. */
    private final List<VersionedKey> openingKeys = new ArrayList<>();
    private final SecureRandom random;

    /** Seals under {@code current}; opens ciphertexts of {@code current} and of any of {@code older}. */
    public SecretBox(MasterKey current, List<MasterKey> older, SecureRandom random) {
        this.current = Objects.requireNonNull(current);
        this.random = Objects.requireNonNull(random);
        this.sealingKey = new SecretKeySpec(current.keyBytes(), "AES");
        openingKeys.add(new VersionedKey(current.version(), sealingKey));
        for (MasterKey k : older) {
            openingKeys.add(new VersionedKey(k.version(), new SecretKeySpec(k.keyBytes(), "AES")));
        }
    }

    private record VersionedKey(int version, SecretKeySpec key) {
    }

    public SecretBox(MasterKey current, SecureRandom random) {
        this(current, List.of(), random);
    }

    public byte[] seal(byte[] plaintext, String associatedData) {
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        byte[] header = {(byte) FORMAT_V1, (byte) current.version()};
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, sealingKey, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(header);
            cipher.updateAAD(aad(associatedData));
            byte[] sealed = new byte[HEADER_LENGTH + NONCE_LENGTH + cipher.getOutputSize(plaintext.length)];
            System.arraycopy(header, 0, sealed, 0, HEADER_LENGTH);
            System.arraycopy(nonce, 0, sealed, HEADER_LENGTH, NONCE_LENGTH);
            cipher.doFinal(plaintext, 0, plaintext.length, sealed, HEADER_LENGTH + NONCE_LENGTH);
            return sealed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    public byte[] open(byte[] sealed, String associatedData) {
        if (sealed == null || sealed.length < MIN_LENGTH) {
            throw new SecretBoxException("sealed value is truncated");
        }
        if (sealed[0] != FORMAT_V1) {
            throw new SecretBoxException("unknown sealed format " + (sealed[0] & 0xff));
        }
        int version = sealed[1] & 0xff;
        List<VersionedKey> candidates = new ArrayList<>();
        openingKeys.stream().filter(k -> k.version() == version).forEach(candidates::add);
        openingKeys.stream().filter(k -> k.version() != version).forEach(candidates::add);
        SecretBoxException failure = null;
        for (VersionedKey k : candidates) {
            try {
                return open(sealed, associatedData, k.key());
            } catch (SecretBoxException e) {
                failure = failure == null ? e : failure;
            }
        }
        boolean versionKnown = openingKeys.stream().anyMatch(k -> k.version() == version);
        throw versionKnown ? failure : new SecretBoxException("no master key with version " + version + " opens it");
    }

    private static byte[] open(byte[] sealed, String associatedData, SecretKeySpec key) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, HEADER_LENGTH, NONCE_LENGTH));
            cipher.updateAAD(sealed, 0, HEADER_LENGTH);
            cipher.updateAAD(aad(associatedData));
            int offset = HEADER_LENGTH + NONCE_LENGTH;
            return cipher.doFinal(sealed, offset, sealed.length - offset);
        } catch (AEADBadTagException e) {
            throw new SecretBoxException("sealed value failed authentication (tampered, or bound to other data)");
        } catch (GeneralSecurityException e) {
            throw new SecretBoxException("sealed value could not be opened", e);
        }
    }

    /** Seals UTF-8 text; the result is standard base64 text, ready for a VARCHAR/TEXT column. */
    public String sealString(String plaintext, String associatedData) {
        return Base64.getEncoder().encodeToString(seal(plaintext.getBytes(StandardCharsets.UTF_8), associatedData));
    }

    public String openString(String sealedBase64, String associatedData) {
        byte[] sealed;
        try {
            sealed = Base64.getDecoder().decode(sealedBase64);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new SecretBoxException("sealed value is not base64");
        }
        return new String(open(sealed, associatedData), StandardCharsets.UTF_8);
    }

    /** The master key version of a sealed value, e.g. to find rows still sealed under an old key. */
    public static int keyVersionOf(byte[] sealed) {
        if (sealed == null || sealed.length < MIN_LENGTH || sealed[0] != FORMAT_V1) {
            throw new SecretBoxException("not a sealed value");
        }
        return sealed[1] & 0xff;
    }

    /** True if the value was sealed under an older key and should be re-sealed. */
    public boolean needsResealing(byte[] sealed) {
        return keyVersionOf(sealed) != current.version();
    }

    private static byte[] aad(String associatedData) {
        return Objects.requireNonNull(associatedData, "associatedData").getBytes(StandardCharsets.UTF_8);
    }
}

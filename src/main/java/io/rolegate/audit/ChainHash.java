package io.rolegate.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The link of the hash chain: {@code hash(n) = SHA-256(hash(n-1) "\n" seq "\n" record)} in lower-case hex, with 64
 * zeros before an account's first event. The seq inside the hash makes a reordering visible even where two records
 * were identical; the previous hash makes a change or a deletion break every later link.
 */
public final class ChainHash {
    public static final String GENESIS = "0".repeat(64);

    private ChainHash() {
    }

    public static String link(String prevHash, long seq, String record) {
        // the same bytes as sha256Hex(prevHash + "\n" + seq + "\n" + record), without copying the record twice more
        MessageDigest d = sha256();
        d.update((prevHash + "\n" + seq + "\n").getBytes(StandardCharsets.UTF_8));
        d.update(record.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d.digest());
    }

    public static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.rolegate.credentials;

/** RFC 4648 base32 without padding, alphabet A-Z2-7, as AWS identifiers use it. */
final class Base32 {
    static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private Base32() {
    }

    static boolean isBase32Char(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7');
    }

    static int valueOf(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= '2' && c <= '7') {
            return 26 + (c - '2');
        }
        throw new IllegalArgumentException("not a base32 character");
    }

    /** Encodes a whole number of 5-byte groups (8 characters per group). */
    static String encode(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length * 8 / 5 + 1);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    /** Decodes unpadded base32 (case-sensitive, A-Z2-7); trailing bits that do not fill a byte are dropped. */
    static byte[] decode(String text) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(text.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < text.length(); i++) {
            buffer = (buffer << 5) | valueOf(text.charAt(i));
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }

    static char randomChar(java.security.SecureRandom random) {
        return ALPHABET.charAt(random.nextInt(32));
    }
}

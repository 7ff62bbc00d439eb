package dev.cognate.devidp.crypto;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/** Random identifiers and secrets, hashing of bearer values, constant-time comparison. */
public final class RandomValues {
    static final SecureRandom SOURCE = new SecureRandom();
    private static final String SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.~-";

    private RandomValues() {}

    /** An unguessable URL-safe token carrying {@code bytes} random bytes. */
    public static String token(int bytes) {
        byte[] b = new byte[bytes];
        SOURCE.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** An Entra-looking client secret: 40 characters, the fourth to sixth being the version marker {@code 8Q~}. */
    public static String clientSecret() {
        StringBuilder s = new StringBuilder(40);
        for (int i = 0; i < 40; i++) {
            s.append(SECRET_ALPHABET.charAt(SOURCE.nextInt(SECRET_ALPHABET.length())));
        }
        s.replace(3, 6, "8Q~");
        return s.toString();
    }

    /** SHA-256 of a bearer value, for storing codes, refresh tokens and secrets without keeping them. */
    public static String hash(String value) {
        return Certificates.base64Url(Certificates.digest("SHA-256", value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    public static boolean constantTimeEquals(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}

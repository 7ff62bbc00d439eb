package dev.cognate.devidp.oauth;

import dev.cognate.devidp.crypto.RandomValues;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** RFC 7636: {@code plain} and {@code S256} code challenges, compared in constant time. */
final class Pkce {
    private Pkce() {}

    static boolean wellFormed(String value) {
        return value != null && value.matches("[A-Za-z0-9._~-]{43,128}");
    }

    static boolean verify(String challenge, String method, String verifier) {
        String derived = "S256".equals(method) ? s256(verifier) : verifier;
        return RandomValues.constantTimeEquals(challenge, derived);
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The left half of SHA-256, base64url: {@code c_hash} and {@code at_hash}. */
    static String halfHash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

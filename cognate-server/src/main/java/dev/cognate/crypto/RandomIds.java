package dev.cognate.crypto;

import java.security.SecureRandom;

/** Unguessable identifiers and secrets in the shapes Cognito uses. */
public final class RandomIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private RandomIds() {}

    /** A user pool id: {@code <region>_<9 alphanumerics>}. */
    public static String poolId(String region) {
        return region + "_" + draw(ALNUM, 9);
    }

    /** An app client id: 26 lowercase alphanumerics. */
    public static String clientId() {
        return draw(LOWER_ALNUM, 26);
    }

    /** An app client secret: 51 lowercase alphanumerics (about 263 bits). */
    public static String clientSecret() {
        return draw(LOWER_ALNUM, 51);
    }

    /** An admin access key id in AWS's shape. */
    public static String accessKeyId() {
        return "AKID" + draw("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
    }

    /** An admin secret access key: 40 characters. */
    public static String secretAccessKey() {
        return draw(ALNUM + "+/", 40);
    }

    /** Lowercase letters and digits (session ids). */
    public static String lowercaseAlphanumeric(int length) {
        return draw("abcdefghijklmnopqrstuvwxyz0123456789", length);
    }

    public static String alphanumeric(int length) {
        return draw(ALNUM, length);
    }

    /** An opaque bearer value of 256 random bits, base64url (codes, refresh tokens, session ids). */
    public static String token() {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
    }

    public static byte[] bytes(int length) {
        byte[] out = new byte[length];
        RANDOM.nextBytes(out);
        return out;
    }

    private static String draw(String alphabet, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}

package dev.cognate.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under a key derived from the master key for one purpose: a lookup key for a
 * low-entropy value (a username, an address) that must not be stored in plain text and must
 * not be reversible by hashing guesses, as a plain SHA-256 of a username would be. The
 * derivation is HKDF-Expand with one block (RFC 5869 2.3), the master key being uniformly
 * random already.
 */
public final class KeyedHash {
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    private KeyedHash(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    /** The keyed hash for {@code purpose} (say "sign-in throttle"), derived from the master key. */
    public static KeyedHash derive(byte[] masterKey, String purpose) {
        byte[] info = ("cognate keyed hash v1: " + purpose).getBytes(StandardCharsets.UTF_8);
        byte[] block = new byte[info.length + 1];
        System.arraycopy(info, 0, block, 0, info.length);
        block[info.length] = 1;
        return new KeyedHash(mac(new SecretKeySpec(masterKey, ALGORITHM), block));
    }

    /** base64url without padding: 43 characters whatever the length of {@code value}. */
    public String of(String value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(key, value.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] mac(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

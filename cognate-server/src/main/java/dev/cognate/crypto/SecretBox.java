package dev.cognate.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Secrets at rest: AES-256-GCM under the master key. The context (for example
 * {@code "client-secret:<clientId>"}) is bound as associated data, so a sealed value copied
 * into another row does not open there. While the master key is rotated, values sealed under
 * the previous keys still open (GCM's tag tells which key sealed a value); new values are
 * sealed under the current key only.
 */
public final class SecretBox {
    private static final String PREFIX = "v1.";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final List<SecretKeySpec> previousKeys;

    public SecretBox(byte[] masterKey) {
        this(masterKey, List.of());
    }

    /** Seals under {@code masterKey}; opens what it or any of {@code previousKeys} sealed. */
    public SecretBox(byte[] masterKey, List<byte[]> previousKeys) {
        this.key = aesKey(masterKey);
        this.previousKeys = previousKeys.stream().map(SecretBox::aesKey).toList();
    }

    private static SecretKeySpec aesKey(byte[] masterKey) {
        if (masterKey.length != 32) {
            throw new IllegalArgumentException("the master key must be 32 bytes");
        }
        return new SecretKeySpec(masterKey.clone(), "AES");
    }

    /**
     * {@code sealed} sealed again under the current key, or empty when the current key sealed it
     * already (master key rotation: re-sealing twice is harmless, so a rotation may resume).
     * @throws IllegalStateException when no key opens it
     */
    public Optional<String> resealed(String sealed, String context) {
        byte[] raw = decode(sealed);
        if (tryOpen(key, raw, context) != null) {
            return Optional.empty();
        }
        for (SecretKeySpec previous : previousKeys) {
            byte[] plain = tryOpen(previous, raw, context);
            if (plain != null) {
                return Optional.of(PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(sealBytes(plain, context)));
            }
        }
        throw new IllegalStateException("a sealed value does not open with the master key or a previous one");
    }

    /** Whether {@code value} has the form of a sealed value (a value stored before its column was sealed does not). */
    public static boolean isSealed(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    public String seal(String plaintext, String context) {
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(
                sealBytes(plaintext.getBytes(StandardCharsets.UTF_8), context));
    }

    public String open(String sealed, String context) {
        return new String(openBytes(decode(sealed), context), StandardCharsets.UTF_8);
    }

    private static byte[] decode(String sealed) {
        if (sealed == null || !sealed.startsWith(PREFIX)) {
            throw new IllegalStateException("not a sealed value");
        }
        return Base64.getUrlDecoder().decode(sealed.substring(PREFIX.length()));
    }

    /**
     * A 32-byte key for one purpose, derived from the master key (HMAC-SHA256 of the purpose),
     * for values that must be unguessable yet the same on every node.
     */
    public byte[] derive(String purpose) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            return mac.doFinal(("cognate-derived-key:" + purpose).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    public byte[] sealBytes(byte[] plaintext, String context) {
        byte[] nonce = RandomIds.bytes(NONCE_BYTES);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing failed", e);
        }
    }

    public byte[] openBytes(byte[] sealed, String context) {
        byte[] plain = tryOpen(key, sealed, context);
        for (int i = 0; plain == null && i < previousKeys.size(); i++) {
            plain = tryOpen(previousKeys.get(i), sealed, context);
        }
        if (plain == null) {
            throw new IllegalStateException("a sealed value does not open with this master key (wrong key or tampered data)");
        }
        return plain;
    }

    /** The plaintext, or null when {@code key} did not seal it for {@code context} (the GCM tag does not match). */
    private static byte[] tryOpen(SecretKeySpec key, byte[] sealed, String context) {
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            return null;
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (javax.crypto.AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("opening a sealed value failed", e);
        }
    }
}

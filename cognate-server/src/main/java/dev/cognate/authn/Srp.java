package dev.cognate.authn;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SRP-6a arithmetic of Cognito's USER_SRP_AUTH, server side: the 3072-bit group of
 * RFC 5054 appendix A with g = 2 and SHA-256.
 *
 * <p>Cognito's "pad" is not RFC 5054's PAD to the length of N: every integer is hashed as its
 * shortest two's-complement big-endian form (a 0x00 byte in front when the top bit is set),
 * which is exactly {@link BigInteger#toByteArray()} for non-negative values. So
 * k = H(N | g), u = H(A | B), x = H(salt | H(poolName | userId | ":" | password)) and the
 * session key is HKDF(ikm = S, salt = u, info = "Caldera Derived Key") cut to 16 bytes.
 */
public final class Srp {
    /** RFC 5054 appendix A, the 3072-bit group. */
    static final BigInteger N = new BigInteger("""
            FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD\
            EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED\
            EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F\
            83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B\
            E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510\
            15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7\
            ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C\
            BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF""", 16);
    static final BigInteger G = BigInteger.TWO;
    /** The multiplier of SRP-6a (RFC 5054 section 2.5.3), hashed the Cognito way. */
    static final BigInteger K = hashToInteger(bytes(N), bytes(G));
    static final byte[] INFO = "Caldera Derived Key".getBytes(StandardCharsets.UTF_8);
    static final int KEY_BYTES = 16;
    /** The server's secret exponent b: 256 random bits, as RFC 5054 section 2.5.3 advises at least. */
    static final int PRIVATE_BYTES = 32;
    static final int SALT_BYTES = 16;
    /** The longest hex a public value modulo N needs (384 bytes, one more for a sign byte). */
    static final int MAX_PUBLIC_HEX = 770;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Srp() {}

    /** The part of a pool id after the region: {@code us-east-1_AbC123xyZ} gives {@code AbC123xyZ}. */
    public static String poolName(String poolId) {
        return poolId.substring(poolId.indexOf('_') + 1);
    }

    static BigInteger randomSalt() {
        return new BigInteger(1, randomBytes(SALT_BYTES));
    }

    static BigInteger randomPrivate() {
        return new BigInteger(1, randomBytes(PRIVATE_BYTES));
    }

    /** x = H(salt | H(poolName | userId | ":" | password)). */
    static BigInteger x(String poolName, String userId, String password, BigInteger salt) {
        byte[] inner = sha256((poolName + userId + ":" + password).getBytes(StandardCharsets.UTF_8));
        return hashToInteger(bytes(salt), inner);
    }

    /** v = g^x mod N: what the server keeps instead of the password. */
    static BigInteger verifier(String poolName, String userId, String password, BigInteger salt) {
        return G.modPow(x(poolName, userId, password, salt), N);
    }

    /** B = k*v + g^b mod N. */
    static BigInteger serverPublic(BigInteger v, BigInteger b) {
        return K.multiply(v).add(G.modPow(b, N)).mod(N);
    }

    /** u = H(A | B). */
    static BigInteger u(BigInteger a, BigInteger b) {
        return hashToInteger(bytes(a), bytes(b));
    }

    /**
     * Whether the client's public value may be used: RFC 5054 section 2.5.4 aborts when
     * A mod N = 0 (A = 0, N, 2N... would fix the shared secret at 0 whatever the password).
     */
    static boolean acceptablePublic(BigInteger a) {
        return a.signum() > 0 && !a.mod(N).equals(BigInteger.ZERO);
    }

    /** S = (A * v^u)^b mod N, the server's side of the shared secret. */
    static BigInteger serverSecret(BigInteger a, BigInteger v, BigInteger u, BigInteger b) {
        return a.multiply(v.modPow(u, N)).mod(N).modPow(b, N);
    }

    /** The 16-byte key both sides derive: one HKDF-SHA256 block (RFC 5869), ikm = S, salt = u. */
    static byte[] key(BigInteger s, BigInteger u) {
        byte[] prk = hmac(bytes(u), bytes(s));
        byte[] block = hmac(prk, concat(INFO, new byte[] {1}));
        return Arrays.copyOf(block, KEY_BYTES);
    }

    /** PASSWORD_CLAIM_SIGNATURE: HMAC-SHA256(key, poolName | userId | secret block | timestamp). */
    static byte[] signature(byte[] key, String poolName, String userId, byte[] secretBlock, String timestamp) {
        return hmac(key, concat(poolName.getBytes(StandardCharsets.UTF_8), userId.getBytes(StandardCharsets.UTF_8),
                secretBlock, timestamp.getBytes(StandardCharsets.UTF_8)));
    }

    /** A hex public value (SRP_A), or null when it is not one. */
    static BigInteger parsePublic(String hex) {
        if (hex == null || hex.isEmpty() || hex.length() > MAX_PUBLIC_HEX || !hex.chars().allMatch(Srp::isHex)) {
            return null;
        }
        return new BigInteger(hex, 16);
    }

    static String hex(BigInteger value) {
        return value.toString(16);
    }

    /** The integer as Cognito's clients hash it: shortest two's complement, big-endian. */
    static byte[] bytes(BigInteger value) {
        return value.toByteArray();
    }

    static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static boolean isHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static BigInteger hashToInteger(byte[]... parts) {
        return new BigInteger(1, sha256(concat(parts)));
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}

package dev.cognate.testing;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client side of Cognito's USER_SRP_AUTH written for the tests, apart from the server's
 * code (its own constants and hashing, after amazon-cognito-identity-js's AuthenticationHelper):
 * SRP_A for InitiateAuth, then the PASSWORD_VERIFIER answer from the challenge's parameters.
 */
public final class SrpTestClient {
    static final BigInteger N = new BigInteger(
            "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
            + "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
            + "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
            + "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
            + "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
            + "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
            + "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C"
            + "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF", 16);
    static final BigInteger G = BigInteger.TWO;
    static final BigInteger K = hashInt(pad(N), pad(G));
    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
            "Nov", "Dec"};

    private final BigInteger a;
    private final BigInteger largeA;

    public SrpTestClient() {
        byte[] random = new byte[128];
        new SecureRandom().nextBytes(random);
        this.a = new BigInteger(1, random);
        this.largeA = G.modPow(a, N);
    }

    /** SRP_A, in hex. */
    public String srpA() {
        return largeA.toString(16);
    }

    /** N times {@code multiple}, in hex: the degenerate values an attacker sends as SRP_A. */
    public static String multipleOfN(int multiple) {
        return N.multiply(BigInteger.valueOf(multiple)).toString(16);
    }

    /** The PASSWORD_VERIFIER ChallengeResponses, signed now. */
    public Map<String, String> claim(String poolId, String password, Map<String, String> challenge) {
        return claim(poolId, password, challenge, timestamp(Instant.now()));
    }

    public Map<String, String> claim(String poolId, String password, Map<String, String> challenge, String timestamp) {
        String poolName = poolId.split("_")[1];
        String userId = challenge.get("USER_ID_FOR_SRP");
        BigInteger b = new BigInteger(challenge.get("SRP_B"), 16);
        BigInteger salt = new BigInteger(challenge.get("SALT"), 16);
        BigInteger u = hashInt(pad(largeA), pad(b));
        BigInteger x = hashInt(pad(salt), sha256((poolName + userId + ":" + password).getBytes(StandardCharsets.UTF_8)));
        byte[] prk = hmac(pad(u), pad(secret(b, a, u, x)));
        byte[] key = Arrays.copyOf(hmac(prk, "Caldera Derived Key\u0001".getBytes(StandardCharsets.UTF_8)), 16);
        byte[] message = concat(poolName.getBytes(StandardCharsets.UTF_8), userId.getBytes(StandardCharsets.UTF_8),
                Base64.getDecoder().decode(challenge.get("SECRET_BLOCK")), timestamp.getBytes(StandardCharsets.UTF_8));
        Map<String, String> responses = new LinkedHashMap<>();
        responses.put("USERNAME", userId);
        responses.put("PASSWORD_CLAIM_SECRET_BLOCK", challenge.get("SECRET_BLOCK"));
        responses.put("TIMESTAMP", timestamp);
        responses.put("PASSWORD_CLAIM_SIGNATURE", Base64.getEncoder().encodeToString(hmac(key, message)));
        return responses;
    }

    /**
     * What an app keeps of a device after ConfirmDevice: the random device password, and the
     * Base64 salt and verifier it sends (DeviceSecretVerifierConfig), as amazon-cognito-identity-js
     * makes them: x = H(salt | H(groupKey | deviceKey | ":" | password)).
     */
    public record DeviceSecret(String groupKey, String deviceKey, String password, String salt, String passwordVerifier) {}

    public static DeviceSecret deviceSecret(String groupKey, String deviceKey) {
        byte[] random = new byte[40];
        SecureRandom rng = new SecureRandom();
        rng.nextBytes(random);
        String password = Base64.getEncoder().encodeToString(random);
        byte[] saltBytes = new byte[16];
        rng.nextBytes(saltBytes);
        BigInteger salt = new BigInteger(1, saltBytes);
        BigInteger x = hashInt(pad(salt), sha256((groupKey + deviceKey + ":" + password).getBytes(StandardCharsets.UTF_8)));
        return new DeviceSecret(groupKey, deviceKey, password, Base64.getEncoder().encodeToString(pad(salt)),
                Base64.getEncoder().encodeToString(pad(G.modPow(x, N))));
    }

    /** DEVICE_PASSWORD_VERIFIER's ChallengeResponses for the device, signed now. */
    public Map<String, String> deviceClaim(DeviceSecret device, String username, Map<String, String> challenge) {
        String timestamp = timestamp(Instant.now());
        BigInteger b = new BigInteger(challenge.get("SRP_B"), 16);
        BigInteger salt = new BigInteger(challenge.get("SALT"), 16);
        BigInteger u = hashInt(pad(largeA), pad(b));
        BigInteger x = hashInt(pad(salt), sha256((device.groupKey() + device.deviceKey() + ":" + device.password())
                .getBytes(StandardCharsets.UTF_8)));
        byte[] prk = hmac(pad(u), pad(secret(b, a, u, x)));
        byte[] key = Arrays.copyOf(hmac(prk, "Caldera Derived Key\u0001".getBytes(StandardCharsets.UTF_8)), 16);
        byte[] message = concat(device.groupKey().getBytes(StandardCharsets.UTF_8),
                device.deviceKey().getBytes(StandardCharsets.UTF_8),
                Base64.getDecoder().decode(challenge.get("SECRET_BLOCK")), timestamp.getBytes(StandardCharsets.UTF_8));
        Map<String, String> responses = new LinkedHashMap<>();
        responses.put("USERNAME", username);
        responses.put("DEVICE_KEY", device.deviceKey());
        responses.put("PASSWORD_CLAIM_SECRET_BLOCK", challenge.get("SECRET_BLOCK"));
        responses.put("TIMESTAMP", timestamp);
        responses.put("PASSWORD_CLAIM_SIGNATURE", Base64.getEncoder().encodeToString(hmac(key, message)));
        return responses;
    }

    /** The client's S = (B - k * g^x)^(a + u * x) mod N. */
    public static BigInteger secret(BigInteger b, BigInteger a, BigInteger u, BigInteger x) {
        return b.subtract(K.multiply(G.modPow(x, N))).mod(N).modPow(a.add(u.multiply(x)), N);
    }

    /** As amazon-cognito-identity-js's DateHelper writes it: {@code Sun Dec 6 06:00:07 UTC 2026}. */
    public static String timestamp(Instant instant) {
        ZonedDateTime t = instant.atZone(ZoneOffset.UTC);
        return "%s %s %d %02d:%02d:%02d UTC %d".formatted(DAYS[t.getDayOfWeek().getValue() - 1],
                MONTHS[t.getMonthValue() - 1], t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond(), t.getYear());
    }

    private static byte[] pad(BigInteger value) {
        return value.toByteArray();
    }

    private static BigInteger hashInt(byte[]... parts) {
        return new BigInteger(1, sha256(concat(parts)));
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        int length = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}

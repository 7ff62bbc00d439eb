package dev.cognate.authn;

import dev.cognate.crypto.KeyedHash;
import dev.cognate.store.DeliveryMedium;
import java.util.Base64;

/** Where a code goes: the user's attribute (email or phone_number), its medium, its value. */
public record CodeDestination(String attribute, DeliveryMedium medium, String address) {

    public static CodeDestination of(String attribute, String address) {
        return new CodeDestination(attribute, attribute.equals("phone_number") ? DeliveryMedium.SMS : DeliveryMedium.EMAIL,
                address);
    }

    /** Whether the code goes by text message (else by e-mail). */
    public boolean bySms() {
        return medium == DeliveryMedium.SMS;
    }

    /** The address as Cognito shows it in CodeDeliveryDetails: {@code a***@e***}, {@code +*******1234}. */
    public String masked() {
        return mask(medium, address);
    }

    public static String mask(DeliveryMedium medium, String address) {
        if (medium == DeliveryMedium.SMS) {
            // a fixed width, as Cognito's: the length of a number would tell a decoy from a real one
            int keep = Math.min(4, Math.max(0, address.length() - 1));
            return "+*******" + address.substring(address.length() - keep);
        }
        int at = address.lastIndexOf('@');
        String local = at <= 0 ? address : address.substring(0, at);
        String domain = at < 0 || at == address.length() - 1 ? "" : address.substring(at + 1);
        return first(local) + "***@" + first(domain) + "***";
    }

    /**
     * A masked e-mail address for a name that gets no code (no such user), shaped like a real one
     * and the same each time for this name in this pool, so that the answer does not tell which
     * names have accounts. {@code decoys} is keyed with a secret (the pool id is public: a plain
     * hash of it and the name would let anyone compute the decoy and compare), and {@code name}
     * is the pool's key for it (Usernames.key: "Alice" and "alice" are one name where case does
     * not count, as they are one user). The first letters are drawn as real addresses' mostly
     * are: a letter or, rarely, a digit before the at sign, a letter after it.
     */
    public static String decoyEmail(KeyedHash decoys, String poolId, String name) {
        byte[] seed = Base64.getUrlDecoder().decode(decoys.of(poolId + '\0' + name));
        int l = seed[0] & 0xff;
        char local = l < 16 ? (char) ('0' + l % 10) : (char) ('a' + l % 26);
        char domain = (char) ('a' + (seed[1] & 0xff) % 26);
        return mask(DeliveryMedium.EMAIL, local + "@" + domain);
    }

    /**
     * A masked phone number for a name that gets no code, as {@link #decoyEmail} for e-mail: its
     * last four digits drawn from the keyed hash, the same each time for this name in this pool.
     */
    public static String decoyPhone(KeyedHash decoys, String poolId, String name) {
        byte[] seed = Base64.getUrlDecoder().decode(decoys.of(poolId + '\0' + "phone_number" + '\0' + name));
        int digits = ((seed[0] & 0xff) << 8 | (seed[1] & 0xff)) % 10_000;
        return mask(DeliveryMedium.SMS, "+1555000" + String.format("%04d", digits));
    }

    private static String first(String s) {
        return s.isEmpty() ? "" : new String(Character.toChars(s.codePointAt(0)));
    }

    @Override
    public String toString() {
        return "CodeDestination[" + attribute + ", " + masked() + "]";
    }
}

package dev.cognate.authn;

import dev.cognate.crypto.Hashes;
import dev.cognate.store.DeliveryMedium;

/** Where a code goes: the user's attribute (email or phone_number), its medium, its value. */
public record CodeDestination(String attribute, DeliveryMedium medium, String address) {

    public static CodeDestination of(String attribute, String address) {
        return new CodeDestination(attribute, attribute.equals("phone_number") ? DeliveryMedium.SMS : DeliveryMedium.EMAIL,
                address);
    }

    /** The address as Cognito shows it in CodeDeliveryDetails: {@code a***@e***}, {@code +*******1234}. */
    public String masked() {
        return mask(medium, address);
    }

    public static String mask(DeliveryMedium medium, String address) {
        if (medium == DeliveryMedium.SMS) {
            int keep = Math.min(4, Math.max(0, address.length() - 1));
            return "+" + "*".repeat(Math.max(0, address.length() - 1 - keep)) + address.substring(address.length() - keep);
        }
        int at = address.lastIndexOf('@');
        String local = at <= 0 ? address : address.substring(0, at);
        String domain = at < 0 || at == address.length() - 1 ? "" : address.substring(at + 1);
        return first(local) + "***@" + first(domain) + "***";
    }

    /**
     * A masked e-mail address for a name that gets no code (no such user, or one who may not
     * sign in with a code), shaped like a real one and the same each time for this name in this
     * pool, so that the answer does not tell which names have accounts.
     */
    public static String decoyEmail(String poolId, String name) {
        String seed = Hashes.sha256Hex(poolId + '\0' + name);
        char local = (char) ('a' + Character.digit(seed.charAt(0), 16) % 26);
        char domain = (char) ('a' + Character.digit(seed.charAt(1), 16) % 26);
        return mask(DeliveryMedium.EMAIL, local + "@" + domain);
    }

    private static String first(String s) {
        return s.isEmpty() ? "" : new String(Character.toChars(s.codePointAt(0)));
    }

    @Override
    public String toString() {
        return "CodeDestination[" + attribute + ", " + masked() + "]";
    }
}

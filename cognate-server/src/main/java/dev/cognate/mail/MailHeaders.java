package dev.cognate.mail;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * What goes into a mail header comes from users and pool settings: a line break there would
 * add headers (a Bcc to an attacker, say). Addresses are refused unless they parse strictly as
 * one bare address without any control character; subjects have their control characters
 * replaced by spaces.
 */
public final class MailHeaders {
    private MailHeaders() {}

    /** The single address {@code value}, or an exception naming why it is unsafe. */
    public static InternetAddress address(String value) throws AddressException {
        if (value == null || value.isEmpty() || hasControl(value)) {
            throw new AddressException("address contains a control character or is empty");
        }
        InternetAddress[] parsed = InternetAddress.parse(value, true);
        if (parsed.length != 1) {
            throw new AddressException("not exactly one address");
        }
        parsed[0].validate();
        return parsed[0];
    }

    public static boolean safeAddress(String value) {
        try {
            address(value);
            return true;
        } catch (AddressException e) {
            return false;
        }
    }

    public static String subject(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder safe = new StringBuilder(value.length());
        value.codePoints().forEach(c -> safe.appendCodePoint(Character.isISOControl(c)
                || c == 0x2028 || c == 0x2029 || c == 0x85 ? ' ' : c));
        return safe.toString();
    }

    static boolean hasControl(String value) {
        return value.codePoints().anyMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029);
    }
}

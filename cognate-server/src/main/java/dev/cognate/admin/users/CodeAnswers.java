package dev.cognate.admin.users;

import dev.cognate.admin.AwsException;
import dev.cognate.admin.Validate;
import dev.cognate.clients.AppClient;
import dev.cognate.crypto.Hashes;
import dev.cognate.store.DeliveryMedium;
import dev.cognate.authn.CodeDestination;
import dev.cognate.authn.VerificationCodes.Checked;
import dev.cognate.authn.VerificationCodes.Issued;
import java.util.regex.Pattern;

/**
 * Cognito's answers around codes: the exceptions for a refused code or too many codes, and,
 * for clients with PreventUserExistenceErrors ENABLED, the answer shapes given for a user that
 * does not exist (a simulated delivery, a code mismatch) so that the answer does not tell.
 */
final class CodeAnswers {
    static final Pattern CONFIRMATION_CODE = Pattern.compile("[\\S]+");
    static final String CODE_MISMATCH = "Invalid verification code provided, please try again.";
    static final String EXPIRED_CODE = "Invalid code provided, please request a code again.";
    static final String ATTEMPT_LIMIT = "Attempt limit exceeded, please try after some time.";
    static final String TOO_MANY_FAILED = "Too many failed attempts with this code, please request a new code.";
    static final String NO_SUCH_USER = "Username/client id combination not found.";

    private CodeAnswers() {}

    static String confirmationCode(String code) {
        Validate.requiredString(code, "confirmationCode", 1, 2048);
        return Validate.pattern(code, "confirmationCode", CONFIRMATION_CODE);
    }

    /** Throws unless the code was accepted; @return the attribute it had been sent to (or null). */
    static String accepted(Checked checked) {
        return accepted(checked, false);
    }

    /**
     * As {@link #accepted(Checked)}; when {@code hideExistence}, "no live code" reads as a
     * mismatch, since an unknown user (who never has a code) is answered with a mismatch.
     */
    static String accepted(Checked checked, boolean hideExistence) {
        return switch (checked) {
            case Checked.Accepted accepted -> accepted.attribute();
            case Checked.Mismatch m -> throw codeMismatch();
            case Checked.Expired e when hideExistence -> throw codeMismatch();
            case Checked.Expired e -> throw new AwsException("ExpiredCodeException", EXPIRED_CODE);
            case Checked.TooManyAttempts t -> throw new AwsException("TooManyFailedAttemptsException", TOO_MANY_FAILED);
        };
    }

    /** The code to send, unless too many were sent lately. */
    static String issued(Issued issued) {
        return switch (issued) {
            case Issued.Code code -> code.code();
            case Issued.Limited l -> throw AwsException.limitExceeded(ATTEMPT_LIMIT);
        };
    }

    static AwsException codeMismatch() {
        return new AwsException("CodeMismatchException", CODE_MISMATCH);
    }

    static boolean preventsExistenceErrors(AppClient client) {
        return "ENABLED".equals(client.preventUserExistenceErrors());
    }

    /** The error for an unknown user, unless the client hides existence: then {@code hidden} is answered. */
    static AwsException unknownUser(AppClient client, AwsException hidden) {
        return preventsExistenceErrors(client) ? hidden : AwsException.userNotFound(NO_SUCH_USER);
    }

    /**
     * A delivery that did not happen, for a name no user has: the same shape as a real one, and
     * the same for every call with this name (a name shaped like an e-mail address is masked as
     * one, as a real user's would be).
     */
    static CodeDeliveryDetails simulated(String poolId, String name, String attribute) {
        DeliveryMedium medium = attribute.equals("phone_number") ? DeliveryMedium.SMS : DeliveryMedium.EMAIL;
        String seed = Hashes.sha256Hex(poolId + '\0' + name);
        String address;
        if (medium == DeliveryMedium.SMS) {
            address = "+1" + digits(seed, 10);
        } else if (name.matches("[^@\\s]+@[^@\\s]+")) {
            address = name;
        } else {
            address = letter(seed, 0) + "@" + letter(seed, 1) + ".com";
        }
        return CodeDeliveryDetails.of(CodeDestination.of(attribute, address));
    }

    private static String digits(String hex, int count) {
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < count; i++) {
            digits.append(Character.digit(hex.charAt(i), 16) % 10);
        }
        return digits.toString();
    }

    private static String letter(String hex, int i) {
        return String.valueOf((char) ('a' + Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16) % 26));
    }
}

package dev.cognate.admin.users;

import dev.cognate.authn.CodeDestination;
import dev.cognate.authn.CodeSender;
import dev.cognate.authn.VerificationCodes;
import dev.cognate.authn.VerificationCodes.Purpose;
import dev.cognate.pools.UserPool;
import dev.cognate.users.User;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate, for the user's own
 * UpdateUserAttributes and the administrator's AdminUpdateUserAttributes alike: a new e-mail
 * address or phone number waits with the code sent to it (the code's pending value) while the
 * old value stays in effect, until VerifyUserAttribute puts it in place.
 */
final class PendingUpdates {
    private static final List<String> VERIFIABLE = List.of("email", "phone_number");

    private final VerificationCodes codes;
    private final CodeSender sender;

    PendingUpdates(VerificationCodes codes, CodeSender sender) {
        this.codes = codes;
        this.sender = sender;
    }

    /**
     * Takes out of {@code changes} the new values that must wait for their code, with any
     * {@code *_verified} change about them (it speaks of a value not yet in place). A value set
     * verified in the same changes (only an administrator can) does not wait; nor does a first
     * value or a deletion, as there is no old value to keep.
     *
     * @return the waiting values by attribute
     */
    static Map<String, String> holdBack(UserPool pool, User user, Map<String, String> changes) {
        Map<String, String> pending = new LinkedHashMap<>();
        for (String attribute : VERIFIABLE) {
            String value = changes.get(attribute);
            String current = user.attribute(attribute).orElse(null);
            if (value == null || value.isEmpty() || current == null || value.equals(current)
                    || !pool.keepsValueUntilUpdateVerified(attribute)
                    || "true".equals(changes.get(attribute + "_verified"))) {
                continue;
            }
            changes.remove(attribute);
            changes.remove(attribute + "_verified");
            pending.put(attribute, value);
        }
        return pending;
    }

    /**
     * Issues a code for verifying {@code destination}'s attribute and sends it there, telling the
     * pool's CustomMessage trigger (or custom sender) what the message is for.
     *
     * @param pending the new value the code is sent to and verifies, or null for the current value
     */
    CodeDeliveryDetails send(UserPool pool, User user, CodeDestination destination, String pending,
                             dev.cognate.authn.MessageOccasion occasion) {
        String code = CodeAnswers.issued(codes.issue(user, Purpose.verify(destination.attribute()), destination.attribute(),
                pending));
        sender.send(pool, user, destination, code, occasion);
        return CodeDeliveryDetails.of(destination);
    }
}

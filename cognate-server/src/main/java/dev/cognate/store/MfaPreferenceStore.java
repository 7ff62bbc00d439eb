package dev.cognate.store;

import java.util.Optional;

/**
 * Each user's preference for one code-by-message second factor, as SetUserMFAPreference sets it:
 * EmailMfaSettings (EMAIL_OTP) or SMSMfaSettings (SMS_MFA), one store each.
 */
public interface MfaPreferenceStore {
    record Preference(boolean enabled, boolean preferred) {}

    Optional<Preference> find(String poolId, String username);

    /** Nothing happens when the user does not exist. */
    void set(String poolId, String username, boolean enabled, boolean preferred);
}

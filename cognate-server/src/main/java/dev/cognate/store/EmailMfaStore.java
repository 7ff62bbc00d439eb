package dev.cognate.store;

import java.util.Optional;

/** Each user's EMAIL_OTP second-factor preference (SetUserMFAPreference's EmailMfaSettings). */
public interface EmailMfaStore {
    record EmailMfa(boolean enabled, boolean preferred) {}

    Optional<EmailMfa> find(String poolId, String username);

    /** Nothing happens when the user does not exist. */
    void set(String poolId, String username, boolean enabled, boolean preferred);
}

package dev.cognate.store;

import java.util.List;
import java.util.Optional;

/** Users' passkeys, keyed by pool and credential id. Deleting the user deletes them. */
public interface PasskeyStore {
    /** @return false when the user is gone or the credential is registered already (to anyone in the pool) */
    boolean add(Passkey passkey);

    Optional<Passkey> find(String poolId, String credentialId);

    /** The user's passkeys, oldest first. */
    List<Passkey> of(String poolId, String username, String sub);

    /**
     * Records an assertion's signature counter. @return false when the counter did not move on from
     * the stored one (a cloned authenticator), unless both are zero (authenticators that keep none)
     */
    boolean advance(String poolId, String credentialId, long signCount);

    /** @return false when the user has no such passkey */
    boolean delete(String poolId, String credentialId, String sub);

    /** Whether the user turned passkey MFA on (SetUserMFAPreference's WebAuthnMfaSettings). */
    boolean mfaEnabled(String poolId, String username);

    /** Nothing happens when the user does not exist. */
    void setMfa(String poolId, String username, boolean enabled);
}

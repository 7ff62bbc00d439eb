package dev.cognate.store;

import java.time.Instant;
import java.util.Optional;

/** Users' devices, keyed by pool and device key. Deleting the user deletes its devices. */
public interface DeviceStore {
    /** Writes a new, unconfirmed device; nothing happens when the user does not exist. */
    void add(Device device);

    Optional<Device> find(String poolId, String deviceKey);

    /**
     * Confirms an unconfirmed device of {@code sub}. @return false when there is no such device
     * or it was confirmed already (a second confirmation never replaces the first's verifier)
     */
    boolean confirm(String poolId, String deviceKey, String sub, String verifier, String name, boolean remembered,
                    String ip, Instant at);

    /** @return false when {@code sub} has no such confirmed device */
    boolean setRemembered(String poolId, String deviceKey, String sub, boolean remembered, Instant at);

    /** Records a sign-in with the device. */
    void authenticated(String poolId, String deviceKey, String ip, Instant at);

    /** @return false when {@code sub} has no such device */
    boolean forget(String poolId, String deviceKey, String sub);

    /** A user's confirmed devices, oldest first, from {@code position} (null: the first page). */
    Page<Device> list(String poolId, String username, String sub, int limit, String position);

    /** Removes devices handed out before {@code cutoff} and never confirmed. @return rows removed */
    int purgeUnconfirmed(Instant cutoff);
}

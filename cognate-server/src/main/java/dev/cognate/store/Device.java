package dev.cognate.store;

import java.time.Instant;

/**
 * A user's device (device tracking). Handed out unconfirmed with a sign-in's NewDeviceMetadata;
 * ConfirmDevice confirms it, with the device's SRP verifier ({@code verifier}, sealed; null when
 * the app sent none) and name. {@code remembered}: the device may stand in for MFA where the
 * pool lets remembered devices do so.
 */
public record Device(String poolId, String deviceKey, String username, String sub, String groupKey, boolean confirmed,
                     boolean remembered, String verifier, String name, String lastIp, Instant createdAt,
                     Instant modifiedAt, Instant authenticatedAt) {
    @Override
    public String toString() {
        return "Device[poolId=" + poolId + ", deviceKey=" + deviceKey + ", username=" + username + ", confirmed="
                + confirmed + ", remembered=" + remembered + "]";
    }
}

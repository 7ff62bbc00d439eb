package dev.cognate.authn;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cognate.crypto.RandomIds;
import dev.cognate.crypto.SecretBox;
import dev.cognate.pools.UserPool;
import dev.cognate.store.Device;
import dev.cognate.store.DeviceStore;
import dev.cognate.store.RefreshTokenStore;
import dev.cognate.store.Page;
import dev.cognate.users.User;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Device tracking ("remember this device"), on in a pool with any DeviceConfiguration: a sign-in
 * that names no device gets a new one (NewDeviceMetadata: a device key, Region_UUID, and the
 * user's device group key), which the app confirms with ConfirmDevice and the device's SRP
 * verifier; a confirmed device then proves itself at sign-in (DEVICE_SRP_AUTH), and a remembered
 * one stands in for MFA where the pool's ChallengeRequiredOnNewDevice says so. The verifier is
 * kept sealed with the master key, like users' password verifiers.
 */
public final class Devices {
    /** Cognito's DeviceKeyType. */
    public static final Pattern KEY = Pattern.compile("[\\w-]+_[0-9a-f-]+");
    /** How long a handed-out device waits for its ConfirmDevice. */
    public static final Duration UNCONFIRMED_FOR = Duration.ofDays(1);
    static final String CONTEXT = "device-verifier:";

    /** What a sign-in hands out: AWS NewDeviceMetadataType. */
    public record NewDevice(String deviceKey, String deviceGroupKey) {}

    /** ConfirmDevice's outcomes. */
    public enum Confirmation { CONFIRMED, REMEMBER_ON_PROMPT, NO_SUCH_DEVICE, CONFIRMED_BEFORE, BAD_VERIFIER }

    private final DeviceStore store;
    private final RefreshTokenStore refreshTokens;
    private final SecretBox box;
    private final Clock clock;

    public Devices(DeviceStore store, RefreshTokenStore refreshTokens, SecretBox box, Clock clock) {
        this.store = store;
        this.refreshTokens = refreshTokens;
        this.box = box;
        this.clock = clock;
    }

    /** Whether the pool tracks devices: Cognito turns it on with any property of DeviceConfiguration. */
    public static boolean tracked(UserPool pool) {
        JsonNode config = pool.deviceConfiguration();
        return config != null && config.isObject()
                && (config.hasNonNull("ChallengeRequiredOnNewDevice") || config.hasNonNull("DeviceOnlyRememberedOnUserPrompt"));
    }

    /** Whether a remembered device may sign in without the user's second factor (ChallengeRequiredOnNewDevice). */
    public static boolean rememberedDevicesSkipMfa(UserPool pool) {
        return tracked(pool) && pool.deviceConfiguration().path("ChallengeRequiredOnNewDevice").asBoolean(false);
    }

    /** Whether a confirmed device is remembered only once the user says so (UpdateDeviceStatus). */
    public static boolean rememberedOnPrompt(UserPool pool) {
        return tracked(pool) && pool.deviceConfiguration().path("DeviceOnlyRememberedOnUserPrompt").asBoolean(false);
    }

    /** A new device for {@code user}, unconfirmed until ConfirmDevice, with a group key of its own. */
    public NewDevice issue(UserPool pool, User user, String ip) {
        String key = pool.region() + "_" + UUID.randomUUID();
        String group = "-" + RandomIds.alphanumeric(9);
        var now = clock.instant();
        store.add(new Device(pool.id(), key, user.username(), user.sub(), group, false, false, null, null, ip, now, now,
                null));
        return new NewDevice(key, group);
    }

    /** The user's device with this key (confirmed or not); empty when it is another user's or none at all. */
    public Optional<Device> of(User user, String deviceKey) {
        if (deviceKey == null || deviceKey.length() > 55 || !KEY.matcher(deviceKey).matches()) {
            return Optional.empty();
        }
        return store.find(user.poolId(), deviceKey)
                .filter(d -> d.sub().equals(user.sub()) && d.username().equals(user.username()));
    }

    /** The user's confirmed device with this key. */
    public Optional<Device> confirmed(User user, String deviceKey) {
        return of(user, deviceKey).filter(Device::confirmed);
    }

    /**
     * ConfirmDevice: the device handed out to {@code user} gets its verifier (Base64, as the
     * clients send it; both absent for a device that will never prove itself) and name.
     */
    public Confirmation confirm(UserPool pool, User user, String deviceKey, String passwordVerifier, String salt,
                                String name, String ip) {
        String sealed = null;
        if (passwordVerifier != null || salt != null) {
            BigInteger v = positive(passwordVerifier);
            BigInteger s = positive(salt);
            if (v == null || s == null || v.compareTo(Srp.N) >= 0 || v.equals(BigInteger.ONE)) {
                return Confirmation.BAD_VERIFIER;
            }
            sealed = box.seal(Srp.hex(s) + ":" + Srp.hex(v), context(pool.id(), deviceKey));
        }
        boolean onPrompt = rememberedOnPrompt(pool);
        Optional<Device> device = of(user, deviceKey);
        if (device.isPresent() && device.get().confirmed()) {
            return Confirmation.CONFIRMED_BEFORE;
        }
        if (device.isEmpty()
                || !store.confirm(pool.id(), deviceKey, user.sub(), sealed, name, !onPrompt, ip, clock.instant())) {
            return Confirmation.NO_SUCH_DEVICE;
        }
        return onPrompt ? Confirmation.REMEMBER_ON_PROMPT : Confirmation.CONFIRMED;
    }

    /** The device's SRP salt and verifier; empty when it was confirmed without one. */
    Optional<SrpVerifiers.Verifier> verifier(Device device) {
        if (device.verifier() == null) {
            return Optional.empty();
        }
        try {
            String[] parts = box.open(device.verifier(), context(device.poolId(), device.deviceKey())).split(":");
            return Optional.of(new SrpVerifiers.Verifier(new BigInteger(parts[0], 16), new BigInteger(parts[1], 16)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether the device can prove itself (DEVICE_SRP_AUTH). */
    public boolean canProve(Device device) {
        return device.confirmed() && device.verifier() != null;
    }

    /** @return false when the user has no such confirmed device */
    public boolean remember(User user, String deviceKey, boolean remembered) {
        return confirmed(user, deviceKey).isPresent()
                && store.setRemembered(user.poolId(), deviceKey, user.sub(), remembered, clock.instant());
    }

    /**
     * Forgets the device and revokes the refresh tokens handed out to it, as AWS describes
     * device tracking ("all future calls to revalidate that device's refresh tokens will fail":
     * a lost or stolen device). The tokens go first, so a forget that fails half-way can be
     * retried; a refresh also checks that its device is still the user's.
     *
     * @return false when the user has no such device
     */
    public boolean forget(User user, String deviceKey) {
        if (of(user, deviceKey).isEmpty()) {
            return false;
        }
        refreshTokens.revokeDevice(user.poolId(), user.username(), deviceKey, clock.instant());
        return store.forget(user.poolId(), deviceKey, user.sub());
    }

    /** A sign-in with the device ended in tokens. */
    public void signedIn(Device device, String ip) {
        store.authenticated(device.poolId(), device.deviceKey(), ip, clock.instant());
    }

    /** @throws IllegalArgumentException for a position that is not one of the store's */
    public Page<Device> list(User user, int limit, String position) {
        return store.list(user.poolId(), user.username(), user.sub(), limit, position);
    }

    private static String context(String poolId, String deviceKey) {
        return CONTEXT + poolId + ":" + deviceKey;
    }

    private static BigInteger positive(String base64) {
        if (base64 == null || base64.isEmpty() || base64.length() > 1024) {
            return null;
        }
        try {
            BigInteger value = new BigInteger(1, Base64.getDecoder().decode(base64));
            return value.signum() > 0 ? value : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

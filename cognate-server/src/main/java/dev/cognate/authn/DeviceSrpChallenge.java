package dev.cognate.authn;

import dev.cognate.crypto.ConstantTime;
import dev.cognate.crypto.SecretBox;
import dev.cognate.store.Device;
import dev.cognate.users.User;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A confirmed device proving itself after the user's password (DEVICE_SRP_AUTH, then
 * DEVICE_PASSWORD_VERIFIER): the SRP of {@link SrpChallenge} with the device's verifier, where
 * the device group key stands for the pool's name and the device key for the user's (as the
 * clients compute it). The server's state rides sealed in SECRET_BLOCK, bound to the pool,
 * client, user and device.
 */
public final class DeviceSrpChallenge {
    static final String CONTEXT = "device-srp-secret-block";

    /** DEVICE_PASSWORD_VERIFIER's parameters (SRP_B and SALT in hex, SECRET_BLOCK in Base64). */
    public record Challenge(String srpB, String salt, String secretBlock) {}

    /** A claim: DEVICE_PASSWORD_VERIFIER's ChallengeResponses. */
    public record Claim(String deviceKey, String secretBlock, String timestamp, String signature) {}

    record Block(String poolId, String clientId, String sub, String deviceKey, String a, String b, Instant expiresAt) {
        @Override
        public String toString() {
            return "Block[poolId=" + poolId + ", clientId=" + clientId + ", deviceKey=" + deviceKey + "]";
        }
    }

    private final Devices devices;
    private final SecretBox box;
    private final Clock clock;

    public DeviceSrpChallenge(Devices devices, SecretBox box, Clock clock) {
        this.devices = devices;
        this.box = box;
        this.clock = clock;
    }

    /** The challenge for the device's SRP_A (hex); empty when SRP_A is not usable or the device has no verifier. */
    public Optional<Challenge> begin(String clientId, User user, Device device, String srpA, Duration validity) {
        BigInteger a = Srp.parsePublic(srpA);
        Optional<SrpVerifiers.Verifier> verifier = devices.verifier(device);
        if (a == null || !Srp.acceptablePublic(a) || verifier.isEmpty()) {
            return Optional.empty();
        }
        BigInteger v = verifier.get().v();
        BigInteger b;
        BigInteger serverPublic;
        do {
            // as in SrpChallenge: B mod N = 0 or u = 0 would void the proof (RFC 5054 section 2.5.4)
            b = Srp.randomPrivate();
            serverPublic = Srp.serverPublic(v, b);
        } while (serverPublic.signum() == 0 || Srp.u(a, serverPublic).signum() == 0);
        Block block = new Block(user.poolId(), clientId, user.sub(), device.deviceKey(), Srp.hex(a), Srp.hex(b),
                clock.instant().plus(validity));
        return Optional.of(new Challenge(Srp.hex(serverPublic), Srp.hex(verifier.get().salt()), seal(block)));
    }

    /** Whether the claim proves {@code device} of {@code user}, with a SECRET_BLOCK this server gave to {@code clientId}. */
    public boolean proves(String clientId, User user, Device device, Claim claim) {
        Optional<Block> opened = open(claim.secretBlock())
                .filter(b -> b.poolId().equals(user.poolId()) && b.clientId().equals(clientId)
                        && b.sub().equals(user.sub()) && b.deviceKey().equals(device.deviceKey())
                        && b.deviceKey().equals(claim.deviceKey()))
                .filter(b -> clock.instant().isBefore(b.expiresAt()));
        Optional<SrpVerifiers.Verifier> verifier = devices.verifier(device);
        Optional<Instant> at = SrpChallenge.parseTimestamp(claim.timestamp());
        byte[] presented = base64(claim.signature());
        if (opened.isEmpty() || verifier.isEmpty() || at.isEmpty() || presented == null
                || Duration.between(at.get(), clock.instant()).abs().compareTo(SrpChallenge.TIMESTAMP_SKEW) > 0) {
            return false;
        }
        Block block = opened.get();
        BigInteger a = new BigInteger(block.a(), 16);
        BigInteger v = verifier.get().v();
        BigInteger serverPublic = Srp.serverPublic(v, new BigInteger(block.b(), 16));
        BigInteger u = Srp.u(a, serverPublic);
        byte[] key = Srp.key(Srp.serverSecret(a, v, u, new BigInteger(block.b(), 16)), u);
        byte[] expected = Srp.signature(key, device.groupKey(), device.deviceKey(), base64(claim.secretBlock()),
                claim.timestamp());
        return ConstantTime.equals(expected, presented);
    }

    private String seal(Block block) {
        return SecretBlocks.seal(box, CONTEXT, block);
    }

    private Optional<Block> open(String secretBlock) {
        return SecretBlocks.open(box, CONTEXT, secretBlock, Block.class);
    }

    private static byte[] base64(String value) {
        return SecretBlocks.base64(value);
    }
}

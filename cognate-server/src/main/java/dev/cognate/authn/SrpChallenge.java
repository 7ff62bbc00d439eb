package dev.cognate.authn;

import dev.cognate.authn.PasswordSignIn.Outcome;
import dev.cognate.crypto.ConstantTime;
import dev.cognate.crypto.SecretBox;
import dev.cognate.pools.UserPool;
import dev.cognate.users.User;
import dev.cognate.users.Usernames;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * USER_SRP_AUTH and its PASSWORD_VERIFIER challenge. {@link #begin} answers the client's A
 * with B, the salt and a SECRET_BLOCK: the server's state (b, A, user, pool, client, expiry)
 * sealed with the master key, so any node can check the claim. {@link #answer} checks the
 * claim's signature through {@link PasswordSignIn}, so failed claims are throttled and refused
 * exactly like wrong passwords.
 *
 * <p>A name without a user, or a user without a verifier, gets a decoy challenge that no claim
 * can answer, with a salt that stays the same for that name: the first step tells nothing.
 */
public final class SrpChallenge {
    static final String CONTEXT = "srp-secret-block";
    /** How far the claim's TIMESTAMP may be from the server's clock. */
    public static final Duration TIMESTAMP_SKEW = Duration.ofMinutes(5);
    /** Cognito's TIMESTAMP, e.g. {@code Sun Dec 6 06:00:07 UTC 2026}: English names, the day not padded. */
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss 'UTC' yyyy", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    /** The PASSWORD_VERIFIER challenge's parameters (SRP_B and SALT in hex, SECRET_BLOCK in Base64). */
    public record Challenge(String userIdForSrp, String srpB, String salt, String secretBlock) {
        @Override
        public String toString() {
            return "Challenge[userIdForSrp=" + userIdForSrp + "]";
        }
    }

    /** A claim: the ChallengeResponses of PASSWORD_VERIFIER. */
    public record Claim(String username, String secretBlock, String timestamp, String signature) {
        @Override
        public String toString() {
            return "Claim[username=" + username + ", timestamp=" + timestamp + "]";
        }
    }

    /** What SECRET_BLOCK carries, sealed. {@code a} and {@code b} in hex. */
    record Block(String poolId, String clientId, String userId, String a, String b, boolean decoy, Instant expiresAt) {
        @Override
        public String toString() {
            return "Block[poolId=" + poolId + ", clientId=" + clientId + ", userId=" + userId + "]";
        }
    }

    private final UserDirectory directory;
    private final SrpVerifiers verifiers;
    private final PasswordSignIn signIn;
    private final SecretBox box;
    private final byte[] decoyKey;
    private final Clock clock;

    public SrpChallenge(UserDirectory directory, SrpVerifiers verifiers, PasswordSignIn signIn, SecretBox box, Clock clock) {
        this.directory = directory;
        this.verifiers = verifiers;
        this.signIn = signIn;
        this.box = box;
        this.decoyKey = box.derive("srp-decoy");
        this.clock = clock;
    }

    /**
     * The challenge for the client's public value {@code srpA} (hex); empty when it is not a
     * usable one (not hex, or A mod N = 0).
     */
    public Optional<Challenge> begin(UserPool pool, String clientId, String username, String srpA, Duration validity) {
        BigInteger a = Srp.parsePublic(srpA);
        if (a == null || !Srp.acceptablePublic(a)) {
            return Optional.empty();
        }
        Optional<User> user = directory.find(pool, username);
        Optional<SrpVerifiers.Verifier> verifier = user.flatMap(verifiers::of);
        String userId = user.map(User::username).orElse(username);
        boolean decoy = verifier.isEmpty();
        BigInteger salt = verifier.map(SrpVerifiers.Verifier::salt).orElseGet(() -> decoySalt(pool, Usernames.key(pool, userId)));
        BigInteger v = verifier.map(SrpVerifiers.Verifier::v).orElseGet(() -> decoyVerifier(pool, Usernames.key(pool, userId)));
        BigInteger b;
        BigInteger serverPublic;
        do {
            // B mod N = 0 or u = 0 would void the proof (RFC 5054 section 2.5.4); with random b it takes
            // a 2^-256 chance, so this loop runs once.
            b = Srp.randomPrivate();
            serverPublic = Srp.serverPublic(v, b);
        } while (serverPublic.signum() == 0 || Srp.u(a, serverPublic).signum() == 0);
        Block block = new Block(pool.id(), clientId, userId, Srp.hex(a), Srp.hex(b), decoy,
                clock.instant().plus(validity));
        return Optional.of(new Challenge(userId, Srp.hex(serverPublic), Srp.hex(salt), seal(block)));
    }

    /** Checks a claim made with a SECRET_BLOCK this server gave for {@code pool} and {@code clientId}. */
    public Outcome answer(UserPool pool, String clientId, Claim claim, String source) {
        Optional<Block> opened = open(claim.secretBlock())
                .filter(b -> b.poolId().equals(pool.id()) && b.clientId().equals(clientId))
                .filter(b -> clock.instant().isBefore(b.expiresAt()));
        if (opened.isEmpty() || !fresh(claim.timestamp()) || !forBlockUser(pool, opened.get(), claim.username())) {
            return new Outcome.Refused(PasswordSignIn.INCORRECT);
        }
        Block block = opened.get();
        return signIn.attemptWithProof(pool, block.userId(), source, found -> {
            Optional<SrpVerifiers.Verifier> verifier = found.filter(u -> u.username().equals(block.userId()))
                    .flatMap(verifiers::of);
            // the arithmetic runs for decoys too, so a refusal takes as long whoever it is for
            BigInteger v = verifier.map(SrpVerifiers.Verifier::v)
                    .orElseGet(() -> decoyVerifier(pool, Usernames.key(pool, block.userId())));
            boolean signed = signed(pool, block, v, claim);
            return signed && !block.decoy() && verifier.isPresent();
        });
    }

    private boolean signed(UserPool pool, Block block, BigInteger v, Claim claim) {
        byte[] presented = base64(claim.signature());
        if (presented == null) {
            return false;
        }
        BigInteger a = new BigInteger(block.a(), 16);
        BigInteger b = new BigInteger(block.b(), 16);
        // B again from b and the verifier: a password changed since the challenge fails the claim.
        BigInteger serverPublic = Srp.serverPublic(v, b);
        BigInteger u = Srp.u(a, serverPublic);
        byte[] key = Srp.key(Srp.serverSecret(a, v, u, b), u);
        byte[] expected = Srp.signature(key, Srp.poolName(pool.id()), block.userId(), base64(claim.secretBlock()),
                claim.timestamp());
        return ConstantTime.equals(expected, presented);
    }

    /** USERNAME must name the block's user: its USER_ID_FOR_SRP, or another name of the same user. */
    private boolean forBlockUser(UserPool pool, Block block, String username) {
        return username.equals(block.userId())
                || directory.find(pool, username).map(u -> u.username().equals(block.userId())).orElse(false);
    }

    /** In Cognito's format and near the server's clock. */
    private boolean fresh(String timestamp) {
        return parseTimestamp(timestamp)
                .map(at -> Duration.between(at, clock.instant()).abs().compareTo(TIMESTAMP_SKEW) <= 0)
                .orElse(false);
    }

    /** The instant of a TIMESTAMP written exactly as Cognito's clients write it (a zero-padded day is refused). */
    static Optional<Instant> parseTimestamp(String timestamp) {
        if (timestamp == null || timestamp.length() > 64) {
            return Optional.empty();
        }
        try {
            Instant at = Instant.from(TIMESTAMP.parse(timestamp));
            return TIMESTAMP.format(at).equals(timestamp) ? Optional.of(at) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
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

    /** The same salt for the same name on every node and every try, unguessable without the master key. */
    private BigInteger decoySalt(UserPool pool, String name) {
        byte[] mac = Srp.hmac(decoyKey, ("salt:" + pool.id() + ":" + name).getBytes(StandardCharsets.UTF_8));
        return new BigInteger(1, Arrays.copyOf(mac, Srp.SALT_BYTES));
    }

    private BigInteger decoyVerifier(UserPool pool, String name) {
        byte[] mac = Srp.hmac(decoyKey, ("verifier:" + pool.id() + ":" + name).getBytes(StandardCharsets.UTF_8));
        return Srp.G.modPow(new BigInteger(1, mac), Srp.N);
    }
}

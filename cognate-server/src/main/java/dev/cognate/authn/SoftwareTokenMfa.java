package dev.cognate.authn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cognate.crypto.Hashes;
import dev.cognate.crypto.RandomIds;
import dev.cognate.crypto.SecretBox;
import dev.cognate.pools.MfaFactors;
import dev.cognate.pools.UserPool;
import dev.cognate.store.MfaFactorStore;
import dev.cognate.store.SoftwareTokenStore;
import dev.cognate.store.SoftwareTokenStore.SoftwareToken;
import dev.cognate.store.jdbc.Docs;
import dev.cognate.users.User;
import dev.cognate.users.Usernames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * TOTP as a second factor (Cognito's SOFTWARE_TOKEN_MFA): associating a secret, verifying it
 * with a first code, the user's preference, checking a code at sign-in (each time step accepted
 * once per user; wrong codes throttled like wrong passwords), and the sealed MFA sessions that
 * carry a sign-in between its steps (each answered once).
 */
public final class SoftwareTokenMfa {
    static final String SECRET_CONTEXT = "software-token:";
    static final String SESSION_CONTEXT = "mfa-session";
    private static final ObjectMapper JSON = Docs.MAPPER;

    /** How a code at sign-in was taken. */
    public sealed interface Check {
        record Accepted() implements Check {}

        record Mismatch() implements Check {}

        /** Right code, but its time step was used already (RFC 6238 section 5.2: accept a code once). */
        record Replayed() implements Check {}

        record Throttled(Duration retryAfter) implements Check {}
    }

    /** A user's TOTP settings as GetUser shows them. */
    public record Settings(boolean enabled, boolean preferred) {}

    /**
     * An MFA step of a sign-in: whose, for which client, which step, until when; {@code id} makes
     * it single use. {@code pendingEmail}: the address that e-mail MFA is being set up with (the
     * step after MFA_SETUP answered with EMAIL), or null; sealed with the rest, so never the client's to change.
     * {@code sub}: the user's sub, so a user deleted and created again under the same name within the
     * session's validity is not the session's user; null in a session issued before it was carried
     * (or for a name no user has), which is then held to its username only. Not in {@link #toString}.
     * {@code deviceKey}: the device the sign-in named (DEVICE_KEY), carried to its tokens; null for none.
     */
    public record Session(String poolId, String clientId, String username, String step, String id, Instant expiresAt,
                          String pendingEmail, String sub, String deviceKey) {
        public Session(String poolId, String clientId, String username, String step, String id, Instant expiresAt,
                       String pendingEmail, String sub) {
            this(poolId, clientId, username, step, id, expiresAt, pendingEmail, sub, null);
        }

        /** Whether {@code user}, found by the session's username, is the session's user and may go on. */
        public boolean isFor(User user) {
            return user.enabled() && user.username().equals(username) && (sub == null || sub.equals(user.sub()));
        }

        @Override
        public String toString() {
            return "Session[poolId=" + poolId + ", clientId=" + clientId + ", username=" + username + ", step=" + step + "]";
        }
    }

    private final SoftwareTokenStore store;
    private final MfaFactorStore factors;
    private final SecretBox box;
    private final SignInThrottle throttle;
    private final Clock clock;

    public SoftwareTokenMfa(SoftwareTokenStore store, MfaFactorStore factors, SecretBox box, SignInThrottle throttle,
                            Clock clock) {
        this.store = store;
        this.factors = factors;
        this.box = box;
        this.throttle = throttle;
        this.clock = clock;
    }

    /**
     * Whether the pool requires MFA of every user. The one place that reads the pool's
     * MfaConfiguration: re-point it when SetUserPoolMfaConfig keeps its own.
     */
    public static boolean poolRequiresMfa(UserPool pool) {
        return "ON".equals(pool.mfaConfiguration());
    }

    /**
     * Whether the pool offers TOTP: MFA not OFF and SetUserPoolMfaConfig's
     * SoftwareTokenMfaConfiguration enabled. A pool whose factors were never set (its
     * MfaConfiguration came from CreateUserPool or UpdateUserPool) keeps TOTP, as before the
     * factors were kept, whatever its mode: users of such pools may have enrolled already.
     */
    public boolean offeredAsMfa(UserPool pool) {
        return factors.find(pool.id()).map(f -> !"OFF".equals(pool.mfaConfiguration()) && enabled(f)).orElse(true);
    }

    private static boolean enabled(MfaFactors f) {
        return f.softwareTokenMfaConfiguration() != null
                && Boolean.TRUE.equals(f.softwareTokenMfaConfiguration().enabled());
    }

    /** A new secret for the user's authenticator app (Base32); it counts once verified. */
    public String associate(User user) {
        String secret = Totp.newSecret();
        store.associate(user.poolId(), user.username(), box.seal(secret, context(user)));
        return secret;
    }

    /** Whether {@code code} is right for the secret being associated; if so, that secret is the user's now. */
    public boolean verify(User user, String code) {
        Optional<SoftwareToken> token = store.find(user.poolId(), user.username());
        if (token.isEmpty() || token.get().pendingSecret() == null) {
            return false;
        }
        String sealed = token.get().pendingSecret();
        OptionalLong step = Totp.matchingStep(box.open(sealed, context(user)), code, clock.instant());
        return step.isPresent() && store.confirm(user.poolId(), user.username(), sealed)
                && store.useStep(user.poolId(), user.username(), step.getAsLong());
    }

    /** The secret being associated and not yet verified (to show again on the hosted enrolment page). */
    public Optional<String> pendingSecret(User user) {
        return store.find(user.poolId(), user.username())
                .map(SoftwareToken::pendingSecret)
                .map(sealed -> box.open(sealed, context(user)));
    }

    /** Whether the user has a verified secret (only then can TOTP be enabled). */
    public boolean verified(User user) {
        return store.find(user.poolId(), user.username()).map(t -> t.secret() != null).orElse(false);
    }

    /** AdminDeleteSoftwareToken: the user's token and TOTP preference gone. @return false when there was none */
    public boolean delete(User user) {
        return store.delete(user.poolId(), user.username());
    }

    public void setPreference(User user, boolean enabled, boolean preferred) {
        store.setPreference(user.poolId(), user.username(), enabled, enabled && preferred);
    }

    public Settings settings(User user) {
        return store.find(user.poolId(), user.username())
                .filter(t -> t.secret() != null)
                .map(t -> new Settings(t.enabled(), t.enabled() && t.preferred()))
                .orElse(new Settings(false, false));
    }

    /** Whether a sign-in of this user must answer SOFTWARE_TOKEN_MFA before it gets tokens. */
    public boolean required(User user) {
        return settings(user).enabled();
    }

    /** A code given at sign-in; {@code source} is the address failures are throttled by. */
    public Check check(UserPool pool, User user, String code, String source) {
        // Counted apart from password failures: a right password resets those, and must not
        // give whoever knows it a fresh set of code guesses.
        // a space: no username holds one, so a user named "totp:alice" never shares alice's count
        String key = "totp " + Usernames.key(pool, user.username());
        Optional<Duration> wait = throttle.waitBefore(pool.id(), key, source);
        if (wait.isPresent()) {
            return new Check.Throttled(wait.get());
        }
        Optional<SoftwareToken> token = store.find(user.poolId(), user.username()).filter(t -> t.secret() != null);
        OptionalLong step = token.isEmpty() ? OptionalLong.empty()
                : Totp.matchingStep(box.open(token.get().secret(), context(user)), code, clock.instant());
        if (step.isEmpty()) {
            throttle.failed(pool.id(), key, source);
            return new Check.Mismatch();
        }
        if (!store.useStep(user.poolId(), user.username(), step.getAsLong())) {
            return new Check.Replayed();
        }
        throttle.succeeded(pool.id(), key);
        return new Check.Accepted();
    }

    /** @param sub the user's sub, or null for a name no user has */
    public String issueSession(String poolId, String clientId, String username, String sub, String step,
                               Duration validity) {
        return issueSession(poolId, clientId, username, sub, step, validity, null);
    }

    /** As above, for a sign-in that named a device ({@code deviceKey}, null for none). */
    public String issueSession(String poolId, String clientId, String username, String sub, String step,
                               Duration validity, String deviceKey) {
        return seal(new Session(poolId, clientId, username, step, RandomIds.token(), clock.instant().plus(validity),
                null, sub, deviceKey));
    }

    /** The session of the sign-in's next step, with the same deadline. */
    public String nextSession(Session session, String step) {
        return nextSession(session, step, null);
    }

    /** As {@link #nextSession(Session, String)}, carrying the address e-mail MFA is being set up with. */
    public String nextSession(Session session, String step, String pendingEmail) {
        return seal(new Session(session.poolId(), session.clientId(), session.username(), step, RandomIds.token(),
                session.expiresAt(), pendingEmail, session.sub(), session.deviceKey()));
    }

    private String seal(Session session) {
        try {
            return box.seal(JSON.writeValueAsString(session), SESSION_CONTEXT);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The session, if it is ours, unexpired, for this client and this step (whether answered yet or not). */
    public Optional<Session> openSession(String session, String clientId, String step) {
        if (session == null || session.isBlank() || session.length() > 4096) {
            return Optional.empty();
        }
        try {
            Session open = JSON.readValue(box.open(session, SESSION_CONTEXT), Session.class);
            if (!open.expiresAt().isAfter(clock.instant()) || !open.step().equals(step)
                    || (clientId != null && !open.clientId().equals(clientId))) {
                return Optional.empty();
            }
            return Optional.of(open);
        } catch (RuntimeException | JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** Whether the session was answered already: checked before a code, so a replayed session never uses one up. */
    public boolean answered(Session session) {
        return store.sessionUsed(Hashes.sha256Hex(session.id()));
    }

    /** Marks the session answered. @return false when it was answered before (a replay) */
    public boolean consume(Session session) {
        return store.useSession(Hashes.sha256Hex(session.id()), session.expiresAt());
    }

    private static String context(User user) {
        return SECRET_CONTEXT + user.poolId() + ":" + user.username();
    }
}

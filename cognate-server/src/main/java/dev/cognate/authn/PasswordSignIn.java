package dev.cognate.authn;

import dev.cognate.users.Usernames;
import dev.cognate.users.User;
import dev.cognate.users.PasswordHasher;

import dev.cognate.pools.UserPool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A sign-in with username and password, shared by the hosted page and InitiateAuth. The
 * answer for an unknown user is the same, and takes as long, as for a wrong password.
 */
public final class PasswordSignIn {
    /** The one message for an unknown user and a wrong password (no user enumeration). */
    public static final String INCORRECT = "Incorrect username or password.";
    /** The refusals that follow a right password, in Cognito's words (the API maps each to its exception). */
    public static final String DISABLED = "User is disabled.";
    public static final String TEMPORARY_PASSWORD_EXPIRED =
            "Temporary password has expired and must be reset by an administrator.";
    public static final String PASSWORD_RESET_REQUIRED = "Password reset required for the user.";
    public static final String NOT_CONFIRMED = "User is not confirmed.";

    /** How an attempt ended. */
    public sealed interface Outcome {
        record SignedIn(User user) implements Outcome {}

        /** Right temporary password: the user must choose a new one (NEW_PASSWORD_REQUIRED). */
        record NewPasswordRequired(User user) implements Outcome {}

        /** Refused; {@code message} is safe to show. */
        record Refused(String message) implements Outcome {}

        record Throttled(Duration retryAfter) implements Outcome {}
    }

    /**
     * How a caller proves it knows the user's password (the password itself, or an SRP
     * claim), given the user the name found (empty for an unknown name).
     */
    @FunctionalInterface
    public interface Proof {
        boolean holds(Optional<User> user);
    }

    private final UserDirectory directory;
    private final PasswordHasher hasher;
    private final SrpVerifiers verifiers;
    private final SignInThrottle throttle;
    private final Clock clock;
    /** Verified instead of a missing user's hash, so an unknown name costs what a wrong password does. */
    private volatile String decoyHash;
    private final AuthenticationHooks hooks;
    private final UserMigration migration;

    /**
     * Who asks for a sign-in: the app client, the ClientMetadata it sent (its triggers' validation
     * data), and whether the client hides whether users exist (PreventUserExistenceErrors ENABLED).
     */
    public record App(String clientId, Map<String, String> clientMetadata, boolean existenceHidden) {
        public static final App UNKNOWN = new App(null, Map.of());

        public App {
            clientMetadata = clientMetadata == null ? Map.of() : Map.copyOf(clientMetadata);
        }

        public App(String clientId, Map<String, String> clientMetadata) {
            this(clientId, clientMetadata, false);
        }
    }

    public PasswordSignIn(UserDirectory directory, PasswordHasher hasher, SrpVerifiers verifiers, SignInThrottle throttle,
                          Clock clock) {
        this(directory, hasher, verifiers, throttle, clock, AuthenticationHooks.NONE);
    }

    public PasswordSignIn(UserDirectory directory, PasswordHasher hasher, SrpVerifiers verifiers, SignInThrottle throttle,
                          Clock clock, AuthenticationHooks hooks) {
        this(directory, hasher, verifiers, throttle, clock, hooks, UserMigration.NONE);
    }

    public PasswordSignIn(UserDirectory directory, PasswordHasher hasher, SrpVerifiers verifiers, SignInThrottle throttle,
                          Clock clock, AuthenticationHooks hooks, UserMigration migration) {
        this.hooks = hooks;
        this.migration = migration;
        this.directory = directory;
        this.hasher = hasher;
        this.verifiers = verifiers;
        this.throttle = throttle;
        this.clock = clock;
    }

    /**
     * Made at the first password attempt, whoever it names (a hash at start-up cost every node
     * 20 MB of heap and a hash's CPU before it was ready): that attempt pays for it whether the
     * user exists or not, so it tells no one which. Two first attempts may both make one; either does.
     */
    private String decoyHash() {
        String decoy = decoyHash;
        if (decoy == null) {
            decoy = hasher.hash("decoy password for users that do not exist");
            decoyHash = decoy;
        }
        return decoy;
    }

    public Outcome attempt(UserPool pool, String username, String password, String source) {
        return attempt(pool, username, password, source, App.UNKNOWN);
    }

    /**
     * As Cognito, the pool's pre authentication hook hears of the attempt before the password is
     * checked ({@link #attempting}) and may refuse it by throwing; the post authentication hook
     * hears of it once every factor is proven ({@link #completed}).
     */
    public Outcome attempt(UserPool pool, String username, String password, String source, App app) {
        if (password == null || password.isEmpty()) {
            return new Outcome.Refused(INCORRECT);
        }
        String decoy = decoyHash();
        return attemptWithProof(pool, username, source, app, found -> {
            String hash = found.map(User::passwordHash).orElse(null);
            boolean matches = hasher.verify(password, hash != null ? hash : decoy) && hash != null;
            if (matches) {
                // users whose password predates SRP get their verifier at their next sign-in
                verifiers.rememberIfMissing(found.get(), password);
            }
            return matches;
        }, password);
    }

    public Outcome attemptWithProof(UserPool pool, String username, String source, Proof proof) {
        return attemptWithProof(pool, username, source, App.UNKNOWN, proof);
    }

    /**
     * A sign-in proven some other way than by the password (an SRP claim): the same throttle,
     * the same one refusal for a failed proof, the same answers once the proof holds (the pre
     * authentication hook was asked when the sign-in began).
     */
    public Outcome attemptWithProof(UserPool pool, String username, String source, App app, Proof proof) {
        return attemptWithProof(pool, username, source, app, proof, null);
    }

    /**
     * A sign-in is attempted for {@code typedName} ({@code user} is whom it names, if anyone):
     * the pre authentication hook, asked before any proof is checked, so its refusal leaves the
     * failed-attempt count alone. As in Cognito, a name no user has reaches it only where the
     * client hides whether users exist, and then with {@code userNotFound}, so the function can
     * answer it as it answers a user. It may refuse by throwing. Each flow asks it once per sign-in.
     */
    public void attempting(UserPool pool, String typedName, Optional<User> user, App app) {
        if (user.isEmpty() && !app.existenceHidden()) {
            return;
        }
        String name = user.map(User::username).orElse(typedName);
        hooks.preAuthentication(pool, app.clientId(), new AuthenticationHooks.Attempted(name, user, app.existenceHidden()),
                app.clientMetadata());
    }

    /**
     * How long a sign-in of {@code user} from {@code source} must wait after too many failed proofs,
     * for a proof other than a password (a passkey), which shares the password's count.
     */
    public Optional<Duration> waitBefore(UserPool pool, User user, String source) {
        return throttle.waitBefore(pool.id(), Usernames.key(pool, user.username()), source);
    }

    /** Counts a failed proof other than a password, or clears the count after a good one. */
    public void proofChecked(UserPool pool, User user, String source, boolean proven) {
        String key = Usernames.key(pool, user.username());
        if (proven) {
            throttle.succeeded(pool.id(), key);
        } else {
            throttle.failed(pool.id(), key, source);
        }
    }

    /**
     * A sign-in whose every factor is proven (a second factor too, when the user owes one), just
     * before its tokens or code: the post authentication hook, where Cognito asks it. It may
     * refuse by throwing; the sign-in then ends without tokens.
     */
    public void completed(UserPool pool, User user, App app) {
        hooks.postAuthentication(pool, app.clientId(), user, app.clientMetadata());
    }

    /**
     * With the password itself, a name the pool does not know may be a user the pool's
     * migration vouches for (created then, and proven by the same password like any other).
     */
    private Outcome attemptWithProof(UserPool pool, String username, String source, App app, Proof proof,
                                     String password) {
        if (username == null || username.isEmpty()) {
            return new Outcome.Refused(INCORRECT);
        }
        String key = Usernames.key(pool, username);
        Optional<Duration> wait = throttle.waitBefore(pool.id(), key, source);
        if (wait.isPresent()) {
            return new Outcome.Throttled(wait.get());
        }
        Optional<User> found = directory.find(pool, username);
        if (found.isEmpty() && password != null) {
            try {
                found = migration.migrate(pool, username, password, app);
            } catch (RuntimeException e) {
                throttle.failed(pool.id(), key, source);
                throw e;
            }
        }
        if (password != null) {
            // the password is this sign-in's first step; an SRP claim's sign-in was asked about at SRP_A
            attempting(pool, username, found, app);
        }
        if (!proof.holds(found) || found.isEmpty()) {
            throttle.failed(pool.id(), key, source);
            return new Outcome.Refused(INCORRECT);
        }
        User user = found.get();
        throttle.succeeded(pool.id(), key);
        if (!user.enabled()) {
            return new Outcome.Refused(DISABLED);
        }
        return switch (user.status()) {
            case CONFIRMED -> new Outcome.SignedIn(user);
            case FORCE_CHANGE_PASSWORD -> temporaryPasswordExpired(pool, user)
                    ? new Outcome.Refused(TEMPORARY_PASSWORD_EXPIRED)
                    : new Outcome.NewPasswordRequired(user);
            case RESET_REQUIRED -> new Outcome.Refused(PASSWORD_RESET_REQUIRED);
            case UNCONFIRMED -> new Outcome.Refused(NOT_CONFIRMED);
            default -> new Outcome.Refused(INCORRECT);
        };
    }

    private boolean temporaryPasswordExpired(UserPool pool, User user) {
        Integer days = pool.passwordPolicy().temporaryPasswordValidityDays();
        if (days == null || days == 0) {
            return false;
        }
        Instant setAt = user.lastModifiedAt() != null ? user.lastModifiedAt() : user.createdAt();
        return setAt.plus(Duration.ofDays(days)).isBefore(clock.instant());
    }
}

package dev.cognate.authn;

import dev.cognate.authn.VerificationCodes.Checked;
import dev.cognate.authn.VerificationCodes.Issued;
import dev.cognate.authn.VerificationCodes.Purpose;
import dev.cognate.pools.UserPool;
import dev.cognate.store.UserStore;
import dev.cognate.users.PasswordHasher;
import dev.cognate.users.User;
import dev.cognate.users.UserStatus;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Forgotten passwords, the same for the API (ForgotPassword, ConfirmForgotPassword,
 * AdminResetUserPassword) and the hosted pages: a reset code (valid 1 hour) goes to a verified
 * e-mail or phone number, and sets a new password once. Callers hold the new password to the
 * pool's policy first; the answers here are plain outcomes each caller words itself.
 */
public final class PasswordRecovery {
    private final UserStore users;
    private final UserDirectory directory;
    private final PasswordHasher hasher;
    private final SrpVerifiers verifiers;
    private final VerificationCodes codes;
    private final CodeSender sender;
    private final Clock clock;
    private final SignUpHooks hooks;
    private final UserMigration migration;

    public PasswordRecovery(UserStore users, PasswordHasher hasher, SrpVerifiers verifiers, VerificationCodes codes,
                            CodeSender sender, Clock clock) {
        this(users, hasher, verifiers, codes, sender, clock, SignUpHooks.NONE, UserMigration.NONE);
    }

    /**
     * @param hooks     told (PostConfirmation_ConfirmForgotPassword) once a reset is done
     * @param migration asked about a name the pool does not know before a reset code is sent
     */
    public PasswordRecovery(UserStore users, PasswordHasher hasher, SrpVerifiers verifiers, VerificationCodes codes,
                            CodeSender sender, Clock clock, SignUpHooks hooks, UserMigration migration) {
        this.hooks = hooks;
        this.migration = migration;
        this.users = users;
        this.directory = new UserDirectory(users);
        this.hasher = hasher;
        this.verifiers = verifiers;
        this.codes = codes;
        this.sender = sender;
        this.clock = clock;
    }

    /** Why a user's password cannot be reset by a code. */
    public enum Obstacle {
        /** Federated, or still on a temporary password. */
        STATE,
        DISABLED,
        /** The pool's AccountRecoverySetting lets only administrators reset passwords. */
        ADMIN_ONLY,
        /** No verified e-mail or phone number to send the code to. */
        NO_VERIFIED_CONTACT
    }

    /** How asking for a reset code ends. */
    public sealed interface CodeRequest {
        record Sent(CodeDestination destination) implements CodeRequest {}

        record Refused(Obstacle obstacle) implements CodeRequest {}

        /** Too many codes sent lately. */
        record Limited() implements CodeRequest {}

        /** The user was deleted meanwhile. */
        record Gone() implements CodeRequest {}
    }

    /** How presenting a reset code with a new password ends. */
    public sealed interface Reset {
        record Done(User user) implements Reset {}

        record CodeRefused(Checked checked) implements Reset {}

        record Gone() implements Reset {}
    }

    /** The user, looked up by any name Cognito accepts. */
    public Optional<User> find(UserPool pool, String name) {
        return directory.find(pool, name);
    }

    /**
     * Who asks for a reset code: the user by any name Cognito accepts, else the one the pool's
     * UserMigration creates for that name (RESET_REQUIRED), else empty.
     */
    public Optional<User> findOrMigrate(UserPool pool, String name, PasswordSignIn.App app) {
        Optional<User> found = directory.find(pool, name);
        return found.isPresent() ? found : migration.forForgotPassword(pool, name, app);
    }

    /** ForgotPassword: sends the user a reset code. */
    public CodeRequest forgot(UserPool pool, User user, PasswordSignIn.App app) {
        Optional<Obstacle> obstacle = obstacle(pool, user, true);
        if (obstacle.isPresent()) {
            return new CodeRequest.Refused(obstacle.get());
        }
        CodeDestination destination = CodeSender.recoveryDestination(pool, user).orElseThrow();
        return switch (codes.issue(user, Purpose.PASSWORD_RESET, destination.attribute())) {
            case Issued.Code code -> {
                sender.send(pool, user, destination, code.code(),
                        MessageOccasion.of(MessageOccasion.Source.FORGOT_PASSWORD, app.clientId(), app.clientMetadata()));
                yield new CodeRequest.Sent(destination);
            }
            case Issued.Limited limited -> new CodeRequest.Limited();
        };
    }

    /**
     * AdminResetUserPassword: sends a reset code and invalidates the password, so that the
     * user's next sign-in is refused until the reset is done (an UNCONFIRMED user stays so).
     */
    public CodeRequest resetByAdministrator(UserPool pool, User user, Map<String, String> clientMetadata) {
        Optional<Obstacle> obstacle = obstacle(pool, user, false);
        if (obstacle.isPresent()) {
            return new CodeRequest.Refused(obstacle.get());
        }
        CodeDestination destination = CodeSender.recoveryDestination(pool, user).orElseThrow();
        if (!(codes.issue(user, Purpose.PASSWORD_RESET, destination.attribute()) instanceof Issued.Code code)) {
            return new CodeRequest.Limited();
        }
        if (user.status() != UserStatus.UNCONFIRMED
                && !users.update(user, user.withPassword(user.passwordHash(), UserStatus.RESET_REQUIRED, clock.instant()))) {
            return new CodeRequest.Gone();
        }
        sender.send(pool, user, destination, code.code(),
                MessageOccasion.of(MessageOccasion.Source.FORGOT_PASSWORD, null, clientMetadata));
        return new CodeRequest.Sent(destination);
    }

    /**
     * ConfirmForgotPassword: the code, used once, sets {@code newPassword} (already held to the
     * policy). The PostConfirmation hook is told once it is stored; what it throws reaches the
     * caller, and the new password stands.
     */
    public Reset confirm(UserPool pool, User user, String code, String newPassword, PasswordSignIn.App app) {
        Checked checked = codes.consume(user, Purpose.PASSWORD_RESET, code);
        if (!(checked instanceof Checked.Accepted)) {
            return new Reset.CodeRefused(checked);
        }
        UserStatus status = user.status() == UserStatus.UNCONFIRMED ? UserStatus.UNCONFIRMED : UserStatus.CONFIRMED;
        User reset = user.withPassword(hasher.hash(newPassword), status, clock.instant());
        if (!users.update(user, reset)) {
            return new Reset.Gone();
        }
        verifiers.remember(reset, newPassword);
        hooks.afterConfirmation(pool, SignUpHooks.Confirmed.FORGOT_PASSWORD, reset, app);
        return new Reset.Done(reset);
    }

    private static Optional<Obstacle> obstacle(UserPool pool, User user, boolean selfService) {
        if (user.status() == UserStatus.EXTERNAL_PROVIDER || user.status() == UserStatus.FORCE_CHANGE_PASSWORD) {
            return Optional.of(Obstacle.STATE);
        }
        if (!user.enabled()) {
            return Optional.of(Obstacle.DISABLED);
        }
        if (selfService && CodeSender.adminOnlyRecovery(pool)) {
            return Optional.of(Obstacle.ADMIN_ONLY);
        }
        if (CodeSender.recoveryDestination(pool, user).isEmpty()) {
            return Optional.of(Obstacle.NO_VERIFIED_CONTACT);
        }
        return Optional.empty();
    }
}

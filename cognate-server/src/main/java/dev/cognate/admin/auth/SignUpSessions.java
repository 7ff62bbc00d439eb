package dev.cognate.admin.auth;

import dev.cognate.authn.SoftwareTokenMfa;
import dev.cognate.clients.AuthFlows;
import dev.cognate.users.User;
import dev.cognate.users.UserStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The Session that SignUp and ConfirmSignUp answer, for signing the new user in at once
 * (Amplify's autoSignIn with USER_AUTH): InitiateAuth with AuthFlow USER_AUTH takes it as the
 * user's first factor, the code that confirmed the sign-up (or the password of a sign-up
 * confirmed at once by the PreSignUp trigger). It is sealed, for the app client that signed the
 * user up and for that user (name and sub), lives the client's AuthSessionValidity and is used
 * once. Only issued to clients that allow USER_AUTH, the one flow that takes it.
 */
public final class SignUpSessions {
    /** SignUp's, for a user still to be confirmed: what ConfirmSignUp may be given back. */
    static final String PENDING = "SIGN_UP_PENDING";
    /** ConfirmSignUp's: the confirmation code was the first factor. */
    static final String CONFIRMED_BY_CODE = "SIGN_UP_CONFIRMED_BY_CODE";
    /** SignUp's for a user confirmed at once: the password just given was the first factor. */
    static final String CONFIRMED_AT_SIGN_UP = "SIGN_UP_CONFIRMED_AT_SIGN_UP";
    static final List<String> SIGN_IN_STEPS = List.of(CONFIRMED_BY_CODE, CONFIRMED_AT_SIGN_UP);

    private final SoftwareTokenMfa sessions;

    public SignUpSessions(SoftwareTokenMfa sessions) {
        this.sessions = sessions;
    }

    /**
     * SignUp's Session for the user just registered. None for a user confirmed at once without a
     * password: it proved nothing to sign in with.
     */
    public Optional<String> afterSignUp(SignInClient target, User user) {
        if (user.status() != UserStatus.CONFIRMED) {
            return issue(target, user, PENDING);
        }
        return user.passwordHash() == null ? Optional.empty() : issue(target, user, CONFIRMED_AT_SIGN_UP);
    }

    /** ConfirmSignUp's Session for the user just confirmed. */
    public Optional<String> afterConfirmation(SignInClient target, User user) {
        return issue(target, user, CONFIRMED_BY_CODE);
    }

    /** Whether {@code session}, given to ConfirmSignUp, is SignUp's for this client and user. */
    public boolean isSignUpOf(SignInClient target, String session, User user) {
        return sessions.openSession(session, target.clientId(), PENDING)
                .filter(s -> s.poolId().equals(target.pool().id()) && s.isFor(user))
                .isPresent();
    }

    private Optional<String> issue(SignInClient target, User user, String step) {
        if (!target.client().authFlows().contains(AuthFlows.USER_AUTH)) {
            return Optional.empty();
        }
        int minutes = target.client().authSessionValidity() == null ? PasswordFlow.DEFAULT_SESSION_MINUTES
                : target.client().authSessionValidity();
        return Optional.of(sessions.issueSession(target.pool().id(), target.clientId(), user.username(), user.sub(),
                step, Duration.ofMinutes(minutes)));
    }
}

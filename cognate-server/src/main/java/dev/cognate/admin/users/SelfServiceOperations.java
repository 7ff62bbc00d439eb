package dev.cognate.admin.users;

import dev.cognate.admin.AwsException;
import dev.cognate.admin.Caller;
import dev.cognate.admin.Empty;
import dev.cognate.admin.OperationFamily;
import dev.cognate.admin.OperationRegistry;
import dev.cognate.admin.Validate;
import dev.cognate.admin.auth.SignedInUsers;
import dev.cognate.admin.pools.UserPoolOperations;
import dev.cognate.pools.UserPool;
import dev.cognate.store.UserStore;
import dev.cognate.users.PasswordHasher;
import dev.cognate.users.SignInThrottle;
import dev.cognate.users.User;
import java.time.Clock;

/**
 * What a signed-in user does to its own account with its access token (public, unsigned):
 * ChangePassword. Wrong previous passwords count as failed sign-ins, so guessing through this
 * operation is throttled like guessing at sign-in.
 */
public final class SelfServiceOperations implements OperationFamily {
    private final SignedInUsers signedIn;
    private final UserPoolOperations pools;
    private final UserStore users;
    private final PasswordHasher hasher;
    private final SignInThrottle throttle;
    private final Clock clock;

    public SelfServiceOperations(SignedInUsers signedIn, UserPoolOperations pools, UserStore users, PasswordHasher hasher,
                                 SignInThrottle throttle, Clock clock) {
        this.signedIn = signedIn;
        this.pools = pools;
        this.users = users;
        this.hasher = hasher;
        this.throttle = throttle;
        this.clock = clock;
    }

    @Override
    public void registerWith(OperationRegistry registry) {
        registry.unsigned("ChangePassword", ChangePasswordRequest.class, this::changePassword);
    }

    public record ChangePasswordRequest(String previousPassword, String proposedPassword, String accessToken) {
        @Override
        public String toString() {
            return "ChangePasswordRequest";
        }
    }

    private Object changePassword(ChangePasswordRequest r, Caller caller) {
        Validate.required(r.proposedPassword(), "proposedPassword");
        Validate.required(r.previousPassword(), "previousPassword");
        User user = signedIn.user(r.accessToken());
        UserPool pool = pools.existing(user.poolId());
        if (throttle.waitBefore(pool.id(), user.usernameKey(), null).isPresent()) {
            throw AwsException.limitExceeded(CodeAnswers.ATTEMPT_LIMIT);
        }
        if (!hasher.verify(r.previousPassword(), user.passwordHash())) {
            throttle.failed(pool.id(), user.usernameKey(), caller.sourceAddress());
            throw AwsException.notAuthorized("Incorrect username or password.");
        }
        UserOperations.checkPassword(pool, r.proposedPassword(), "proposedPassword");
        if (!users.update(user.withPassword(hasher.hash(r.proposedPassword()), user.status(), clock.instant()))) {
            throw AwsException.userNotFound();
        }
        return Empty.INSTANCE;
    }
}

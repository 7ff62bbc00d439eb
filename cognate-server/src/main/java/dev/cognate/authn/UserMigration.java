package dev.cognate.authn;

import dev.cognate.pools.UserPool;
import dev.cognate.users.User;
import java.util.Optional;

/**
 * What a password sign-in, or a request for a password reset, asks about a name the pool does
 * not know (the pool's UserMigration trigger): the user, created and stored under exactly that
 * name, or empty. Implemented outside this layer, wired by the composition root.
 */
public interface UserMigration {
    UserMigration NONE = (pool, username, password, app) -> Optional.empty();

    Optional<User> migrate(UserPool pool, String username, String password, PasswordSignIn.App app);

    /** UserMigration_ForgotPassword: the user, RESET_REQUIRED and without a password, or empty. */
    default Optional<User> forForgotPassword(UserPool pool, String username, PasswordSignIn.App app) {
        return Optional.empty();
    }
}

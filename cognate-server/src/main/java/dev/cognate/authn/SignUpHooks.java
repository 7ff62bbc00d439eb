package dev.cognate.authn;

import dev.cognate.pools.UserPool;
import dev.cognate.users.User;
import java.util.Map;

/**
 * What a self-service sign-up asks around itself, for the API and the hosted pages alike:
 * before the user is stored (the pool's PreSignUp_SignUp trigger, which may refuse by throwing)
 * and once a user is confirmed or a password reset is done (PostConfirmation). Implemented
 * outside this layer, wired by the composition root.
 */
public interface SignUpHooks {
    SignUpHooks NONE = new SignUpHooks() {
        @Override
        public Decision beforeSignUp(UserPool pool, String username, Map<String, String> attributes,
                                     Map<String, String> validationData, PasswordSignIn.App app) {
            return Decision.NONE;
        }

        @Override
        public void afterConfirmation(UserPool pool, Confirmed how, User user, PasswordSignIn.App app) {}
    };

    /** What may happen to a sign-up beyond the pool's rules: confirmed at once, its e-mail or phone verified. */
    record Decision(boolean autoConfirmUser, boolean autoVerifyEmail, boolean autoVerifyPhone) {
        public static final Decision NONE = new Decision(false, false, false);
    }

    /** What made a user confirmed (PostConfirmation's sources). */
    enum Confirmed { SIGN_UP, FORGOT_PASSWORD }

    /** {@code attributes} as they will be stored; {@code app} is the app that signs the user up. */
    Decision beforeSignUp(UserPool pool, String username, Map<String, String> attributes,
                          Map<String, String> validationData, PasswordSignIn.App app);

    /** {@code user} as stored; whatever this throws, the confirmation stands. An administrator's {@code app} has no client id. */
    void afterConfirmation(UserPool pool, Confirmed how, User user, PasswordSignIn.App app);
}

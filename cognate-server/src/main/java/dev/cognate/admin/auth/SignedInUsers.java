package dev.cognate.admin.auth;

import dev.cognate.admin.AwsException;
import dev.cognate.admin.Validate;
import dev.cognate.tokens.AccessTokenVerifier;
import dev.cognate.tokens.AccessTokenVerifier.Checked;
import dev.cognate.users.User;
import java.util.regex.Pattern;

/**
 * The user an access token names, for the operations a signed-in user calls on itself
 * (GetUser, ChangePassword, ...): a live token with the {@code aws.cognito.signin.user.admin} scope.
 */
public final class SignedInUsers {
    static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9-_=.]+");

    private final AccessTokenVerifier accessTokens;

    public SignedInUsers(AccessTokenVerifier accessTokens) {
        this.accessTokens = accessTokens;
    }

    public User user(String accessToken) {
        return verified(accessToken).user();
    }

    /** The token's user with what else the token says (its client, its sign-in event). */
    public AccessTokenVerifier.Verified verified(String accessToken) {
        Validate.required(accessToken, "accessToken");
        Validate.pattern(accessToken, "accessToken", TOKEN);
        return switch (accessTokens.check(accessToken)) {
            case Checked.Refused refused -> throw AwsException.notAuthorized(refused.failure().message());
            case Checked.Valid valid -> {
                if (!valid.verified().scopes().contains(ApiTokens.ADMIN_SCOPE)) {
                    throw AwsException.notAuthorized("Access Token does not have required scopes");
                }
                yield valid.verified();
            }
        };
    }
}

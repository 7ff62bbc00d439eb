package dev.cognate.admin.auth;

import dev.cognate.tokens.TokenIssuer;
import java.util.Map;

/**
 * The answer of InitiateAuth, AdminInitiateAuth and (Admin)RespondToAuthChallenge: either a
 * challenge to answer (name, session, parameters) or the tokens. Cognito sends an empty
 * ChallengeParameters with tokens, so this does too.
 */
public record AuthResponse(String challengeName, String session, Map<String, String> challengeParameters,
                           AuthenticationResult authenticationResult) {

    /** AWS AuthenticationResultType. */
    public record AuthenticationResult(String accessToken, Integer expiresIn, String tokenType, String refreshToken,
                                       String idToken) {
        @Override
        public String toString() {
            return "AuthenticationResult[expiresIn=" + expiresIn + ", refreshToken=" + (refreshToken != null) + "]";
        }
    }

    static AuthResponse tokens(TokenIssuer.TokenSet tokens) {
        return new AuthResponse(null, null, Map.of(), new AuthenticationResult(tokens.accessToken(),
                Math.toIntExact(tokens.expiresIn()), "Bearer", tokens.refreshToken(), tokens.idToken()));
    }

    static AuthResponse challenge(String name, String session, Map<String, String> parameters) {
        return new AuthResponse(name, session, parameters, null);
    }

    @Override
    public String toString() {
        return "AuthResponse[challengeName=" + challengeName + ", " + authenticationResult + "]";
    }
}

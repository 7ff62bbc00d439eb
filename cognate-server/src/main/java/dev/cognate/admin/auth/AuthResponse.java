package dev.cognate.admin.auth;

import dev.cognate.authn.Devices;
import dev.cognate.tokens.TokenIssuer;
import java.util.List;
import java.util.Map;

/**
 * The answer of InitiateAuth, AdminInitiateAuth and (Admin)RespondToAuthChallenge: either a
 * challenge to answer (name, session, parameters) or the tokens. Cognito sends an empty
 * ChallengeParameters with tokens, so this does too. {@code availableChallenges} is USER_AUTH's
 * list for SELECT_CHALLENGE (null otherwise).
 */
public record AuthResponse(String challengeName, String session, Map<String, String> challengeParameters,
                           AuthenticationResult authenticationResult, List<String> availableChallenges) {

    public AuthResponse(String challengeName, String session, Map<String, String> challengeParameters,
                        AuthenticationResult authenticationResult) {
        this(challengeName, session, challengeParameters, authenticationResult, null);
    }

    /** AWS AuthenticationResultType; {@code newDeviceMetadata} only where the pool tracks devices. */
    public record AuthenticationResult(String accessToken, Integer expiresIn, String tokenType, String refreshToken,
                                       String idToken, Devices.NewDevice newDeviceMetadata) {
        public AuthenticationResult(String accessToken, Integer expiresIn, String tokenType, String refreshToken,
                                    String idToken) {
            this(accessToken, expiresIn, tokenType, refreshToken, idToken, null);
        }

        @Override
        public String toString() {
            return "AuthenticationResult[expiresIn=" + expiresIn + ", refreshToken=" + (refreshToken != null) + "]";
        }
    }

    static AuthResponse tokens(TokenIssuer.TokenSet tokens) {
        return tokens(tokens, null);
    }

    /** The tokens of a sign-in that handed out a new device ({@code newDevice}; null for none). */
    static AuthResponse tokens(TokenIssuer.TokenSet tokens, Devices.NewDevice newDevice) {
        return new AuthResponse(null, null, Map.of(), new AuthenticationResult(tokens.accessToken(),
                Math.toIntExact(tokens.expiresIn()), "Bearer", tokens.refreshToken(), tokens.idToken(), newDevice));
    }

    static AuthResponse challenge(String name, String session, Map<String, String> parameters) {
        return new AuthResponse(name, session, parameters, null);
    }

    static AuthResponse selectChallenge(String session, List<String> availableChallenges) {
        return new AuthResponse("SELECT_CHALLENGE", session, Map.of(), null, List.copyOf(availableChallenges));
    }

    @Override
    public String toString() {
        return "AuthResponse[challengeName=" + challengeName + ", " + authenticationResult + "]";
    }
}

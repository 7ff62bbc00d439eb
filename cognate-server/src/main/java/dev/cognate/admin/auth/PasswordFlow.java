package dev.cognate.admin.auth;

import dev.cognate.http.WireJson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cognate.admin.AwsException;
import dev.cognate.clients.AppClient;
import dev.cognate.authn.NewPasswordChallenge;
import dev.cognate.authn.PasswordSignIn;
import dev.cognate.authn.PasswordSignIn.Outcome;
import dev.cognate.tokens.TokenOccasion;
import dev.cognate.users.User;
import dev.cognate.users.UserAttribute;
import dev.cognate.authn.UserDirectory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * USER_PASSWORD_AUTH and ADMIN_USER_PASSWORD_AUTH: USERNAME and PASSWORD (and SECRET_HASH)
 * through {@link PasswordSignIn}, answered with tokens, the NEW_PASSWORD_REQUIRED challenge,
 * or the exception Cognito answers for each refusal.
 */
final class PasswordFlow {
    static final String NEW_PASSWORD_REQUIRED = "NEW_PASSWORD_REQUIRED";
    static final int DEFAULT_SESSION_MINUTES = 3;
    private static final ObjectMapper JSON = WireJson.PLAIN;

    private final PasswordSignIn signIn;
    private final NewPasswordChallenge challenge;
    private final UserDirectory directory;
    private final MfaFlow mfa;

    PasswordFlow(PasswordSignIn signIn, NewPasswordChallenge challenge, UserDirectory directory, MfaFlow mfa) {
        this.signIn = signIn;
        this.challenge = challenge;
        this.directory = directory;
        this.mfa = mfa;
    }

    /** @param source the address failures are throttled by (null: throttle by user only) */
    AuthResponse signIn(SignInClient target, AuthParameters parameters, String source) {
        return signIn(target, parameters, source, Map.of());
    }

    /** @param clientMetadata the request's ClientMetadata, for the pool's triggers */
    AuthResponse signIn(SignInClient target, AuthParameters parameters, String source, Map<String, String> clientMetadata) {
        String username = parameters.required("USERNAME");
        String password = parameters.required("PASSWORD");
        SecretHash.check(target.client(), parameters.optional("SECRET_HASH"), List.of(username));
        return respond(target, username, signIn.attempt(target.pool(), username, password, source,
                target.app(clientMetadata)), clientMetadata, parameters.optional("DEVICE_KEY"));
    }

    AuthResponse respond(SignInClient target, String username, Outcome outcome) {
        return respond(target, username, outcome, Map.of());
    }

    /** Tokens, the NEW_PASSWORD_REQUIRED challenge, or Cognito's exception for the refusal ({@code username} as sent). */
    AuthResponse respond(SignInClient target, String username, Outcome outcome, Map<String, String> clientMetadata) {
        return respond(target, username, outcome, clientMetadata, null);
    }

    /** As above, for a sign-in that named one of the user's devices ({@code deviceKey}, DEVICE_KEY; null for none). */
    AuthResponse respond(SignInClient target, String username, Outcome outcome, Map<String, String> clientMetadata,
                         String deviceKey) {
        return switch (outcome) {
            case Outcome.SignedIn signedIn -> mfa.complete(target, signedIn.user(), TokenOccasion.AUTHENTICATION,
                    clientMetadata, deviceKey);
            case Outcome.NewPasswordRequired required -> newPasswordRequired(target, required.user());
            case Outcome.Throttled throttled -> throw tooManyRequests(throttled.retryAfter());
            case Outcome.Refused refused -> throw refusal(target, username, refused.message());
        };
    }

    private AuthResponse newPasswordRequired(SignInClient target, User user) {
        AppClient client = target.client();
        int minutes = client.authSessionValidity() == null ? DEFAULT_SESSION_MINUTES : client.authSessionValidity();
        String session = challenge.issue(client.clientId(), user, Duration.ofMinutes(minutes));
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("USER_ID_FOR_SRP", user.username());
        parameters.put("requiredAttributes", "[]");
        parameters.put("userAttributes", attributesJson(user));
        return AuthResponse.challenge(NEW_PASSWORD_REQUIRED, session, parameters);
    }

    private static String attributesJson(User user) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (UserAttribute attribute : user.attributes()) {
            attributes.put(attribute.name(), attribute.value());
        }
        try {
            return JSON.writeValueAsString(attributes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Cognito's exception for each refusal. An unknown user reads like a wrong password unless
     * the client's PreventUserExistenceErrors is LEGACY, where Cognito says the user does not exist.
     */
    private AwsException refusal(SignInClient target, String username, String message) {
        return switch (message) {
            case PasswordSignIn.INCORRECT -> {
                if (!"LEGACY".equals(target.client().preventUserExistenceErrors())) {
                    yield AwsException.notAuthorized(message);
                }
                // LEGACY tells what an account is: an imported user (no password yet) must reset it, whatever was typed
                var user = directory.find(target.pool(), username);
                yield user.isEmpty() ? AwsException.userNotFound()
                        : user.get().status() == dev.cognate.users.UserStatus.RESET_REQUIRED && user.get().passwordHash() == null
                        ? new AwsException("PasswordResetRequiredException", PasswordSignIn.PASSWORD_RESET_REQUIRED)
                        : AwsException.notAuthorized(message);
            }
            case PasswordSignIn.NOT_CONFIRMED -> new AwsException("UserNotConfirmedException", message);
            case PasswordSignIn.PASSWORD_RESET_REQUIRED -> new AwsException("PasswordResetRequiredException", message);
            default -> AwsException.notAuthorized(message);
        };
    }

    static AwsException tooManyRequests(Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return new AwsException("TooManyRequestsException", "Too many failed sign-in attempts. Try again in "
                + seconds + (seconds == 1 ? " second." : " seconds."));
    }
}

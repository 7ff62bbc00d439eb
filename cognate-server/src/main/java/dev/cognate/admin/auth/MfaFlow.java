package dev.cognate.admin.auth;

import dev.cognate.admin.AwsException;
import dev.cognate.authn.SoftwareTokenMfa;
import dev.cognate.authn.SoftwareTokenMfa.Check;
import dev.cognate.authn.SoftwareTokenMfa.Session;
import dev.cognate.authn.UserDirectory;
import dev.cognate.clients.AppClient;
import dev.cognate.tokens.TokenOccasion;
import dev.cognate.users.User;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The second factor after a proven password (USER_PASSWORD_AUTH, SRP, a new password): a user
 * with TOTP enabled answers SOFTWARE_TOKEN_MFA; in a pool where MFA is ON, a user without it
 * sets it up first (MFA_SETUP: AssociateSoftwareToken and VerifySoftwareToken with the session).
 * Every MFA session is single use and expires with the client's AuthSessionValidity.
 */
final class MfaFlow {
    static final String SOFTWARE_TOKEN_MFA = "SOFTWARE_TOKEN_MFA";
    static final String MFA_SETUP = "MFA_SETUP";
    /** The session VerifySoftwareToken gives during MFA_SETUP, which RespondToAuthChallenge(MFA_SETUP) takes. */
    static final String MFA_SETUP_VERIFIED = "MFA_SETUP_VERIFIED";

    private final SoftwareTokenMfa mfa;
    private final UserDirectory directory;
    private final ApiTokens tokens;

    MfaFlow(SoftwareTokenMfa mfa, UserDirectory directory, ApiTokens tokens) {
        this.mfa = mfa;
        this.directory = directory;
        this.tokens = tokens;
    }

    /** The end of a proven sign-in: tokens, or the MFA challenge the user owes first. */
    AuthResponse complete(SignInClient target, User user) {
        return complete(target, user, TokenOccasion.AUTHENTICATION, Map.of());
    }

    /** @param occasion why tokens are issued, and {@code clientMetadata}: for the pool's PreTokenGeneration trigger */
    AuthResponse complete(SignInClient target, User user, TokenOccasion occasion, Map<String, String> clientMetadata) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (mfa.required(user)) {
            parameters.put("USER_ID_FOR_SRP", user.username());
            return AuthResponse.challenge(SOFTWARE_TOKEN_MFA, session(target, user.username(), SOFTWARE_TOKEN_MFA), parameters);
        }
        if (SoftwareTokenMfa.poolRequiresMfa(target.pool())) {
            parameters.put("MFAS_CAN_SETUP", "[\"SOFTWARE_TOKEN_MFA\"]");
            parameters.put("USER_ID_FOR_SRP", user.username());
            return AuthResponse.challenge(MFA_SETUP, session(target, user.username(), MFA_SETUP), parameters);
        }
        return tokens.signIn(target, user, occasion, clientMetadata);
    }

    /** SOFTWARE_TOKEN_MFA: USERNAME and SOFTWARE_TOKEN_MFA_CODE (and SECRET_HASH) with the session. */
    AuthResponse answerSoftwareToken(SignInClient target, String session, AuthParameters responses, String source) {
        String username = responses.required("USERNAME");
        String code = responses.required("SOFTWARE_TOKEN_MFA_CODE");
        SecretHash.check(target.client(), responses.optional("SECRET_HASH"), List.of(username));
        Session open = open(target, session, SOFTWARE_TOKEN_MFA);
        User user = sessionUser(target, open, username);
        return switch (mfa.check(target.pool(), user, code, source)) {
            case Check.Accepted accepted -> {
                if (!mfa.consume(open)) {
                    throw invalidSession();
                }
                yield tokens.signIn(target, user);
            }
            case Check.Mismatch mismatch -> throw new AwsException("CodeMismatchException", "Invalid code received for user");
            case Check.Replayed replayed ->
                    throw new AwsException("ExpiredCodeException", "Your software token has already been used once.");
            case Check.Throttled throttled -> throw PasswordFlow.tooManyRequests(throttled.retryAfter());
        };
    }

    /** MFA_SETUP: USERNAME (and SECRET_HASH) with the session VerifySoftwareToken gave. */
    AuthResponse answerMfaSetup(SignInClient target, String session, AuthParameters responses) {
        String username = responses.required("USERNAME");
        SecretHash.check(target.client(), responses.optional("SECRET_HASH"), List.of(username));
        Session open = open(target, session, MFA_SETUP_VERIFIED);
        User user = sessionUser(target, open, username);
        if (!mfa.consume(open)) {
            throw invalidSession();
        }
        return tokens.signIn(target, user);
    }

    String session(SignInClient target, String username, String step) {
        AppClient client = target.client();
        int minutes = client.authSessionValidity() == null ? PasswordFlow.DEFAULT_SESSION_MINUTES
                : client.authSessionValidity();
        return mfa.issueSession(target.pool().id(), client.clientId(), username, step, Duration.ofMinutes(minutes));
    }

    private Session open(SignInClient target, String session, String step) {
        if (session == null || session.isEmpty()) {
            throw AwsException.invalidParameter("Missing required parameter Session");
        }
        return mfa.openSession(session, target.clientId(), step)
                .filter(s -> s.poolId().equals(target.pool().id()))
                .orElseThrow(MfaFlow::invalidSession);
    }

    /** USERNAME may be any name of the user, but it must be the session's user. */
    private User sessionUser(SignInClient target, Session session, String username) {
        return directory.find(target.pool(), username)
                .filter(u -> u.username().equals(session.username()) && u.enabled())
                .orElseThrow(MfaFlow::invalidSession);
    }

    static AwsException invalidSession() {
        return AwsException.notAuthorized(NewPasswordFlow.INVALID_SESSION);
    }
}

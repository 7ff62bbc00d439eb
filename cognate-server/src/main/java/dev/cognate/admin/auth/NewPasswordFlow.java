package dev.cognate.admin.auth;

import dev.cognate.admin.AwsException;
import dev.cognate.authn.NewPasswordChallenge;
import dev.cognate.authn.NewPasswordChallenge.Answer;
import dev.cognate.authn.NewPasswordChallenge.Pending;
import dev.cognate.authn.UserDirectory;
import dev.cognate.tokens.TokenOccasion;
import java.util.List;
import java.util.Map;

/**
 * The answer to NEW_PASSWORD_REQUIRED: ChallengeResponses USERNAME, NEW_PASSWORD (and
 * SECRET_HASH) with the Session the sign-in gave. A password that breaks the pool's policy
 * leaves the session usable for another try.
 */
final class NewPasswordFlow {
    static final String INVALID_SESSION = "Invalid session for the user, session is expired.";

    private final NewPasswordChallenge challenge;
    private final UserDirectory directory;
    private final MfaFlow mfa;

    NewPasswordFlow(NewPasswordChallenge challenge, UserDirectory directory, MfaFlow mfa) {
        this.challenge = challenge;
        this.directory = directory;
        this.mfa = mfa;
    }

    AuthResponse answer(SignInClient target, String session, AuthParameters responses) {
        return answer(target, session, responses, Map.of());
    }

    AuthResponse answer(SignInClient target, String session, AuthParameters responses, Map<String, String> clientMetadata) {
        if (session == null || session.isEmpty()) {
            throw AwsException.invalidParameter("Missing required parameter Session");
        }
        String username = responses.required("USERNAME");
        String newPassword = responses.required("NEW_PASSWORD");
        SecretHash.check(target.client(), responses.optional("SECRET_HASH"), List.of(username));
        Pending pending = challenge.open(session, target.clientId())
                .filter(p -> p.poolId().equals(target.pool().id()))
                .orElseThrow(NewPasswordFlow::invalidSession);
        // USERNAME may be any name of the user (an alias, say), but it must be the session's user:
        // the same name and (in a session that carries it) the same sub, not a user created under the name since.
        directory.find(target.pool(), username)
                .filter(pending::isFor)
                .orElseThrow(NewPasswordFlow::invalidSession);
        String violation = target.pool().passwordPolicy().violation(newPassword);
        if (violation != null) {
            throw new AwsException("InvalidPasswordException", violation);
        }
        return switch (challenge.answer(target.pool(), pending, newPassword)) {
            case Answer.Confirmed confirmed -> mfa.complete(target, confirmed.user(),
                    TokenOccasion.NEW_PASSWORD_CHALLENGE, clientMetadata);
            case Answer.Rejected rejected -> throw AwsException.notAuthorized(rejected.message());
        };
    }

    private static AwsException invalidSession() {
        return AwsException.notAuthorized(INVALID_SESSION);
    }
}

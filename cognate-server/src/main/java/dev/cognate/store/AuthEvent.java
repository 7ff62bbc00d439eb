package dev.cognate.store;

import java.time.Instant;
import java.util.List;

/**
 * One authentication event of a pool's user, as AdminListUserAuthEvents lists them: a sign-in
 * (hosted, federated or through the API), a sign-up, a password reset or change. Names and
 * outcomes only: never a password, a code or a token.
 *
 * @param provider      {@code Cognito} for the pool's own users, else the upstream IdP's name
 * @param challenges    what the user had to answer and how it went (Password, Mfa)
 * @param feedback      what an administrator said of the event later (AdminUpdateAuthEventFeedback), or null
 */
public record AuthEvent(String id, Instant occurredAt, String poolId, String userSub, String username, String clientId,
                        String provider, Type type, Response response, List<Challenge> challenges, String sourceAddress,
                        String userAgent, Feedback feedback) {
    public static final String COGNITO = "Cognito";

    public AuthEvent {
        challenges = challenges == null ? List.of() : List.copyOf(challenges);
    }

    /** Cognito's EventType values, spelled as on the wire. */
    public enum Type { SignIn, SignUp, ForgotPassword, PasswordChange, ResendCode }

    /** Cognito's EventResponse values. */
    public enum Response { Pass, Fail, InProgress }

    /** Cognito's ChallengeResponseType: ChallengeName Password or Mfa, ChallengeResponse Success or Failure. */
    public record Challenge(String name, String response) {
        public static final Challenge PASSWORD_SUCCESS = new Challenge("Password", "Success");
        public static final Challenge PASSWORD_FAILURE = new Challenge("Password", "Failure");
        public static final Challenge MFA_SUCCESS = new Challenge("Mfa", "Success");
        public static final Challenge MFA_FAILURE = new Challenge("Mfa", "Failure");
    }

    /** Cognito's EventFeedbackType: Valid or Invalid, who said so (Admin), when. */
    public record Feedback(String value, String provider, Instant at) {}

    public AuthEvent withFeedback(Feedback newFeedback) {
        return new AuthEvent(id, occurredAt, poolId, userSub, username, clientId, provider, type, response, challenges,
                sourceAddress, userAgent, newFeedback);
    }
}

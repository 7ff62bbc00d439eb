package dev.cognate.admin.auth;

import dev.cognate.admin.AwsException;
import dev.cognate.audit.AuditTrail;
import dev.cognate.audit.Origin;
import dev.cognate.authn.PasswordSignIn;
import dev.cognate.authn.UserDirectory;
import dev.cognate.store.AuthEvent;
import dev.cognate.store.AuthEvent.Challenge;
import dev.cognate.store.PoolAuthEvent;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The SignIn events of the API's flows, recorded from each step's outcome: tokens are a Pass;
 * a second factor (or a new password) asked after a proven password is InProgress; a wrong
 * password or code, or a throttled attempt, is a Fail. The steps before any proof
 * (USER_SRP_AUTH's PASSWORD_VERIFIER, SELECT_CHALLENGE, custom challenges) record nothing. A
 * name that is no user's fails where a user's wrong password would (or at once, UserNotFound,
 * when the client does not hide who exists): that Fail is the pool's, with the name's keyed hash
 * only. The unknown name costs the same lookup and insert as a wrong password does.
 */
final class SignInEvents {
    /**
     * What a step of a flow proves when it succeeds: a password, a second factor after it, a
     * passkey as a sign-in of its own or standing in for MFA (as the hosted pages record them), or
     * nothing yet.
     */
    enum Proof { PASSWORD, SECOND_FACTOR, PASSKEY, PASSKEY_AS_MFA, NOTHING_YET }

    private static final Set<String> ASKED_AFTER_PASSWORD = Set.of(MfaFlow.SMS_MFA, MfaFlow.SOFTWARE_TOKEN_MFA, MfaFlow.EMAIL_OTP,
            MfaFlow.SELECT_MFA_TYPE, MfaFlow.MFA_SETUP, PasswordFlow.NEW_PASSWORD_REQUIRED);
    private static final Set<String> WRONG_CODE = Set.of("CodeMismatchException", "ExpiredCodeException");

    private final AuditTrail trail;
    private final UserDirectory directory;

    /** @param trail where events go; null records none */
    SignInEvents(AuditTrail trail, UserDirectory directory) {
        this.trail = trail;
        this.directory = directory;
    }

    /** Runs one step of a sign-in by {@code username} and records what it came to. */
    AuthResponse step(SignInClient target, String username, Proof proof, Origin origin, Supplier<AuthResponse> step) {
        if (trail == null || username == null) {
            return step.get();
        }
        AuthResponse response;
        try {
            response = step.get();
        } catch (AwsException e) {
            List<Challenge> failed = e.type().equals("UserNotFoundException") ? List.of() : failure(proof, e);
            if (failed != null) {
                record(target, username, AuthEvent.Response.Fail, failed, origin,
                        e.type().equals("TooManyRequestsException") ? PoolAuthEvent.THROTTLED : PoolAuthEvent.USER_NOT_FOUND);
            } else if (proof == Proof.NOTHING_YET && PasswordSignIn.INCORRECT.equals(e.getMessage())
                    && directory.find(target.pool(), username).isEmpty()) {
                // a custom sign-in's decoy challenges for a name that is no user's end here
                trail.unknownUser(target.pool(), username, target.clientId(), AuthEvent.Type.SignIn,
                        PoolAuthEvent.USER_NOT_FOUND, origin);
            }
            throw e;
        }
        if (response.authenticationResult() != null) {
            record(target, username, AuthEvent.Response.Pass, switch (proof) {
                case PASSWORD -> List.of(Challenge.PASSWORD_SUCCESS);
                case SECOND_FACTOR -> List.of(Challenge.PASSWORD_SUCCESS, Challenge.MFA_SUCCESS);
                case PASSKEY_AS_MFA -> List.of(Challenge.MFA_SUCCESS);
                case PASSKEY, NOTHING_YET -> List.<Challenge>of();
            }, origin, null);
        } else if (proof == Proof.PASSWORD && ASKED_AFTER_PASSWORD.contains(response.challengeName())) {
            record(target, username, AuthEvent.Response.InProgress, List.of(Challenge.PASSWORD_SUCCESS), origin, null);
        }
        return response;
    }

    /** The challenges of a failed step, or null when the failure is no sign-in event (a malformed call, say). */
    private static List<Challenge> failure(Proof proof, AwsException e) {
        if (proof == Proof.SECOND_FACTOR && WRONG_CODE.contains(e.type())) {
            return List.of(Challenge.PASSWORD_SUCCESS, Challenge.MFA_FAILURE);
        }
        if (proof == Proof.NOTHING_YET) {
            return null;
        }
        if (e.type().equals("NotAuthorizedException")) {
            return PasswordSignIn.INCORRECT.equals(e.getMessage()) ? List.of(Challenge.PASSWORD_FAILURE) : List.of();
        }
        return e.type().equals("TooManyRequestsException") ? List.of() : null;
    }

    /** @param reasonIfNobody why a Fail failed when the name is no user's (null: no Fail) */
    private void record(SignInClient target, String username, AuthEvent.Response response, List<Challenge> challenges,
                        Origin origin, String reasonIfNobody) {
        directory.find(target.pool(), username).ifPresentOrElse(user -> trail.authEvent(target.pool().id(), user,
                target.clientId(), AuthEvent.COGNITO, AuthEvent.Type.SignIn, response, challenges, origin), () -> {
            if (reasonIfNobody != null) {
                trail.unknownUser(target.pool(), username, target.clientId(), AuthEvent.Type.SignIn, reasonIfNobody,
                        origin);
            }
        });
    }
}

package dev.cognate.admin.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cognate.admin.AwsException;
import dev.cognate.authn.PasswordSignIn;
import dev.cognate.authn.PasswordSignIn.Outcome;
import dev.cognate.authn.SoftwareTokenMfa;
import dev.cognate.authn.SrpChallenge;
import dev.cognate.authn.UserDirectory;
import dev.cognate.crypto.RandomIds;
import dev.cognate.crypto.SecretBox;
import dev.cognate.store.jdbc.Docs;
import dev.cognate.tokens.TokenOccasion;
import dev.cognate.triggers.LambdaFailure;
import dev.cognate.triggers.Triggers;
import dev.cognate.triggers.Triggers.AuthDecision;
import dev.cognate.triggers.Triggers.Challenged;
import dev.cognate.triggers.Triggers.ChallengeResult;
import dev.cognate.triggers.Triggers.CreatedChallenge;
import dev.cognate.users.User;
import dev.cognate.users.UserStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CUSTOM_AUTH: the pool's DefineAuthChallenge decides each step from the steps so far (the
 * {@code session} array), CreateAuthChallenge makes each CUSTOM_CHALLENGE and
 * VerifyAuthChallengeResponse judges its ANSWER, until DefineAuthChallenge issues tokens or
 * fails the sign-in. With {@code CHALLENGE_NAME: SRP_A} the first steps are SRP_A and
 * PASSWORD_VERIFIER, the password proven as in USER_SRP_AUTH.
 *
 * <p>The state between steps (the steps, the challenge's private parameters) travels in the
 * Session, sealed with the master key, so any node takes the answer and the app never reads
 * the private parameters. Each session is answered once (the MFA sessions' single-use store)
 * and expires with the client's AuthSessionValidity.
 *
 * <p>A device the app names (DEVICE_KEY, with InitiateAuth or an answer, as Amplify sends it)
 * proves itself once DefineAuthChallenge issues tokens, as after a password (MfaFlow), and the
 * tokens name it; a sign-in that names none hands out a new device where the pool tracks them.
 *
 * <p>A name no user has, at a client that hides whether users exist (PreventUserExistenceErrors
 * ENABLED), is asked about as Cognito does: the functions hear {@code userNotFound: true} and may
 * pose decoy challenges, and the app sees the same steps as for a user; such a sign-in never ends
 * in tokens, whatever the functions decide. With LEGACY it is UserNotFoundException at once.
 */
final class CustomAuthFlow {
    static final String CUSTOM_CHALLENGE = "CUSTOM_CHALLENGE";
    static final String NOT_CONFIGURED = "Custom auth lambda trigger is not configured for the user pool.";
    private static final String SESSION_CONTEXT = "cognate:custom-auth-session";
    /** A bound on a sign-in's steps: a DefineAuthChallenge that never decides cannot keep one going for ever. */
    static final int MAX_STEPS = 10;
    private static final ObjectMapper JSON = Docs.MAPPER;

    /**
     * What the Session carries (sealed). {@code sub} names the very user (null for an unknown name,
     * and in sessions sealed before it was added): a user deleted and created again under the same
     * name does not inherit the steps passed. {@code deviceKey} is the device the app named
     * (DEVICE_KEY), null for none.
     */
    record State(String poolId, String clientId, String username, boolean userNotFound, String challengeName,
                 List<ChallengeResult> steps, Map<String, String> privateChallengeParameters, String challengeMetadata,
                 String id, Instant expiresAt, String sub, String deviceKey) {
        boolean isFor(User user) {
            return user.username().equals(username) && (sub == null || sub.equals(user.sub()));
        }

        @Override
        public String toString() {
            return "CustomAuthState[poolId=" + poolId + ", clientId=" + clientId + ", challengeName=" + challengeName + "]";
        }
    }

    private final Triggers triggers;
    private final SecretBox box;
    private final SoftwareTokenMfa sessions;
    private final SrpFlow srpFlow;
    private final SrpChallenge srp;
    private final PasswordFlow passwords;
    private final UserDirectory directory;
    private final ApiTokens tokens;
    private final Clock clock;
    private final PasswordSignIn signIns;
    private final MfaFlow mfa;

    CustomAuthFlow(Triggers triggers, SecretBox box, SoftwareTokenMfa sessions, SrpFlow srpFlow, SrpChallenge srp,
                   PasswordFlow passwords, UserDirectory directory, ApiTokens tokens, Clock clock, PasswordSignIn signIns,
                   MfaFlow mfa) {
        this.mfa = mfa;
        this.signIns = signIns;
        this.triggers = triggers;
        this.box = box;
        this.sessions = sessions;
        this.srpFlow = srpFlow;
        this.srp = srp;
        this.passwords = passwords;
        this.directory = directory;
        this.tokens = tokens;
        this.clock = clock;
    }

    AuthResponse begin(SignInClient target, AuthParameters parameters, Map<String, String> clientMetadata) {
        String username = parameters.required("USERNAME");
        SecretHash.check(target.client(), parameters.optional("SECRET_HASH"), List.of(username));
        if (triggers == null || !Triggers.hasCustomAuth(target.pool())) {
            throw AwsException.invalidParameter(NOT_CONFIGURED);
        }
        Challenged who = signInUser(target, username, clientMetadata);
        String deviceKey = parameters.optional("DEVICE_KEY");
        if ("SRP_A".equals(parameters.optional("CHALLENGE_NAME"))) {
            List<ChallengeResult> steps = List.of(new ChallengeResult("SRP_A", true, null));
            AuthDecision decision = triggers.defineAuthChallenge(target.pool(), target.clientId(), who, steps, clientMetadata);
            if (!decision.failAuthentication() && !decision.issueTokens()
                    && SrpFlow.PASSWORD_VERIFIER.equals(decision.challengeName())) {
                // an unknown name gets USER_SRP_AUTH's decoy verifier: its answer fails as a wrong password does
                AuthResponse verifier = srpFlow.challenge(target, parameters);
                State state = state(target, who, SrpFlow.PASSWORD_VERIFIER, steps, Map.of(), null, deviceKey);
                return AuthResponse.challenge(SrpFlow.PASSWORD_VERIFIER, seal(state), verifier.challengeParameters());
            }
            return decided(target, who, steps, decision, clientMetadata, deviceKey);
        }
        return next(target, who, List.of(), clientMetadata, deviceKey);
    }

    /** CUSTOM_CHALLENGE: USERNAME and ANSWER (and SECRET_HASH) with the session. */
    AuthResponse answer(SignInClient target, String session, AuthParameters responses, Map<String, String> clientMetadata) {
        String username = responses.required("USERNAME");
        String answer = responses.required("ANSWER");
        SecretHash.check(target.client(), responses.optional("SECRET_HASH"), List.of(username));
        State state = consume(target, session, CUSTOM_CHALLENGE);
        Challenged who = sessionUser(target, state, username);
        boolean correct = triggers.verifyAuthChallengeResponse(target.pool(), target.clientId(), who,
                state.privateChallengeParameters(), answer, clientMetadata);
        return next(target, who, append(state.steps(), new ChallengeResult(CUSTOM_CHALLENGE, correct,
                state.challengeMetadata())), clientMetadata, deviceKey(responses, state));
    }

    /** Whether a PASSWORD_VERIFIER answer's session is this flow's (USER_SRP_AUTH sends none). */
    boolean owns(String session) {
        return open(session).isPresent();
    }

    /** PASSWORD_VERIFIER inside CUSTOM_AUTH: the SRP claim proves the password, then DefineAuthChallenge goes on. */
    AuthResponse answerPasswordVerifier(SignInClient target, String session, AuthParameters responses, String source,
                                        Map<String, String> clientMetadata) {
        String username = responses.required("USERNAME");
        SrpChallenge.Claim claim = new SrpChallenge.Claim(username, responses.required("PASSWORD_CLAIM_SECRET_BLOCK"),
                responses.required("TIMESTAMP"), responses.required("PASSWORD_CLAIM_SIGNATURE"));
        SecretHash.check(target.client(), responses.optional("SECRET_HASH"), List.of(username));
        State state = consume(target, session, SrpFlow.PASSWORD_VERIFIER);
        Outcome outcome = srp.answer(target.pool(), target.clientId(), claim, source);
        if (!(outcome instanceof Outcome.SignedIn signedIn) || state.userNotFound() || !state.isFor(signedIn.user())) {
            // a wrong password ends the sign-in as in USER_SRP_AUTH, with the same refusal
            return passwords.respond(target, username, outcome instanceof Outcome.SignedIn
                    ? new Outcome.Refused(PasswordSignIn.INCORRECT) : outcome);
        }
        return next(target, Challenged.user(signedIn.user(), existenceHidden(target)), append(state.steps(),
                new ChallengeResult(SrpFlow.PASSWORD_VERIFIER, true, null)), clientMetadata, deviceKey(responses, state));
    }

    /** The device an answer names (Amplify sends DEVICE_KEY with each), else the one named before. */
    private static String deviceKey(AuthParameters responses, State state) {
        String named = responses.optional("DEVICE_KEY");
        return named != null ? named : state.deviceKey();
    }

    private AuthResponse next(SignInClient target, Challenged who, List<ChallengeResult> steps,
                              Map<String, String> clientMetadata, String deviceKey) {
        if (steps.size() >= MAX_STEPS) {
            throw AwsException.notAuthorized(PasswordSignIn.INCORRECT);
        }
        return decided(target, who, steps,
                triggers.defineAuthChallenge(target.pool(), target.clientId(), who, steps, clientMetadata), clientMetadata,
                deviceKey);
    }

    private AuthResponse decided(SignInClient target, Challenged who, List<ChallengeResult> steps, AuthDecision decision,
                                 Map<String, String> clientMetadata, String deviceKey) {
        if (decision.failAuthentication()) {
            throw AwsException.notAuthorized(PasswordSignIn.INCORRECT);
        }
        if (decision.issueTokens()) {
            if (!who.exists()) {
                // a decoy passed is still no one: refused as a failed sign-in is
                throw AwsException.notAuthorized(PasswordSignIn.INCORRECT);
            }
            refuseUnlessMaySignIn(who.user());
            return mfa.customAuthDone(target, who.user(), clientMetadata, deviceKey);
        }
        if (!CUSTOM_CHALLENGE.equals(decision.challengeName())) {
            // PASSWORD_VERIFIER is only the step after SRP_A; nothing else is a challenge this flow can pose
            throw LambdaFailure.unrecognizable();
        }
        CreatedChallenge created = triggers.createAuthChallenge(target.pool(), target.clientId(), who, CUSTOM_CHALLENGE,
                steps, clientMetadata);
        Map<String, String> parameters = new LinkedHashMap<>(created.publicChallengeParameters());
        parameters.put("USERNAME", who.userName());
        State state = state(target, who, CUSTOM_CHALLENGE, steps, created.privateChallengeParameters(),
                created.challengeMetadata(), deviceKey);
        return AuthResponse.challenge(CUSTOM_CHALLENGE, seal(state), parameters);
    }

    /**
     * The user a custom sign-in is for, or (existence hidden) the unknown name; LEGACY: an
     * unknown one is UserNotFound. The pre authentication hook hears of the attempt here, before
     * DefineAuthChallenge, as Cognito asks it for every sign-in.
     *
     * <p>Where the client hides whether users exist, a user who may not sign in (disabled, not
     * confirmed, reset required) is challenged like anyone, and refused in the password flows'
     * words only once DefineAuthChallenge would issue tokens: refused at once, such a name would
     * read differently from one no user has (which gets decoy challenges). LEGACY tells at once.
     */
    private Challenged signInUser(SignInClient target, String username, Map<String, String> clientMetadata) {
        Optional<User> found = directory.find(target.pool(), username);
        if (found.isEmpty() && !existenceHidden(target)) {
            throw AwsException.userNotFound();
        }
        signIns.attempting(target.pool(), username, found, target.app(clientMetadata));
        if (found.isEmpty()) {
            return Challenged.unknown(username);
        }
        if (!existenceHidden(target)) {
            refuseUnlessMaySignIn(found.get());
        }
        return Challenged.user(found.get(), existenceHidden(target));
    }

    /** The refusals a password sign-in gives once the password is right, in the same words. */
    private static void refuseUnlessMaySignIn(User user) {
        if (!user.enabled()) {
            throw AwsException.notAuthorized(PasswordSignIn.DISABLED);
        }
        switch (user.status()) {
            case CONFIRMED -> { }
            case UNCONFIRMED -> throw new AwsException("UserNotConfirmedException", PasswordSignIn.NOT_CONFIRMED);
            case RESET_REQUIRED -> throw new AwsException("PasswordResetRequiredException", PasswordSignIn.PASSWORD_RESET_REQUIRED);
            default -> throw AwsException.notAuthorized(PasswordSignIn.INCORRECT);
        }
    }

    private static boolean existenceHidden(SignInClient target) {
        return !"LEGACY".equals(target.client().preventUserExistenceErrors());
    }

    private State state(SignInClient target, Challenged who, String challengeName, List<ChallengeResult> steps,
                        Map<String, String> privateParameters, String challengeMetadata, String deviceKey) {
        int minutes = target.client().authSessionValidity() == null ? PasswordFlow.DEFAULT_SESSION_MINUTES
                : target.client().authSessionValidity();
        return new State(target.pool().id(), target.clientId(), who.userName(), !who.exists(), challengeName, List.copyOf(steps),
                Map.copyOf(privateParameters), challengeMetadata, RandomIds.token(), clock.instant().plus(Duration.ofMinutes(minutes)),
                who.exists() ? who.user().sub() : null, deviceKey);
    }

    private String seal(State state) {
        try {
            String sealed = box.seal(JSON.writeValueAsString(state), SESSION_CONTEXT);
            if (sealed.length() > 2048) {
                // the API's limit on Session: a function's private parameters must fit in it
                throw LambdaFailure.unrecognizable();
            }
            return sealed;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Optional<State> open(String session) {
        if (session == null || session.isBlank() || session.length() > 4096) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(box.open(session, SESSION_CONTEXT), State.class));
        } catch (RuntimeException | JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** The session's state, if it is this client's, for this step, unexpired and answered now for the first time. */
    private State consume(SignInClient target, String session, String challengeName) {
        if (session == null || session.isEmpty()) {
            throw AwsException.invalidParameter("Missing required parameter Session");
        }
        State state = open(session)
                .filter(s -> s.poolId().equals(target.pool().id()) && s.clientId().equals(target.clientId()))
                .filter(s -> s.challengeName().equals(challengeName) && s.expiresAt().isAfter(clock.instant()))
                .orElseThrow(MfaFlow::invalidSession);
        boolean first = sessions.consume(new SoftwareTokenMfa.Session(state.poolId(), state.clientId(), state.username(),
                challengeName, state.id(), state.expiresAt(), null, null));
        if (!first) {
            throw MfaFlow.invalidSession();
        }
        return state;
    }

    /**
     * USERNAME may be any name of the user, but it must be the session's user, still enabled
     * (where existence is hidden, that is asked only when tokens would be issued); a session
     * begun for an unknown name stays one for exactly that name (a user made under it meanwhile
     * does not inherit its steps).
     */
    private Challenged sessionUser(SignInClient target, State state, String username) {
        if (state.userNotFound()) {
            if (!state.username().equals(username)) {
                throw MfaFlow.invalidSession();
            }
            return Challenged.unknown(username);
        }
        return directory.find(target.pool(), username)
                .filter(state::isFor)
                .filter(u -> existenceHidden(target) || u.enabled() && u.status() == UserStatus.CONFIRMED)
                .map(u -> Challenged.user(u, existenceHidden(target)))
                .orElseThrow(MfaFlow::invalidSession);
    }

    private static List<ChallengeResult> append(List<ChallengeResult> steps, ChallengeResult step) {
        List<ChallengeResult> all = new ArrayList<>(steps);
        all.add(step);
        return all;
    }
}

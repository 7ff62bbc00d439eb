package dev.cognate.admin.users;

import dev.cognate.audit.AuditTrail;
import dev.cognate.audit.Origin;
import dev.cognate.store.AuthEvent;
import dev.cognate.store.PoolAuthEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cognate.admin.AwsException;
import dev.cognate.admin.Caller;
import dev.cognate.admin.Empty;
import dev.cognate.admin.OperationFamily;
import dev.cognate.admin.OperationRegistry;
import dev.cognate.admin.Validate;
import dev.cognate.admin.auth.AuthClients;
import dev.cognate.admin.auth.SecretHash;
import dev.cognate.admin.auth.SignInClient;
import dev.cognate.admin.auth.SignUpSessions;
import dev.cognate.admin.pools.UserPoolOperations;
import dev.cognate.admin.users.AttributeRules.Write;
import dev.cognate.authn.SignUp;
import dev.cognate.authn.SignUp.Confirmation;
import dev.cognate.authn.SignUp.Registered;
import dev.cognate.authn.SignUp.Resent;
import dev.cognate.pools.UserPool;
import dev.cognate.users.User;
import dev.cognate.users.UserAttribute;
import dev.cognate.authn.PasswordSignIn;
import dev.cognate.users.UserStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Self-service sign-up: SignUp (public), ConfirmSignUp and ResendConfirmationCode with the
 * code sent to an auto-verified attribute, and AdminConfirmSignUp (signed). A signed-up user
 * is UNCONFIRMED, and cannot sign in, until confirmed. The work is {@link SignUp}'s (shared with
 * the hosted pages); here are the wire's shapes and Cognito's words.
 */
public final class SignUpOperations implements OperationFamily {
    static final String SIGN_UP_NOT_PERMITTED = "SignUp is not permitted for this user pool";
    static final String NO_AUTO_VERIFICATION = "Auto verification not turned on.";

    private final AuditTrail audit;
    private final AuthClients clients;
    private final UserPoolOperations pools;
    private final UserOperations userOperations;
    private final SignUp signUp;
    private final SignUpSessions sessions;

    public SignUpOperations(AuthClients clients, UserPoolOperations pools, UserOperations userOperations, SignUp signUp,
                            SignUpSessions sessions, AuditTrail audit) {
        this.sessions = sessions;
        this.audit = audit;
        this.clients = clients;
        this.pools = pools;
        this.userOperations = userOperations;
        this.signUp = signUp;
    }

    @Override
    public void registerWith(OperationRegistry registry) {
        registry.unsigned("SignUp", SignUpRequest.class, this::signUp);
        registry.unsigned("ConfirmSignUp", ConfirmSignUpRequest.class, this::confirmSignUp);
        registry.unsigned("ResendConfirmationCode", ResendConfirmationCodeRequest.class, this::resend);
        registry.signed("AdminConfirmSignUp", AdminConfirmSignUpRequest.class, this::adminConfirm);
    }

    public record SignUpRequest(String clientId, String secretHash, String username, String password,
                                List<UserAttribute> userAttributes, List<UserAttribute> validationData,
                                JsonNode analyticsMetadata, JsonNode userContextData, Map<String, String> clientMetadata) {
        @Override
        public String toString() {
            return "SignUpRequest[clientId=" + clientId + "]";
        }
    }

    /** {@code session}: for signing the user in at once with USER_AUTH ({@link SignUpSessions}), or null. */
    public record SignUpResponse(boolean userConfirmed, CodeDeliveryDetails codeDeliveryDetails, String userSub,
                                 String session) {
        @Override
        public String toString() {
            return "SignUpResponse[userConfirmed=" + userConfirmed + ", userSub=" + userSub + "]";
        }
    }

    /** {@code session}: for signing the user in at once with USER_AUTH ({@link SignUpSessions}), or null. */
    public record ConfirmSignUpResponse(String session) {
        @Override
        public String toString() {
            return "ConfirmSignUpResponse[]";
        }
    }

    public record ConfirmSignUpRequest(String clientId, String secretHash, String username, String confirmationCode,
                                       Boolean forceAliasCreation, JsonNode analyticsMetadata, JsonNode userContextData,
                                       Map<String, String> clientMetadata, String session) {
        @Override
        public String toString() {
            return "ConfirmSignUpRequest[clientId=" + clientId + "]";
        }
    }

    public record ResendConfirmationCodeRequest(String clientId, String secretHash, String username,
                                                JsonNode analyticsMetadata, JsonNode userContextData,
                                                Map<String, String> clientMetadata) {}

    public record CodeDeliveryResponse(CodeDeliveryDetails codeDeliveryDetails) {}

    public record AdminConfirmSignUpRequest(String userPoolId, String username, Map<String, String> clientMetadata) {}

    private Object signUp(SignUpRequest r, Caller caller) {
        String name = UserOperations.username(r.username());
        Validate.length(r.secretHash(), "secretHash", 1, 128);
        SignInClient target = clients.publicClient(r.clientId());
        UserPool pool = target.pool();
        SecretHash.check(target.client(), r.secretHash(), List.of(r.username()));
        if (adminCreateUserOnly(pool)) {
            throw AwsException.notAuthorized(SIGN_UP_NOT_PERMITTED);
        }
        String password = r.password() == null || r.password().isEmpty() ? null : r.password();
        if (password == null && !codeSignIn(pool)) {
            UserOperations.checkPassword(pool, Validate.required(r.password(), "password"), "password");
        }
        if (password != null) {
            UserOperations.checkPassword(pool, password, "password");
        }
        Map<String, String> attributes = AttributeRules.check(pool, r.userAttributes(), "userAttributes", Write.CREATE);
        for (String verified : List.of("email_verified", "phone_number_verified")) {
            if (attributes.containsKey(verified)) {
                throw AttributeRules.invalid(Write.CREATE, verified, "A user cannot mark an attribute verified at sign-up.");
            }
        }
        if (SignUp.namesAreAttributes(pool)) {
            attributes.put(UserOperations.signInAttribute(pool, name), name);
        } else {
            UserOperations.refuseAliasShapedUsername(pool, name);
        }
        AttributeRules.requireRequired(pool, attributes, Write.CREATE);
        if (password == null && !codeSignIn(pool, attributes)) {
            throw AwsException.invalidParameter("A password is required: without one, a user must be able to sign in "
                    + "with a code alone, and this user pool allows that only without required MFA, with EMAIL_OTP "
                    + "for a user with an email or SMS_OTP for one with a phone_number.");
        }
        return switch (signUp.register(pool, name, password, attributes, validationData(r),
                new PasswordSignIn.App(target.client().clientId(), r.clientMetadata()))) {
            case Registered.Taken taken when taken.attribute() != null -> throw new AwsException("UsernameExistsException",
                    "An account with the given " + taken.attribute() + " already exists.");
            case Registered.Taken taken -> throw userExists();
            case Registered.Created created when created.codesLimited() ->
                    throw AwsException.limitExceeded(CodeAnswers.ATTEMPT_LIMIT);
            case Registered.Created created -> {
                audit.authEvent(pool.id(), created.user(), target.clientId(), AuthEvent.COGNITO, AuthEvent.Type.SignUp,
                        AuthEvent.Response.Pass, List.of(), new Origin(caller.sourceAddress(), caller.userAgent()));
                yield new SignUpResponse(created.user().status() == UserStatus.CONFIRMED,
                        created.sentTo().map(CodeDeliveryDetails::of).orElse(null), created.user().sub(),
                        sessions.afterSignUp(target, created.user()).orElse(null));
            }
        };
    }

    private Object confirmSignUp(ConfirmSignUpRequest r, Caller caller) {
        String name = UserOperations.username(r.username());
        String code = CodeAnswers.confirmationCode(r.confirmationCode());
        Validate.length(r.secretHash(), "secretHash", 1, 128);
        SignInClient target = clients.publicClient(r.clientId());
        UserPool pool = target.pool();
        SecretHash.check(target.client(), r.secretHash(), List.of(r.username()));
        boolean hide = CodeAnswers.preventsExistenceErrors(target.client());
        Validate.length(r.session(), "session", 20, 2048);
        User user = signUp.find(pool, name)
                .orElseThrow(() -> CodeAnswers.unknownUser(target.client(), CodeAnswers.codeMismatch()));
        if (r.session() != null && !sessions.isSignUpOf(target, r.session(), user)) {
            // where a wrong code tells nothing of who exists, neither does a wrong session
            throw hide ? CodeAnswers.codeMismatch() : AwsException.notAuthorized("Invalid session for the user.");
        }
        return switch (signUp.confirm(pool, user, code, Boolean.TRUE.equals(r.forceAliasCreation()),
                new PasswordSignIn.App(target.client().clientId(), r.clientMetadata()))) {
            case Confirmation.Confirmed confirmed ->
                    new ConfirmSignUpResponse(sessions.afterConfirmation(target, confirmed.user()).orElse(null));
            case Confirmation.NotPending notPending -> throw hide ? CodeAnswers.codeMismatch() : cannotConfirm(user);
            case Confirmation.AliasTaken taken -> throw UserOperations.aliasExists(taken.alias());
            case Confirmation.CodeRefused refused -> {
                CodeAnswers.accepted(refused.checked(), hide);
                throw CodeAnswers.codeMismatch();
            }
            case Confirmation.Gone gone -> throw AwsException.userNotFound();
        };
    }

    /**
     * Whether the pool lets users sign in with a code alone (SignInPolicy's EMAIL_OTP or SMS_OTP),
     * where Cognito takes a SignUp without a password (or with a blank one).
     */
    private static boolean codeSignIn(UserPool pool) {
        List<String> factors = dev.cognate.pools.Policies.allowedFirstAuthFactors(pool.policies());
        return factors.contains("EMAIL_OTP") || factors.contains("SMS_OTP");
    }

    /** And whether this user could: MFA not required, and the address the allowed code goes to. */
    private static boolean codeSignIn(UserPool pool, Map<String, String> attributes) {
        List<String> factors = dev.cognate.pools.Policies.allowedFirstAuthFactors(pool.policies());
        return !"ON".equals(pool.mfaConfiguration())
                && (factors.contains("EMAIL_OTP") && attributes.containsKey("email")
                || factors.contains("SMS_OTP") && attributes.containsKey("phone_number"));
    }

    private Object resend(ResendConfirmationCodeRequest r, Caller caller) {
        String name = UserOperations.username(r.username());
        Validate.length(r.secretHash(), "secretHash", 1, 128);
        SignInClient target = clients.publicClient(r.clientId());
        UserPool pool = target.pool();
        SecretHash.check(target.client(), r.secretHash(), List.of(r.username()));
        Optional<User> found = signUp.find(pool, name);
        Origin origin = new Origin(caller.sourceAddress(), caller.userAgent());
        if (found.isEmpty()) {
            audit.unknownUser(pool, name, target.clientId(), AuthEvent.Type.ResendCode, PoolAuthEvent.USER_NOT_FOUND, origin);
            if (CodeAnswers.preventsExistenceErrors(target.client()) && autoVerified(pool).isPresent()) {
                return new CodeDeliveryResponse(CodeAnswers.simulated(pool.id(), name, autoVerified(pool).get()));
            }
            throw CodeAnswers.unknownUser(target.client(), AwsException.invalidParameter(NO_AUTO_VERIFICATION));
        }
        Resent resent = signUp.resend(pool, found.get(), new PasswordSignIn.App(target.client().clientId(),
                r.clientMetadata()));
        audit.authEvent(pool.id(), found.get(), target.clientId(), AuthEvent.COGNITO, AuthEvent.Type.ResendCode,
                resent instanceof Resent.Sent ? AuthEvent.Response.Pass : AuthEvent.Response.Fail, List.of(), origin);
        return switch (resent) {
            case Resent.Sent sent -> new CodeDeliveryResponse(CodeDeliveryDetails.of(sent.destination()));
            case Resent.AlreadyConfirmed confirmed -> {
                if (CodeAnswers.preventsExistenceErrors(target.client()) && autoVerified(pool).isPresent()) {
                    yield new CodeDeliveryResponse(CodeAnswers.simulated(pool.id(), name, autoVerified(pool).get()));
                }
                throw AwsException.invalidParameter("User is already confirmed.");
            }
            case Resent.NoDestination none -> throw AwsException.invalidParameter(NO_AUTO_VERIFICATION);
            case Resent.Limited limited -> throw AwsException.limitExceeded(CodeAnswers.ATTEMPT_LIMIT);
        };
    }

    private Object adminConfirm(AdminConfirmSignUpRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        User user = userOperations.existingUser(pool, UserOperations.username(r.username()));
        return switch (signUp.confirmByAdministrator(pool, user, r.clientMetadata())) {
            case Confirmation.Confirmed confirmed -> Empty.INSTANCE;
            case Confirmation.NotPending notPending -> throw cannotConfirm(user);
            case Confirmation.Gone gone -> throw AwsException.userNotFound();
            case Confirmation.AliasTaken taken -> throw UserOperations.aliasExists(taken.alias());
            case Confirmation.CodeRefused refused -> throw CodeAnswers.codeMismatch();
        };
    }

    /** The request's ValidationData for PreSignUp (nameless or valueless entries left out). */
    private static Map<String, String> validationData(SignUpRequest r) {
        Map<String, String> data = new LinkedHashMap<>();
        if (r.validationData() != null) {
            r.validationData().stream().filter(a -> a != null && a.name() != null && a.value() != null)
                    .forEach(a -> data.put(a.name(), a.value()));
        }
        return data;
    }

    private static Optional<String> autoVerified(UserPool pool) {
        List<String> auto = pool.autoVerifiedAttributes() == null ? List.of() : pool.autoVerifiedAttributes();
        return auto.contains("phone_number") ? Optional.of("phone_number")
                : auto.contains("email") ? Optional.of("email") : Optional.empty();
    }

    static boolean adminCreateUserOnly(UserPool pool) {
        return SignUp.adminCreateUserOnly(pool);
    }

    private static AwsException cannotConfirm(User user) {
        return AwsException.notAuthorized("User cannot be confirmed. Current status is " + user.status());
    }

    private static AwsException userExists() {
        return new AwsException("UsernameExistsException", "User already exists");
    }
}

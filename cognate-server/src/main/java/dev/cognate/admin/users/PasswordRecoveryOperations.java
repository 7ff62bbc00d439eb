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
import dev.cognate.admin.pools.UserPoolOperations;
import dev.cognate.authn.PasswordRecovery;
import dev.cognate.authn.PasswordSignIn;
import dev.cognate.pools.UserPool;
import dev.cognate.users.User;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Forgotten passwords: ForgotPassword sends a reset code (valid 1 hour) to a verified e-mail
 * or phone number, ConfirmForgotPassword sets the new password with it (public); and
 * AdminResetUserPassword (signed), which also invalidates the password: the user's next
 * sign-in is refused with PasswordResetRequiredException until the reset is done. The work is
 * {@link PasswordRecovery}'s (shared with the hosted pages); here are the wire and Cognito's words.
 */
public final class PasswordRecoveryOperations implements OperationFamily {
    static final String NO_VERIFIED_CONTACT =
            "Cannot reset password for the user as there is no registered/verified email or phone_number";
    static final String CANNOT_RESET = "User password cannot be reset in the current state.";

    private final AuditTrail audit;
    private final AuthClients clients;
    private final UserPoolOperations pools;
    private final UserOperations userOperations;
    private final PasswordRecovery recovery;

    public PasswordRecoveryOperations(AuthClients clients, UserPoolOperations pools, UserOperations userOperations,
                                      PasswordRecovery recovery, AuditTrail audit) {
        this.audit = audit;
        this.clients = clients;
        this.pools = pools;
        this.userOperations = userOperations;
        this.recovery = recovery;
    }

    @Override
    public void registerWith(OperationRegistry registry) {
        registry.unsigned("ForgotPassword", ForgotPasswordRequest.class, this::forgotPassword);
        registry.unsigned("ConfirmForgotPassword", ConfirmForgotPasswordRequest.class, this::confirmForgotPassword);
        registry.signed("AdminResetUserPassword", AdminResetUserPasswordRequest.class, this::adminReset);
    }

    public record ForgotPasswordRequest(String clientId, String secretHash, JsonNode userContextData, String username,
                                        JsonNode analyticsMetadata, Map<String, String> clientMetadata) {}

    public record ConfirmForgotPasswordRequest(String clientId, String secretHash, String username,
                                               String confirmationCode, String password, JsonNode analyticsMetadata,
                                               JsonNode userContextData, Map<String, String> clientMetadata) {
        @Override
        public String toString() {
            return "ConfirmForgotPasswordRequest[clientId=" + clientId + "]";
        }
    }

    public record AdminResetUserPasswordRequest(String userPoolId, String username, Map<String, String> clientMetadata) {}

    private Object forgotPassword(ForgotPasswordRequest r, Caller caller) {
        String name = UserOperations.username(r.username());
        Validate.length(r.secretHash(), "secretHash", 1, 128);
        SignInClient target = clients.publicClient(r.clientId());
        UserPool pool = target.pool();
        SecretHash.check(target.client(), r.secretHash(), List.of(r.username()));
        PasswordSignIn.App app = new PasswordSignIn.App(target.client().clientId(), r.clientMetadata());
        Optional<User> found = recovery.findOrMigrate(pool, name, app);
        if (found.isEmpty()) {
            audit.unknownUser(pool, name, target.clientId(), AuthEvent.Type.ForgotPassword, PoolAuthEvent.USER_NOT_FOUND,
                    new Origin(caller.sourceAddress(), caller.userAgent()));
            if (CodeAnswers.preventsExistenceErrors(target.client())) {
                return new SignUpOperations.CodeDeliveryResponse(CodeAnswers.simulated(pool.id(), name,
                        likelyRecoveryAttribute(pool)));
            }
            throw AwsException.userNotFound(CodeAnswers.NO_SUCH_USER);
        }
        var response = new SignUpOperations.CodeDeliveryResponse(sent(recovery.forgot(pool, found.get(), app)));
        record(target, found.get(), AuthEvent.Response.InProgress, caller);
        return response;
    }

    private Object confirmForgotPassword(ConfirmForgotPasswordRequest r, Caller caller) {
        String name = UserOperations.username(r.username());
        String code = CodeAnswers.confirmationCode(r.confirmationCode());
        Validate.required(r.password(), "password");
        Validate.length(r.secretHash(), "secretHash", 1, 128);
        SignInClient target = clients.publicClient(r.clientId());
        UserPool pool = target.pool();
        SecretHash.check(target.client(), r.secretHash(), List.of(r.username()));
        UserOperations.checkPassword(pool, r.password(), "password");
        User user = recovery.find(pool, name)
                .orElseThrow(() -> CodeAnswers.unknownUser(target.client(), CodeAnswers.codeMismatch()));
        return switch (recovery.confirm(pool, user, code, r.password(),
                new PasswordSignIn.App(target.client().clientId(), r.clientMetadata()))) {
            case PasswordRecovery.Reset.Done done -> {
                record(target, user, AuthEvent.Response.Pass, caller);
                yield Empty.INSTANCE;
            }
            case PasswordRecovery.Reset.CodeRefused refused -> {
                record(target, user, AuthEvent.Response.Fail, caller);
                CodeAnswers.accepted(refused.checked(), CodeAnswers.preventsExistenceErrors(target.client()));
                throw CodeAnswers.codeMismatch();
            }
            case PasswordRecovery.Reset.Gone gone -> throw AwsException.userNotFound();
        };
    }

    private void record(SignInClient target, User user, AuthEvent.Response response, Caller caller) {
        audit.authEvent(target.pool().id(), user, target.clientId(), AuthEvent.COGNITO, AuthEvent.Type.ForgotPassword,
                response, List.of(), new Origin(caller.sourceAddress(), caller.userAgent()));
    }

    private Object adminReset(AdminResetUserPasswordRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        User user = userOperations.existingUser(pool, UserOperations.username(r.username()));
        sent(recovery.resetByAdministrator(pool, user, r.clientMetadata()));
        return Empty.INSTANCE;
    }

    /** Where the code went, or Cognito's refusal. */
    private static CodeDeliveryDetails sent(PasswordRecovery.CodeRequest request) {
        return switch (request) {
            case PasswordRecovery.CodeRequest.Sent sent -> CodeDeliveryDetails.of(sent.destination());
            case PasswordRecovery.CodeRequest.Refused refused -> throw switch (refused.obstacle()) {
                case STATE -> AwsException.notAuthorized(CANNOT_RESET);
                case DISABLED -> AwsException.notAuthorized("User is disabled.");
                case ADMIN_ONLY -> AwsException.notAuthorized(
                        "Cannot reset password for the user as admin only recovery is enabled.");
                case NO_VERIFIED_CONTACT -> AwsException.invalidParameter(NO_VERIFIED_CONTACT);
            };
            case PasswordRecovery.CodeRequest.Limited limited -> throw AwsException.limitExceeded(CodeAnswers.ATTEMPT_LIMIT);
            case PasswordRecovery.CodeRequest.Gone gone -> throw AwsException.userNotFound();
        };
    }

    /** The medium a real user of this pool would most likely get a code by: e-mail unless only phones verify. */
    private static String likelyRecoveryAttribute(UserPool pool) {
        List<String> auto = pool.autoVerifiedAttributes() == null ? List.of() : pool.autoVerifiedAttributes();
        return auto.contains("phone_number") && !auto.contains("email") ? "phone_number" : "email";
    }
}

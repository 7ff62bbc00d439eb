package dev.cognate.admin.users;

import dev.cognate.authn.MessageOccasion;
import dev.cognate.triggers.Triggers;
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
import dev.cognate.pools.UserPool;
import dev.cognate.store.UserStore;
import dev.cognate.authn.CodeDestination;
import dev.cognate.authn.CodeSender;
import dev.cognate.users.PasswordHasher;
import dev.cognate.users.User;
import dev.cognate.authn.UserDirectory;
import dev.cognate.users.UserStatus;
import dev.cognate.authn.VerificationCodes;
import dev.cognate.authn.VerificationCodes.Purpose;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Forgotten passwords: ForgotPassword sends a reset code (valid 1 hour) to a verified e-mail
 * or phone number, ConfirmForgotPassword sets the new password with it (public); and
 * AdminResetUserPassword (signed), which also invalidates the password: the user's next
 * sign-in is refused with PasswordResetRequiredException until the reset is done.
 */
public final class PasswordRecoveryOperations implements OperationFamily {
    static final String NO_VERIFIED_CONTACT =
            "Cannot reset password for the user as there is no registered/verified email or phone_number";
    static final String CANNOT_RESET = "User password cannot be reset in the current state.";

    private final AuthClients clients;
    private final UserPoolOperations pools;
    private final UserOperations userOperations;
    private final UserStore users;
    private final UserDirectory directory;
    private final PasswordHasher hasher;
    private final VerificationCodes codes;
    private final CodeSender sender;
    private final Clock clock;

    public PasswordRecoveryOperations(AuthClients clients, UserPoolOperations pools, UserOperations userOperations,
                                      UserStore users, PasswordHasher hasher, VerificationCodes codes, CodeSender sender,
                                      Clock clock) {
        this.clients = clients;
        this.pools = pools;
        this.userOperations = userOperations;
        this.users = users;
        this.directory = new UserDirectory(users);
        this.hasher = hasher;
        this.codes = codes;
        this.sender = sender;
        this.clock = clock;
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
        Optional<User> found = directory.find(pool, name);
        if (found.isEmpty()) {
            found = userOperations.migrations().forForgotPassword(pool, target.client().clientId(), name, r.clientMetadata());
        }
        if (found.isEmpty()) {
            if (CodeAnswers.preventsExistenceErrors(target.client())) {
                return new SignUpOperations.CodeDeliveryResponse(CodeAnswers.simulated(pool.id(), name,
                        likelyRecoveryAttribute(pool)));
            }
            throw AwsException.userNotFound(CodeAnswers.NO_SUCH_USER);
        }
        User user = found.get();
        CodeDestination destination = resettable(pool, user, true);
        return new SignUpOperations.CodeDeliveryResponse(send(pool, user, destination,
                MessageOccasion.of(MessageOccasion.Source.FORGOT_PASSWORD, target.client().clientId(), r.clientMetadata())));
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
        User user = directory.find(pool, name)
                .orElseThrow(() -> CodeAnswers.unknownUser(target.client(), CodeAnswers.codeMismatch()));
        CodeAnswers.accepted(codes.consume(user, Purpose.PASSWORD_RESET, code),
                CodeAnswers.preventsExistenceErrors(target.client()));
        UserStatus status = user.status() == UserStatus.UNCONFIRMED ? UserStatus.UNCONFIRMED : UserStatus.CONFIRMED;
        User reset = user.withPassword(hasher.hash(r.password()), status, clock.instant());
        if (!users.update(reset)) {
            throw AwsException.userNotFound();
        }
        userOperations.passwordSet(reset, r.password());
        if (userOperations.triggers() != null) {
            userOperations.triggers().postConfirmation(pool, Triggers.ConfirmationSource.CONFIRM_FORGOT_PASSWORD,
                    target.client().clientId(), reset, r.clientMetadata());
        }
        return Empty.INSTANCE;
    }

    private Object adminReset(AdminResetUserPasswordRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        User user = userOperations.existingUser(pool, UserOperations.username(r.username()));
        CodeDestination destination = resettable(pool, user, false);
        String code = CodeAnswers.issued(codes.issue(user, Purpose.PASSWORD_RESET, destination.attribute()));
        if (user.status() != UserStatus.UNCONFIRMED
                && !users.update(user.withPassword(user.passwordHash(), UserStatus.RESET_REQUIRED, clock.instant()))) {
            throw AwsException.userNotFound();
        }
        sender.send(pool, user, destination, code, MessageOccasion.of(MessageOccasion.Source.FORGOT_PASSWORD, null,
                r.clientMetadata()));
        return Empty.INSTANCE;
    }

    /** Where this user's reset code goes, or Cognito's refusal. */
    private static CodeDestination resettable(UserPool pool, User user, boolean selfService) {
        if (user.status() == UserStatus.EXTERNAL_PROVIDER || user.status() == UserStatus.FORCE_CHANGE_PASSWORD) {
            throw AwsException.notAuthorized(CANNOT_RESET);
        }
        if (!user.enabled()) {
            throw AwsException.notAuthorized("User is disabled.");
        }
        if (selfService && CodeSender.adminOnlyRecovery(pool)) {
            throw AwsException.notAuthorized("Cannot reset password for the user as admin only recovery is enabled.");
        }
        return CodeSender.recoveryDestination(pool, user)
                .orElseThrow(() -> AwsException.invalidParameter(NO_VERIFIED_CONTACT));
    }

    private CodeDeliveryDetails send(UserPool pool, User user, CodeDestination destination, MessageOccasion occasion) {
        String code = CodeAnswers.issued(codes.issue(user, Purpose.PASSWORD_RESET, destination.attribute()));
        sender.send(pool, user, destination, code, occasion);
        return CodeDeliveryDetails.of(destination);
    }

    /** The medium a real user of this pool would most likely get a code by: e-mail unless only phones verify. */
    private static String likelyRecoveryAttribute(UserPool pool) {
        List<String> auto = pool.autoVerifiedAttributes() == null ? List.of() : pool.autoVerifiedAttributes();
        return auto.contains("phone_number") && !auto.contains("email") ? "phone_number" : "email";
    }
}

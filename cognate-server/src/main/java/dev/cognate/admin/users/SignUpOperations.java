package dev.cognate.admin.users;

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
import dev.cognate.admin.users.AttributeRules.Write;
import dev.cognate.pools.UserPool;
import dev.cognate.store.DuplicateKeyException;
import dev.cognate.store.UserStore;
import dev.cognate.authn.CodeDestination;
import dev.cognate.authn.CodeSender;
import dev.cognate.users.PasswordHasher;
import dev.cognate.users.User;
import dev.cognate.users.UserAttribute;
import dev.cognate.authn.UserDirectory;
import dev.cognate.users.UserStatus;
import dev.cognate.users.Usernames;
import dev.cognate.authn.VerificationCodes;
import dev.cognate.authn.VerificationCodes.Purpose;
import dev.cognate.authn.MessageOccasion;
import dev.cognate.triggers.Triggers;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Self-service sign-up: SignUp (public), ConfirmSignUp and ResendConfirmationCode with the
 * code sent to an auto-verified attribute, and AdminConfirmSignUp (signed). A signed-up user
 * is UNCONFIRMED, and cannot sign in, until confirmed.
 */
public final class SignUpOperations implements OperationFamily {
    static final String SIGN_UP_NOT_PERMITTED = "SignUp is not permitted for this user pool";
    static final String NO_AUTO_VERIFICATION = "Auto verification not turned on.";

    private final AuthClients clients;
    private final UserPoolOperations pools;
    private final UserOperations userOperations;
    private final UserStore users;
    private final UserDirectory directory;
    private final PasswordHasher hasher;
    private final VerificationCodes codes;
    private final CodeSender sender;
    private final Clock clock;

    public SignUpOperations(AuthClients clients, UserPoolOperations pools, UserOperations userOperations, UserStore users,
                            PasswordHasher hasher, VerificationCodes codes, CodeSender sender, Clock clock) {
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

    public record SignUpResponse(boolean userConfirmed, CodeDeliveryDetails codeDeliveryDetails, String userSub) {}

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
        Validate.required(r.password(), "password");
        Validate.length(r.secretHash(), "secretHash", 1, 128);
        SignInClient target = clients.publicClient(r.clientId());
        UserPool pool = target.pool();
        SecretHash.check(target.client(), r.secretHash(), List.of(r.username()));
        if (adminCreateUserOnly(pool)) {
            throw AwsException.notAuthorized(SIGN_UP_NOT_PERMITTED);
        }
        UserOperations.checkPassword(pool, r.password(), "password");
        Map<String, String> attributes = AttributeRules.check(pool, r.userAttributes(), "userAttributes", Write.CREATE);
        for (String verified : List.of("email_verified", "phone_number_verified")) {
            if (attributes.containsKey(verified)) {
                throw AttributeRules.invalid(Write.CREATE, verified, "A user cannot mark an attribute verified at sign-up.");
            }
        }
        String sub = UUID.randomUUID().toString();
        String username = name;
        if (pool.usernameAttributes() != null && !pool.usernameAttributes().isEmpty()) {
            String attribute = UserOperations.signInAttribute(pool, name);
            attributes.put(attribute, name);
            if (!userOperations.holders(pool, attribute, name).isEmpty()) {
                throw new AwsException("UsernameExistsException", "An account with the given " + attribute + " already exists.");
            }
            username = sub;
        } else {
            UserOperations.refuseAliasShapedUsername(pool, name);
        }
        AttributeRules.requireRequired(pool, attributes, Write.CREATE);
        String key = Usernames.key(pool, username);
        if (users.find(pool.id(), key).isPresent()) {
            throw userExists();
        }
        Triggers.SignUpDecision decision = preSignUp(pool, target.client().clientId(), username, attributes, r);
        Instant now = clock.instant();
        UserStatus status = decision.autoConfirmUser() ? UserStatus.CONFIRMED : UserStatus.UNCONFIRMED;
        User user = new User(pool.id(), username, key, sub, UserOperations.toList(attributes), true, status,
                hasher.hash(r.password()), now, now, null);
        try {
            users.insert(user);
        } catch (DuplicateKeyException e) {
            throw userExists();
        }
        userOperations.passwordSet(user, r.password());
        if (decision.autoConfirmUser()) {
            return new SignUpResponse(true, null, sub);
        }
        MessageOccasion occasion = MessageOccasion.of(MessageOccasion.Source.SIGN_UP, target.client().clientId(),
                r.clientMetadata());
        CodeDeliveryDetails details = CodeSender.signUpDestination(pool, user)
                .map(destination -> send(pool, user, destination, occasion))
                .orElse(null);
        return new SignUpResponse(false, details, sub);
    }

    private Object confirmSignUp(ConfirmSignUpRequest r, Caller caller) {
        String name = UserOperations.username(r.username());
        String code = CodeAnswers.confirmationCode(r.confirmationCode());
        Validate.length(r.secretHash(), "secretHash", 1, 128);
        SignInClient target = clients.publicClient(r.clientId());
        UserPool pool = target.pool();
        SecretHash.check(target.client(), r.secretHash(), List.of(r.username()));
        boolean hide = CodeAnswers.preventsExistenceErrors(target.client());
        User user = directory.find(pool, name)
                .orElseThrow(() -> CodeAnswers.unknownUser(target.client(), CodeAnswers.codeMismatch()));
        if (user.status() != UserStatus.UNCONFIRMED) {
            throw hide ? CodeAnswers.codeMismatch() : cannotConfirm(user);
        }
        Optional<String> sentTo = codes.pendingAttribute(user, Purpose.SIGN_UP);
        List<User> aliasLosers = sentTo.isEmpty() ? List.of()
                : userOperations.aliasConflicts(pool, user, verified(user, sentTo.get()),
                        Boolean.TRUE.equals(r.forceAliasCreation()));
        String attribute = CodeAnswers.accepted(codes.consume(user, Purpose.SIGN_UP, code), hide);
        User confirmed = confirm(pool, user, attribute, aliasLosers);
        postConfirmation(pool, target.client().clientId(), confirmed, r.clientMetadata());
        return Empty.INSTANCE;
    }

    private Object resend(ResendConfirmationCodeRequest r, Caller caller) {
        String name = UserOperations.username(r.username());
        Validate.length(r.secretHash(), "secretHash", 1, 128);
        SignInClient target = clients.publicClient(r.clientId());
        UserPool pool = target.pool();
        SecretHash.check(target.client(), r.secretHash(), List.of(r.username()));
        Optional<User> found = directory.find(pool, name);
        if (found.isEmpty()) {
            if (CodeAnswers.preventsExistenceErrors(target.client()) && autoVerified(pool).isPresent()) {
                return new CodeDeliveryResponse(CodeAnswers.simulated(pool.id(), name, autoVerified(pool).get()));
            }
            throw CodeAnswers.unknownUser(target.client(), AwsException.invalidParameter(NO_AUTO_VERIFICATION));
        }
        User user = found.get();
        if (user.status() != UserStatus.UNCONFIRMED) {
            if (CodeAnswers.preventsExistenceErrors(target.client()) && autoVerified(pool).isPresent()) {
                return new CodeDeliveryResponse(CodeAnswers.simulated(pool.id(), name, autoVerified(pool).get()));
            }
            throw AwsException.invalidParameter("User is already confirmed.");
        }
        CodeDestination destination = CodeSender.signUpDestination(pool, user)
                .orElseThrow(() -> AwsException.invalidParameter(NO_AUTO_VERIFICATION));
        return new CodeDeliveryResponse(send(pool, user, destination, MessageOccasion.of(MessageOccasion.Source.RESEND_CODE,
                target.client().clientId(), r.clientMetadata())));
    }

    private Object adminConfirm(AdminConfirmSignUpRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        User user = userOperations.existingUser(pool, UserOperations.username(r.username()));
        if (user.status() != UserStatus.UNCONFIRMED) {
            throw cannotConfirm(user);
        }
        User confirmed = confirm(pool, user, null, List.of());
        postConfirmation(pool, null, confirmed, r.clientMetadata());
        return Empty.INSTANCE;
    }

    private CodeDeliveryDetails send(UserPool pool, User user, CodeDestination destination, MessageOccasion occasion) {
        String code = CodeAnswers.issued(codes.issue(user, Purpose.SIGN_UP, destination.attribute()));
        sender.send(pool, user, destination, code, occasion);
        return CodeDeliveryDetails.of(destination);
    }

    /** CONFIRMED, and the attribute the code went to verified (its alias taken from {@code aliasLosers}). */
    private User confirm(UserPool pool, User user, String verifiedAttribute, List<User> aliasLosers) {
        Instant now = clock.instant();
        Map<String, String> attributes = UserOperations.toMap(user.attributes());
        if (verifiedAttribute != null && attributes.containsKey(verifiedAttribute)) {
            attributes.put(verifiedAttribute + "_verified", "true");
        }
        User confirmed = user.withAttributes(UserOperations.toList(attributes), now)
                .withPassword(user.passwordHash(), UserStatus.CONFIRMED, now);
        if (!users.update(confirmed)) {
            throw AwsException.userNotFound();
        }
        for (User loser : aliasLosers) {
            users.update(loser.withAttributes(UserOperations.unverified(pool, loser, attributes), now));
        }
        return confirmed;
    }

    /**
     * PreSignUp_SignUp, before the user is stored: its error refuses the sign-up; its answer may
     * confirm the user (no code is sent) and mark the given e-mail address or phone number verified.
     */
    private Triggers.SignUpDecision preSignUp(UserPool pool, String clientId, String username, Map<String, String> attributes,
                                              SignUpRequest r) {
        Triggers triggers = userOperations.triggers();
        if (triggers == null) {
            return Triggers.SignUpDecision.NONE;
        }
        Map<String, String> validationData = new java.util.LinkedHashMap<>();
        if (r.validationData() != null) {
            r.validationData().stream().filter(a -> a != null && a.name() != null && a.value() != null)
                    .forEach(a -> validationData.put(a.name(), a.value()));
        }
        Triggers.SignUpDecision decision = triggers.preSignUp(pool, Triggers.SignUpSource.SIGN_UP, clientId, username,
                new java.util.LinkedHashMap<>(attributes), validationData, r.clientMetadata());
        if (decision.autoVerifyEmail() && attributes.containsKey("email")) {
            attributes.put("email_verified", "true");
        }
        if (decision.autoVerifyPhone() && attributes.containsKey("phone_number")) {
            attributes.put("phone_number_verified", "true");
        }
        return decision;
    }

    /** PostConfirmation_ConfirmSignUp; as in Cognito the user stays confirmed when the function fails. */
    private void postConfirmation(UserPool pool, String clientId, User confirmed, Map<String, String> clientMetadata) {
        Triggers triggers = userOperations.triggers();
        if (triggers != null) {
            triggers.postConfirmation(pool, Triggers.ConfirmationSource.CONFIRM_SIGN_UP, clientId, confirmed, clientMetadata);
        }
    }

    /** The user's attributes as they will be once {@code attribute} is verified (for the alias check). */
    private static Map<String, String> verified(User user, String attribute) {
        Map<String, String> attributes = UserOperations.toMap(user.attributes());
        if (attributes.containsKey(attribute)) {
            attributes.put(attribute + "_verified", "true");
        }
        return attributes;
    }

    private static Optional<String> autoVerified(UserPool pool) {
        List<String> auto = pool.autoVerifiedAttributes() == null ? List.of() : pool.autoVerifiedAttributes();
        return auto.contains("phone_number") ? Optional.of("phone_number")
                : auto.contains("email") ? Optional.of("email") : Optional.empty();
    }

    static boolean adminCreateUserOnly(UserPool pool) {
        JsonNode config = pool.adminCreateUserConfig();
        return config != null && config.path("AllowAdminCreateUserOnly").asBoolean(false);
    }

    private static AwsException cannotConfirm(User user) {
        return AwsException.notAuthorized("User cannot be confirmed. Current status is " + user.status());
    }

    private static AwsException userExists() {
        return new AwsException("UsernameExistsException", "User already exists");
    }
}

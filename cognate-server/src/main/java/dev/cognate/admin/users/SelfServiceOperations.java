package dev.cognate.admin.users;

import dev.cognate.audit.AuditTrail;
import dev.cognate.audit.Origin;
import dev.cognate.store.AuthEvent;
import dev.cognate.authn.MessageOccasion;
import dev.cognate.admin.AwsException;
import dev.cognate.admin.Caller;
import dev.cognate.admin.Empty;
import dev.cognate.admin.OperationFamily;
import dev.cognate.admin.OperationRegistry;
import dev.cognate.admin.Validate;
import dev.cognate.admin.auth.SignedInUsers;
import dev.cognate.admin.pools.UserPoolOperations;
import dev.cognate.admin.users.AttributeRules.Write;
import dev.cognate.pools.UserPool;
import dev.cognate.store.RefreshTokenStore;
import dev.cognate.store.UserStore;
import dev.cognate.authn.CodeDestination;
import dev.cognate.authn.CodeSender;
import dev.cognate.users.PasswordHasher;
import dev.cognate.authn.SignInThrottle;
import dev.cognate.users.User;
import dev.cognate.users.UserAttribute;
import dev.cognate.authn.VerificationCodes;
import dev.cognate.authn.VerificationCodes.Checked;
import dev.cognate.authn.VerificationCodes.Purpose;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a signed-in user does to its own account with its access token (public, unsigned):
 * ChangePassword, UpdateUserAttributes, DeleteUserAttributes, GetUserAttributeVerificationCode,
 * VerifyUserAttribute, DeleteUser. Wrong previous passwords count as failed sign-ins, so
 * guessing through ChangePassword is throttled like guessing at sign-in. A user never marks
 * its own e-mail or phone number verified: only a code sent there does.
 */
public final class SelfServiceOperations implements OperationFamily {
    static final List<String> VERIFIABLE = List.of("email", "phone_number");

    private final AuditTrail audit;
    private final SignedInUsers signedIn;
    private final UserPoolOperations pools;
    private final UserOperations userOperations;
    private final UserStore users;
    private final RefreshTokenStore refreshTokens;
    private final PasswordHasher hasher;
    private final SignInThrottle throttle;
    private final VerificationCodes codes;
    private final PendingUpdates pendingUpdates;
    private final Clock clock;

    public SelfServiceOperations(SignedInUsers signedIn, UserPoolOperations pools, UserOperations userOperations,
                                 UserStore users, RefreshTokenStore refreshTokens, PasswordHasher hasher,
                                 SignInThrottle throttle, VerificationCodes codes, CodeSender sender, Clock clock,
                                 AuditTrail audit) {
        this.audit = audit;
        this.signedIn = signedIn;
        this.pools = pools;
        this.userOperations = userOperations;
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.hasher = hasher;
        this.throttle = throttle;
        this.codes = codes;
        this.pendingUpdates = new PendingUpdates(codes, sender);
        this.clock = clock;
    }

    @Override
    public void registerWith(OperationRegistry registry) {
        registry.unsigned("ChangePassword", ChangePasswordRequest.class, this::changePassword);
        registry.unsigned("UpdateUserAttributes", UpdateUserAttributesRequest.class, this::updateAttributes);
        registry.unsigned("DeleteUserAttributes", DeleteUserAttributesRequest.class, this::deleteAttributes);
        registry.unsigned("GetUserAttributeVerificationCode", AttributeCodeRequest.class, this::attributeCode);
        registry.unsigned("VerifyUserAttribute", VerifyUserAttributeRequest.class, this::verifyAttribute);
        registry.unsigned("DeleteUser", AccessTokenOnly.class, this::deleteUser);
    }

    public record ChangePasswordRequest(String previousPassword, String proposedPassword, String accessToken) {
        @Override
        public String toString() {
            return "ChangePasswordRequest";
        }
    }

    public record UpdateUserAttributesRequest(List<UserAttribute> userAttributes, String accessToken,
                                              Map<String, String> clientMetadata) {
        @Override
        public String toString() {
            return "UpdateUserAttributesRequest";
        }
    }

    public record UpdateUserAttributesResponse(List<CodeDeliveryDetails> codeDeliveryDetailsList) {}

    public record DeleteUserAttributesRequest(List<String> userAttributeNames, String accessToken) {
        @Override
        public String toString() {
            return "DeleteUserAttributesRequest" + userAttributeNames;
        }
    }

    public record AttributeCodeRequest(String accessToken, String attributeName, Map<String, String> clientMetadata) {
        @Override
        public String toString() {
            return "AttributeCodeRequest[" + attributeName + "]";
        }
    }

    public record VerifyUserAttributeRequest(String accessToken, String attributeName, String code) {
        @Override
        public String toString() {
            return "VerifyUserAttributeRequest[" + attributeName + "]";
        }
    }

    public record AccessTokenOnly(String accessToken) {
        @Override
        public String toString() {
            return "AccessTokenOnly";
        }
    }

    private Object changePassword(ChangePasswordRequest r, Caller caller) {
        Validate.required(r.proposedPassword(), "proposedPassword");
        Validate.required(r.previousPassword(), "previousPassword");
        User user = signedIn.user(r.accessToken());
        UserPool pool = pools.existing(user.poolId());
        if (throttle.waitBefore(pool.id(), user.usernameKey(), null).isPresent()) {
            throw AwsException.limitExceeded(CodeAnswers.ATTEMPT_LIMIT);
        }
        if (!hasher.verify(r.previousPassword(), user.passwordHash())) {
            throttle.failed(pool.id(), user.usernameKey(), caller.sourceAddress());
            passwordChange(user, AuthEvent.Response.Fail, AuthEvent.Challenge.PASSWORD_FAILURE, caller);
            throw AwsException.notAuthorized("Incorrect username or password.");
        }
        UserOperations.checkPassword(pool, r.proposedPassword(), "proposedPassword");
        User changed = user.withPassword(hasher.hash(r.proposedPassword()), user.status(), clock.instant());
        if (!users.update(user, changed)) {
            throw AwsException.userNotFound();
        }
        userOperations.passwordSet(changed, r.proposedPassword());
        passwordChange(changed, AuthEvent.Response.Pass, AuthEvent.Challenge.PASSWORD_SUCCESS, caller);
        return Empty.INSTANCE;
    }

    /** ChangePassword's event: the previous password is its challenge. */
    private void passwordChange(User user, AuthEvent.Response response, AuthEvent.Challenge previous, Caller caller) {
        audit.authEvent(user.poolId(), user, null, AuthEvent.COGNITO, AuthEvent.Type.PasswordChange, response,
                java.util.List.of(previous), new Origin(caller.sourceAddress(), caller.userAgent()));
    }

    /**
     * A changed e-mail or phone number is unverified until its code comes back; when the pool
     * verifies it automatically the code is sent at once (CodeDeliveryDetailsList). When the
     * pool keeps values until their update is verified (AttributesRequireVerificationBeforeUpdate),
     * the old value and its verified mark stay in effect and the new value waits with its code.
     */
    private Object updateAttributes(UpdateUserAttributesRequest r, Caller caller) {
        Validate.required(r.userAttributes(), "userAttributes");
        User user = signedIn.user(r.accessToken());
        UserPool pool = pools.existing(user.poolId());
        Map<String, String> changes = AttributeRules.check(pool, r.userAttributes(), "userAttributes", Write.UPDATE);
        for (String attribute : VERIFIABLE) {
            if (changes.containsKey(attribute + "_verified")) {
                throw AttributeRules.invalid(Write.UPDATE, attribute + "_verified",
                        "A user cannot verify an attribute by setting it; VerifyUserAttribute does.");
            }
        }
        Map<String, String> pending = PendingUpdates.holdBack(pool, user, changes);
        List<String> changed = new ArrayList<>();
        for (String attribute : VERIFIABLE) {
            String value = changes.get(attribute);
            if (value != null && !value.equals(user.attribute(attribute).orElse(null))) {
                changes.put(attribute + "_verified", "false");
                changed.add(attribute);
            }
        }
        User updated = changes.isEmpty() ? user : userOperations.applyUpdate(pool, user, changes);
        List<CodeDeliveryDetails> sent = new ArrayList<>();
        MessageOccasion occasion = MessageOccasion.of(MessageOccasion.Source.UPDATE_USER_ATTRIBUTE, null, r.clientMetadata());
        List<String> auto = pool.autoVerifiedAttributes() == null ? List.of() : pool.autoVerifiedAttributes();
        for (String attribute : changed) {
            String value = updated.attribute(attribute).orElse("");
            if (auto.contains(attribute) && !value.isEmpty()) {
                sent.add(send(pool, updated, CodeDestination.of(attribute, value), null, occasion));
            }
        }
        pending.forEach((attribute, value) -> sent.add(send(pool, updated, CodeDestination.of(attribute, value), value,
                occasion)));
        return new UpdateUserAttributesResponse(sent.isEmpty() ? null : sent);
    }

    private Object deleteAttributes(DeleteUserAttributesRequest r, Caller caller) {
        UserOperations.validAttributeNames(r.userAttributeNames());
        User user = signedIn.user(r.accessToken());
        userOperations.applyDelete(pools.existing(user.poolId()), user, r.userAttributeNames());
        return Empty.INSTANCE;
    }

    private Object attributeCode(AttributeCodeRequest r, Caller caller) {
        String attribute = verifiableAttribute(r.attributeName());
        User user = signedIn.user(r.accessToken());
        UserPool pool = pools.existing(user.poolId());
        // An update waiting for its code is what a new code verifies, sent to the new value.
        String pending = codes.pendingValue(user, Purpose.verify(attribute)).orElse(null);
        String value = pending != null ? pending : user.attribute(attribute).filter(v -> !v.isEmpty())
                .orElseThrow(() -> AwsException.invalidParameter("The user has no " + attribute + " to verify."));
        return new SignUpOperations.CodeDeliveryResponse(send(pool, user, CodeDestination.of(attribute, value), pending,
                MessageOccasion.of(MessageOccasion.Source.VERIFY_USER_ATTRIBUTE, null, r.clientMetadata())));
    }

    private Object verifyAttribute(VerifyUserAttributeRequest r, Caller caller) {
        String attribute = verifiableAttribute(r.attributeName());
        Validate.requiredString(r.code(), "code", 1, 2048);
        Validate.pattern(r.code(), "code", CodeAnswers.CONFIRMATION_CODE);
        User user = signedIn.user(r.accessToken());
        UserPool pool = pools.existing(user.poolId());
        String pending = codes.pendingValue(user, Purpose.verify(attribute)).orElse(null);
        Map<String, String> attributes = verified(user, attribute, pending);
        // An alias another user holds verified stays theirs: refused before the code is spent.
        userOperations.aliasConflicts(pool, user, attributes, false);
        checkUsernameAttribute(pool, user, attribute, pending);
        Checked checked = codes.consume(user, Purpose.verify(attribute), r.code());
        CodeAnswers.accepted(checked);
        String applied = checked instanceof Checked.Accepted accepted ? accepted.pendingValue() : null;
        if (!Objects.equals(applied, pending)) {
            // Another update replaced the pending value meanwhile: what the code was sent to is verified.
            attributes = verified(user, attribute, applied);
            userOperations.aliasConflicts(pool, user, attributes, false);
            checkUsernameAttribute(pool, user, attribute, applied);
        }
        if (!users.update(user, user.withAttributes(UserOperations.toList(attributes), clock.instant()))) {
            throw AwsException.userNotFound();
        }
        return Empty.INSTANCE;
    }

    /** The user's attributes once {@code attribute} is verified: its pending value (when there is one) in effect. */
    private static Map<String, String> verified(User user, String attribute, String pending) {
        Map<String, String> attributes = UserOperations.toMap(user.attributes());
        if (pending != null) {
            attributes.put(attribute, pending);
        }
        if (!attributes.containsKey(attribute)) {
            throw AwsException.invalidParameter("The user has no " + attribute + " to verify.");
        }
        attributes.put(attribute + "_verified", "true");
        return attributes;
    }

    /** In a pool that signs in by e-mail or phone number, a pending value someone else holds cannot become this user's. */
    private void checkUsernameAttribute(UserPool pool, User user, String attribute, String pending) {
        if (pending != null && pool.usernameAttributes() != null && pool.usernameAttributes().contains(attribute)
                && userOperations.holders(pool, attribute, pending).stream().anyMatch(u -> !u.sub().equals(user.sub()))) {
            throw UserOperations.aliasExists(attribute);
        }
    }

    private Object deleteUser(AccessTokenOnly r, Caller caller) {
        User user = signedIn.user(r.accessToken());
        refreshTokens.revokeUser(user.poolId(), user.username(), clock.instant());
        if (!users.delete(user.poolId(), user.username())) {
            throw AwsException.userNotFound();
        }
        return Empty.INSTANCE;
    }

    /** @param pending the new value the code is sent to and verifies, or null for the current value */
    private CodeDeliveryDetails send(UserPool pool, User user, CodeDestination destination, String pending,
                                     MessageOccasion occasion) {
        return pendingUpdates.send(pool, user, destination, pending, occasion);
    }

    private static String verifiableAttribute(String name) {
        Validate.requiredString(name, "attributeName", 1, 32);
        Validate.pattern(name, "attributeName", AttributeRules.ATTRIBUTE_NAME);
        if (!VERIFIABLE.contains(name)) {
            throw AwsException.invalidParameter("Only email and phone_number can be verified; " + name + " cannot.");
        }
        return name;
    }
}

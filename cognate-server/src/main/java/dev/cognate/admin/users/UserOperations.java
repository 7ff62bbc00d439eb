package dev.cognate.admin.users;

import dev.cognate.admin.AwsException;
import dev.cognate.admin.PageTokens;
import dev.cognate.admin.Caller;
import dev.cognate.admin.Empty;
import dev.cognate.admin.OperationFamily;
import dev.cognate.admin.OperationRegistry;
import dev.cognate.admin.Validate;
import dev.cognate.admin.pools.UserPoolOperations;
import dev.cognate.admin.users.AttributeRules.Write;
import dev.cognate.pools.UserPool;
import dev.cognate.store.DuplicateKeyException;
import dev.cognate.store.Page;
import dev.cognate.store.RefreshTokenStore;
import dev.cognate.store.UserStore;
import dev.cognate.authn.CodeDestination;
import dev.cognate.authn.CodeSender;
import dev.cognate.triggers.Triggers;
import dev.cognate.users.PasswordHasher;
import dev.cognate.users.TemporaryPasswords;
import dev.cognate.authn.EmailOtp;
import dev.cognate.authn.SmsOtp;
import dev.cognate.authn.MfaSummary;
import dev.cognate.authn.SoftwareTokenMfa;
import dev.cognate.authn.SrpVerifiers;
import dev.cognate.users.User;
import dev.cognate.users.UserAttribute;
import dev.cognate.authn.AliasConflicts;
import dev.cognate.authn.SignUp;
import dev.cognate.authn.UserDirectory;
import dev.cognate.authn.VerificationCodes;
import dev.cognate.users.UserFilter;
import dev.cognate.users.UserStatus;
import dev.cognate.users.Usernames;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * AdminCreateUser, AdminGetUser, ListUsers, AdminUpdateUserAttributes,
 * AdminDeleteUserAttributes, AdminDeleteUser, AdminDisableUser, AdminEnableUser,
 * AdminSetUserPassword, AdminUserGlobalSignOut. AdminCreateUser invites the user (username and
 * temporary password) by each DesiredDeliveryMedium it has an attribute for, unless
 * MessageAction is SUPPRESS. In pools with AttributesRequireVerificationBeforeUpdate, a new
 * e-mail or phone number set by AdminUpdateUserAttributes waits for its code
 * ({@link PendingUpdates}) unless the same call sets it verified.
 */
public final class UserOperations implements OperationFamily {
    static final Pattern USERNAME = Pattern.compile("[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+");
    private static final Pattern PASSWORD = Pattern.compile("[\\S]+(.*[\\S]+)?", Pattern.DOTALL);
    private static final List<String> VERIFIABLE = List.of("email", "phone_number");

    static final String SOFTWARE_TOKEN_MFA = "SOFTWARE_TOKEN_MFA";

    private final UserPoolOperations pools;
    private final UserStore users;
    private final RefreshTokenStore refreshTokens;
    private final UserDirectory directory;
    private final PasswordHasher hasher;
    private final SrpVerifiers verifiers;
    private final SoftwareTokenMfa mfa;
    private final EmailOtp emailOtp;
    private final SmsOtp smsOtp;
    private final CodeSender sender;
    private final Clock clock;
    private final Triggers triggers;
    private final AliasConflicts aliases;
    private final PendingUpdates pendingUpdates;
    private final UserMigrations migrations;

    /**
     * @param codes the codes that verify updated e-mail addresses and phone numbers in pools with
     *              AttributesRequireVerificationBeforeUpdate; null to update them at once
     */
    public UserOperations(UserPoolOperations pools, UserStore users, PasswordHasher hasher, SrpVerifiers verifiers,
                          SoftwareTokenMfa mfa, RefreshTokenStore refreshTokens, CodeSender sender, Clock clock,
                          Triggers triggers, EmailOtp emailOtp, SmsOtp smsOtp, VerificationCodes codes) {
        this.pendingUpdates = codes == null ? null : new PendingUpdates(codes, sender);
        this.emailOtp = emailOtp;
        this.smsOtp = smsOtp;
        this.triggers = triggers;
        this.migrations = new UserMigrations(this, users, hasher, verifiers, sender, clock);
        this.sender = sender;
        this.pools = pools;
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.directory = new UserDirectory(users);
        this.aliases = new AliasConflicts(users);
        this.hasher = hasher;
        this.verifiers = verifiers;
        this.mfa = mfa;
        this.clock = clock;
    }

    @Override
    public void registerWith(OperationRegistry registry) {
        registry.signed("AdminCreateUser", AdminCreateUserRequest.class, this::create);
        registry.signed("AdminGetUser", UserRequest.class, this::get);
        registry.signed("ListUsers", ListUsersRequest.class, this::list);
        registry.signed("AdminUpdateUserAttributes", AdminUpdateUserAttributesRequest.class, this::updateAttributes);
        registry.signed("AdminDeleteUserAttributes", AdminDeleteUserAttributesRequest.class, this::deleteAttributes);
        registry.signed("AdminDeleteUser", UserRequest.class, this::delete);
        registry.signed("AdminDisableUser", UserRequest.class, this::disable);
        registry.signed("AdminEnableUser", UserRequest.class, this::enable);
        registry.signed("AdminSetUserPassword", AdminSetUserPasswordRequest.class, this::setPassword);
        registry.signed("AdminUserGlobalSignOut", UserRequest.class, this::globalSignOut);
    }

    public record AdminCreateUserRequest(
            String userPoolId,
            String username,
            List<UserAttribute> userAttributes,
            List<UserAttribute> validationData,
            String temporaryPassword,
            Boolean forceAliasCreation,
            String messageAction,
            List<String> desiredDeliveryMediums,
            Map<String, String> clientMetadata) {}

    public record UserRequest(String userPoolId, String username) {}

    public record ListUsersRequest(String userPoolId, List<String> attributesToGet, Integer limit,
                                   String paginationToken, String filter) {}

    public record AdminUpdateUserAttributesRequest(String userPoolId, String username,
                                                   List<UserAttribute> userAttributes,
                                                   Map<String, String> clientMetadata) {}

    public record AdminDeleteUserAttributesRequest(String userPoolId, String username, List<String> userAttributeNames) {}

    public record AdminSetUserPasswordRequest(String userPoolId, String username, String password, Boolean permanent) {}

    public record AdminCreateUserResponse(UserType user) {}

    public record AdminGetUserResponse(
            String username,
            List<UserAttribute> userAttributes,
            Instant userCreateDate,
            Instant userLastModifiedDate,
            boolean enabled,
            UserStatus userStatus,
            String preferredMfaSetting,
            List<String> userMFASettingList,
            @com.fasterxml.jackson.annotation.JsonProperty("MFAOptions") List<dev.cognate.admin.MfaOptionType> mfaOptions) {}

    public record ListUsersResponse(List<UserType> users, String paginationToken) {}

    private Object create(AdminCreateUserRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        String name = username(r.username());
        Validate.oneOf(r.messageAction(), "messageAction", List.of("RESEND", "SUPPRESS"));
        if (r.desiredDeliveryMediums() != null) {
            for (String medium : r.desiredDeliveryMediums()) {
                Validate.oneOf(Validate.required(medium, "desiredDeliveryMediums"), "desiredDeliveryMediums",
                        List.of("SMS", "EMAIL"));
            }
        }
        if (r.temporaryPassword() != null) {
            checkPassword(pool, r.temporaryPassword(), "temporaryPassword");
        }
        List<String> mediums = r.desiredDeliveryMediums() == null || r.desiredDeliveryMediums().isEmpty()
                ? List.of("SMS") : r.desiredDeliveryMediums();
        if ("RESEND".equals(r.messageAction())) {
            return resend(pool, name, r.temporaryPassword(), mediums, r.clientMetadata());
        }
        Map<String, String> attributes = AttributeRules.check(pool, r.userAttributes(), "userAttributes", Write.CREATE);
        String username = name;
        String sub = UUID.randomUUID().toString();
        if (hasAny(pool.usernameAttributes())) {
            String attribute = signInAttribute(pool, name);
            attributes.put(attribute, name);
            if (!holders(pool, attribute, name).isEmpty()) {
                throw new AwsException("UsernameExistsException", "An account with the given " + attribute + " already exists.");
            }
            username = sub;
        } else {
            refuseAliasShapedUsername(pool, name);
        }
        AttributeRules.requireRequired(pool, attributes, Write.CREATE);
        String key = Usernames.key(pool, username);
        if (users.find(pool.id(), key).isPresent()) {
            throw usernameExists();
        }
        if (triggers != null) {
            preSignUp(pool, username, attributes, r);
        }
        List<User> aliasLosers = aliasConflicts(pool, null, attributes, Boolean.TRUE.equals(r.forceAliasCreation()));
        Instant now = clock.instant();
        List<CodeDestination> invitations = "SUPPRESS".equals(r.messageAction()) ? List.of()
                : invitationDestinations(attributes, mediums);
        String temporaryPassword = r.temporaryPassword() != null || invitations.isEmpty() ? r.temporaryPassword()
                : TemporaryPasswords.generate(pool.passwordPolicy());
        User user = new User(pool.id(), username, key, sub, toList(attributes), true, UserStatus.FORCE_CHANGE_PASSWORD,
                temporaryPassword == null ? null : hasher.hash(temporaryPassword), now, now, null);
        try {
            users.insert(user);
        } catch (DuplicateKeyException e) {
            throw usernameExists();
        }
        verifiers.remember(user, temporaryPassword);
        for (User loser : aliasLosers) {
            AliasConflicts.unverify(users, loser, loser.withAttributes(unverified(pool, loser, attributes), now));
        }
        invitations.forEach(destination -> sender.sendInvitation(pool, user, destination, temporaryPassword,
                r.clientMetadata()));
        return new AdminCreateUserResponse(UserType.of(user));
    }

    /**
     * Where the invitation goes: each DesiredDeliveryMedium (SMS when none is named, as in
     * Cognito) for which the user has the attribute. A user without one is created uninvited.
     */
    static List<CodeDestination> invitationDestinations(Map<String, String> attributes, List<String> mediums) {
        List<CodeDestination> destinations = new ArrayList<>();
        for (String medium : mediums) {
            String attribute = medium.equals("SMS") ? "phone_number" : "email";
            String value = attributes.get(attribute);
            if (value != null && !value.isEmpty()) {
                destinations.add(CodeDestination.of(attribute, value));
            }
        }
        return destinations;
    }

    /**
     * PreSignUp_AdminCreateUser: a function error refuses the user (nothing is created);
     * autoVerifyEmail / autoVerifyPhone mark an address the request gave as verified. The user
     * still has to change the temporary password, so autoConfirmUser changes nothing here.
     */
    private void preSignUp(UserPool pool, String username, Map<String, String> attributes, AdminCreateUserRequest r) {
        Map<String, String> validationData = new java.util.LinkedHashMap<>();
        if (r.validationData() != null) {
            r.validationData().stream().filter(a -> a != null && a.name() != null && a.value() != null)
                    .forEach(a -> validationData.put(a.name(), a.value()));
        }
        Triggers.SignUpDecision decision = triggers.preSignUp(pool, Triggers.SignUpSource.ADMIN_CREATE_USER, null,
                username, new java.util.LinkedHashMap<>(attributes), validationData, r.clientMetadata());
        if (decision.autoVerifyEmail() && attributes.containsKey("email")) {
            attributes.put("email_verified", "true");
        }
        if (decision.autoVerifyPhone() && attributes.containsKey("phone_number")) {
            attributes.put("phone_number_verified", "true");
        }
    }

    /** Users the pools' UserMigration triggers vouch for (password sign-in and ForgotPassword). */
    public UserMigrations migrations() {
        return migrations;
    }

    /** The pools' Lambda triggers; null when this node has none wired. */
    Triggers triggers() {
        return triggers;
    }

    /**
     * Keeps the SRP verifier in step with a password just stored for {@code user} (sign-up, reset,
     * change): without it an app that signs in with USER_SRP_AUTH only could not sign in again.
     */
    void passwordSet(User user, String password) {
        verifiers.remember(user, password);
    }

    /** MessageAction RESEND: the user exists and still has to change its temporary password. */
    private Object resend(UserPool pool, String name, String temporaryPassword, List<String> mediums,
                          Map<String, String> clientMetadata) {
        User user = existingUser(pool, name);
        if (user.status() != UserStatus.FORCE_CHANGE_PASSWORD) {
            throw new AwsException("UnsupportedUserStateException",
                    "Resend not possible. " + user.username() + " status is not FORCE_CHANGE_PASSWORD.");
        }
        Instant now = clock.instant();
        List<CodeDestination> invitations = invitationDestinations(toMap(user.attributes()), mediums);
        // A resent invitation carries a new temporary password (the old one is only a hash here).
        String password = temporaryPassword != null || invitations.isEmpty() ? temporaryPassword
                : TemporaryPasswords.generate(pool.passwordPolicy());
        User resent = user.withPassword(password == null ? user.passwordHash() : hasher.hash(password),
                UserStatus.FORCE_CHANGE_PASSWORD, now);
        if (!users.update(user, resent)) {
            throw AwsException.userNotFound();
        }
        if (password != null) {
            verifiers.remember(resent, password);
        }
        invitations.forEach(destination -> sender.sendInvitation(pool, resent, destination, password, clientMetadata));
        return new AdminCreateUserResponse(UserType.of(resent));
    }

    private Object get(UserRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        User user = existingUser(pool, username(r.username()));
        MfaSummary factors = MfaSummary.of(mfa, emailOtp, smsOtp, user);
        return new AdminGetUserResponse(user.username(), UserType.attributes(user, null), user.createdAt(),
                user.lastModifiedAt(), user.enabled(), user.status(), factors.preferred(), factors.enabled(),
                dev.cognate.admin.MfaOptionType.of(factors));
    }

    private Object list(ListUsersRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        Validate.range(r.limit(), "limit", 0, 60);
        int limit = r.limit() == null || r.limit() == 0 ? 60 : r.limit();
        if (r.paginationToken() != null) {
            Validate.pattern(r.paginationToken(), "paginationToken", Pattern.compile("[\\S]+"));
        }
        String after = PageTokens.decode(r.paginationToken(), "paginationToken");
        if (r.attributesToGet() != null) {
            for (String name : r.attributesToGet()) {
                Validate.requiredString(name, "attributesToGet", 1, 32);
                Validate.pattern(name, "attributesToGet", AttributeRules.ATTRIBUTE_NAME);
            }
        }
        UserFilter filter = UserSearchFilter.parse(r.filter(), pool);
        Page<User> page = users.list(pool.id(), filter, after, limit);
        return new ListUsersResponse(page.items().stream().map(u -> UserType.of(u, r.attributesToGet())).toList(),
                PageTokens.encode(page.next()));
    }

    private Object updateAttributes(AdminUpdateUserAttributesRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        String name = username(r.username());
        Validate.required(r.userAttributes(), "userAttributes");
        User user = existingUser(pool, name);
        Map<String, String> changes = AttributeRules.check(pool, r.userAttributes(), "userAttributes", Write.UPDATE);
        Map<String, String> pending = pendingUpdates == null ? Map.of() : PendingUpdates.holdBack(pool, user, changes);
        User updated = changes.isEmpty() ? user : applyUpdate(pool, user, changes);
        // As in Cognito, the answer is empty: the code goes to the new value, the user sends it back with VerifyUserAttribute.
        dev.cognate.authn.MessageOccasion occasion = dev.cognate.authn.MessageOccasion.of(
                dev.cognate.authn.MessageOccasion.Source.UPDATE_USER_ATTRIBUTE, null, r.clientMetadata());
        pending.forEach((attribute, value) -> pendingUpdates.send(pool, updated, CodeDestination.of(attribute, value), value,
                occasion));
        return Empty.INSTANCE;
    }

    /**
     * Writes checked attribute changes: a changed e-mail or phone number becomes unverified
     * (unless the changes say otherwise), sign-in names and aliases stay unique, required
     * attributes stay. @return the user as updated
     */
    User applyUpdate(UserPool pool, User user, Map<String, String> changes) {
        Map<String, String> attributes = toMap(user.attributes());
        for (String verifiable : VERIFIABLE) {
            String changed = changes.get(verifiable);
            if (changed != null && !changed.equals(attributes.get(verifiable))
                    && !changes.containsKey(verifiable + "_verified") && attributes.containsKey(verifiable + "_verified")) {
                attributes.put(verifiable + "_verified", "false");
            }
        }
        attributes.putAll(changes);
        for (String attribute : orEmpty(pool.usernameAttributes())) {
            String value = changes.get(attribute);
            if (value != null && holders(pool, attribute, value).stream().anyMatch(u -> !u.sub().equals(user.sub()))) {
                throw aliasExists(attribute);
            }
        }
        AttributeRules.requireRequired(pool, attributes, Write.UPDATE);
        aliasConflicts(pool, user, attributes, false);
        User updated = user.withAttributes(toList(attributes), clock.instant());
        if (!users.update(user, updated)) {
            throw AwsException.userNotFound();
        }
        return updated;
    }

    private Object deleteAttributes(AdminDeleteUserAttributesRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        String name = username(r.username());
        validAttributeNames(r.userAttributeNames());
        User user = existingUser(pool, name);
        applyDelete(pool, user, r.userAttributeNames());
        return Empty.INSTANCE;
    }

    static void validAttributeNames(List<String> names) {
        Validate.required(names, "userAttributeNames");
        for (String attribute : names) {
            Validate.requiredString(attribute, "userAttributeNames", 1, 32);
            Validate.pattern(attribute, "userAttributeNames", AttributeRules.ATTRIBUTE_NAME);
        }
    }

    /** Deletes attributes (never a required, immutable or sign-in one); an e-mail or phone number takes its verification along. */
    void applyDelete(UserPool pool, User user, List<String> names) {
        Map<String, String> attributes = toMap(user.attributes());
        for (String attribute : names) {
            var schema = pool.attribute(attribute)
                    .orElseThrow(() -> AttributeRules.invalid(Write.UPDATE, attribute, "Attribute does not exist in the schema."));
            if (schema.isRequired() || attribute.equals("sub")) {
                throw AttributeRules.invalid(Write.UPDATE, attribute, "The attribute is required");
            }
            if (!schema.isMutable()) {
                throw AttributeRules.invalid(Write.UPDATE, attribute, "Attribute cannot be updated. (changing an immutable attribute)");
            }
            if (orEmpty(pool.usernameAttributes()).contains(attribute)) {
                throw AttributeRules.invalid(Write.UPDATE, attribute, "The attribute is the user's sign-in name and cannot be deleted.");
            }
            attributes.remove(attribute);
            if (VERIFIABLE.contains(attribute)) {
                attributes.remove(attribute + "_verified");
            }
        }
        if (!users.update(user, user.withAttributes(toList(attributes), clock.instant()))) {
            throw AwsException.userNotFound();
        }
    }

    private Object delete(UserRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        User user = existingUser(pool, username(r.username()));
        // its tokens die with it (and its sessions, tracked or not, stop being listed)
        refreshTokens.revokeUser(pool.id(), user.username(), clock.instant());
        if (!users.delete(pool.id(), user.username())) {
            throw AwsException.userNotFound();
        }
        return Empty.INSTANCE;
    }

    /** Disabling also revokes every token issued so far, as in Cognito. */
    private Object disable(UserRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        User user = existingUser(pool, username(r.username()));
        Instant now = clock.instant();
        if (!users.setEnabled(pool.id(), user.username(), false, now, now)) {
            throw AwsException.userNotFound();
        }
        return Empty.INSTANCE;
    }

    private Object enable(UserRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        User user = existingUser(pool, username(r.username()));
        if (!users.setEnabled(pool.id(), user.username(), true, null, clock.instant())) {
            throw AwsException.userNotFound();
        }
        return Empty.INSTANCE;
    }

    private Object setPassword(AdminSetUserPasswordRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        String name = username(r.username());
        if (r.password() == null) {
            throw AwsException.invalidParameter(
                    "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must not be null");
        }
        checkPassword(pool, r.password(), "password");
        User user = existingUser(pool, name);
        if (user.status() == UserStatus.EXTERNAL_PROVIDER) {
            throw AwsException.invalidParameter("Users of an external identity provider have no password to set.");
        }
        UserStatus status = Boolean.TRUE.equals(r.permanent()) ? UserStatus.CONFIRMED : UserStatus.FORCE_CHANGE_PASSWORD;
        User changed = user.withPassword(hasher.hash(r.password()), status, clock.instant());
        if (!users.update(user, changed)) {
            throw AwsException.userNotFound();
        }
        verifiers.remember(changed, r.password());
        return Empty.INSTANCE;
    }

    private Object globalSignOut(UserRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        User user = existingUser(pool, username(r.username()));
        Instant now = clock.instant();
        refreshTokens.revokeUser(pool.id(), user.username(), now);
        if (!users.revokeTokensBefore(pool.id(), user.username(), now)) {
            throw AwsException.userNotFound();
        }
        return Empty.INSTANCE;
    }

    /** Looks up the user a request names, by any name Cognito accepts. */
    public User existingUser(UserPool pool, String name) {
        return directory.find(pool, name).orElseThrow(AwsException::userNotFound);
    }

    /** Checks the shape of a Username member (AWS UsernameType). */
    public static String username(String username) {
        Validate.requiredString(username, "username", 1, 128);
        return Validate.pattern(username, "username", USERNAME);
    }

    /** Passwords are never echoed back, not even in a validation error. */
    static void checkPassword(UserPool pool, String password, String member) {
        if (password.length() > 256 || !PASSWORD.matcher(password).matches()) {
            throw AwsException.invalidParameter("1 validation error detected: Value at '" + member
                    + "' failed to satisfy constraint: Member must have length less than or equal to 256 "
                    + "and must not start or end with whitespace");
        }
        String violation = pool.passwordPolicy().violation(password);
        if (violation != null) {
            throw new AwsException("InvalidPasswordException", violation);
        }
    }

    /** Which of the pool's UsernameAttributes a Username given at creation is. */
    static String signInAttribute(UserPool pool, String name) {
        Optional<String> attribute = SignUp.signInAttribute(pool, name);
        if (attribute.isPresent()) {
            return attribute.get();
        }
        List<String> allowed = pool.usernameAttributes();
        if (allowed.size() > 1) {
            throw AwsException.invalidParameter("Username should be either an email or a phone number.");
        }
        throw AwsException.invalidParameter(allowed.contains("email")
                ? "Username should be an email." : "Username should be a phone number.");
    }

    /** In pools with e-mail or phone aliases, a username shaped like one would be ambiguous. */
    static void refuseAliasShapedUsername(UserPool pool, String name) {
        List<String> aliases = orEmpty(pool.aliasAttributes());
        if (aliases.contains("email") && AttributeRules.EMAIL.matcher(name).matches()) {
            throw AwsException.invalidParameter("Username cannot be of email format, since user pool is configured for email alias.");
        }
        if (aliases.contains("phone_number") && AttributeRules.PHONE.matcher(name).matches()) {
            throw AwsException.invalidParameter(
                    "Username cannot be of phone number format, since user pool is configured for phone number alias.");
        }
    }

    /** Other users holding an alias that {@code attributes} claim ({@link AliasConflicts}); AliasExistsException when one cannot move. */
    List<User> aliasConflicts(UserPool pool, User self, Map<String, String> attributes, boolean force) {
        AliasConflicts.Conflicts conflicts = aliases.of(pool, self, attributes, force);
        if (conflicts.refused() != null) {
            throw aliasExists(conflicts.refused());
        }
        return conflicts.losers();
    }

    List<User> holders(UserPool pool, String attribute, String value) {
        return aliases.holders(pool, attribute, value);
    }

    static List<UserAttribute> unverified(UserPool pool, User loser, Map<String, String> claimant) {
        return AliasConflicts.unverified(pool, loser, claimant);
    }

    private static AwsException usernameExists() {
        return new AwsException("UsernameExistsException", "User account already exists");
    }

    static AwsException aliasExists(String attribute) {
        return new AwsException("AliasExistsException", "An account with the given " + attribute + " already exists.");
    }

    static Map<String, String> toMap(List<UserAttribute> attributes) {
        return AliasConflicts.toMap(attributes);
    }

    static List<UserAttribute> toList(Map<String, String> attributes) {
        return AliasConflicts.toList(attributes);
    }

    private static boolean hasAny(List<String> list) {
        return list != null && !list.isEmpty();
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }
}

package dev.cognate.admin.users;

import dev.cognate.admin.AwsException;
import dev.cognate.admin.users.AttributeRules.Write;
import dev.cognate.authn.CodeDestination;
import dev.cognate.authn.CodeSender;
import dev.cognate.authn.MessageOccasion;
import dev.cognate.authn.PasswordSignIn;
import dev.cognate.authn.SrpVerifiers;
import dev.cognate.authn.UserMigration;
import dev.cognate.pools.UserPool;
import dev.cognate.store.DuplicateKeyException;
import dev.cognate.store.UserStore;
import dev.cognate.triggers.LambdaFailure;
import dev.cognate.triggers.Triggers;
import dev.cognate.triggers.Triggers.Migration;
import dev.cognate.triggers.Triggers.MigrationSource;
import dev.cognate.users.PasswordHasher;
import dev.cognate.users.User;
import dev.cognate.users.UserAttribute;
import dev.cognate.users.UserStatus;
import dev.cognate.users.Usernames;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Users a pool's UserMigration trigger vouches for, created when a name the pool does not know
 * signs in with a password (UserMigration_Authentication) or asks for a password reset
 * (UserMigration_ForgotPassword). The user is created under the name that was asked about and
 * only if that name is still free: whatever the function puts in its answer (another
 * {@code userName}, another sign-in e-mail address, a {@code sub}) it can neither choose nor
 * overwrite another user. The answer's attributes pass the pool's schema as AdminCreateUser's do.
 * Unless the answer's {@code messageAction} is SUPPRESS, the new user is welcomed as an invited
 * one would be, by each of its {@code desiredDeliveryMediums} (SMS when it names none) the user
 * has an address for, whichever source asked (the docs make no difference between them).
 */
public final class UserMigrations implements UserMigration {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(UserMigrations.class);
    private final UserOperations operations;
    private final UserStore users;
    private final PasswordHasher hasher;
    private final SrpVerifiers verifiers;
    private final CodeSender sender;
    private final Clock clock;

    UserMigrations(UserOperations operations, UserStore users, PasswordHasher hasher, SrpVerifiers verifiers,
                   CodeSender sender, Clock clock) {
        this.operations = operations;
        this.users = users;
        this.hasher = hasher;
        this.verifiers = verifiers;
        this.sender = sender;
        this.clock = clock;
    }

    /** A sign-in's migration; an answer the pool cannot take is the trigger's failure (the hosted page shows it too). */
    @Override
    public Optional<User> migrate(UserPool pool, String username, String password, PasswordSignIn.App app) {
        try {
            return migrate(pool, MigrationSource.AUTHENTICATION, app, username, password, app.clientMetadata(), null);
        } catch (AwsException e) {
            LOG.warn("Pool {}: a UserMigration answer was not taken: {}: {}", pool.id(), e.type(), e.getMessage());
            throw LambdaFailure.unrecognizable();
        }
    }

    /** A password reset's migration (the API's and the hosted page's); an answer the pool cannot take, as above. */
    @Override
    public Optional<User> forForgotPassword(UserPool pool, String username, PasswordSignIn.App app) {
        try {
            return migrate(pool, MigrationSource.FORGOT_PASSWORD, app, username, null, null, app.clientMetadata());
        } catch (AwsException e) {
            LOG.warn("Pool {}: a UserMigration answer was not taken: {}: {}", pool.id(), e.type(), e.getMessage());
            throw LambdaFailure.unrecognizable();
        }
    }

    private Optional<User> migrate(UserPool pool, MigrationSource source, PasswordSignIn.App app, String username,
                                   String password, Map<String, String> validationData, Map<String, String> clientMetadata) {
        Triggers triggers = operations.triggers();
        if (triggers == null || !creatable(pool, username)) {
            return Optional.empty();
        }
        return triggers.userMigration(pool, source, app.clientId(), username, password, validationData, clientMetadata)
                .map(answer -> welcomed(pool, create(pool, username, password, answer), answer, app));
    }

    private User welcomed(UserPool pool, User user, Migration answer, PasswordSignIn.App app) {
        if ("SUPPRESS".equals(answer.messageAction())) {
            return user;
        }
        List<String> mediums = answer.desiredDeliveryMediums().isEmpty() ? List.of("SMS") : answer.desiredDeliveryMediums();
        List<CodeDestination> destinations = UserOperations.invitationDestinations(UserOperations.toMap(user.attributes()),
                mediums);
        MessageOccasion occasion = MessageOccasion.of(MessageOccasion.Source.ADMIN_CREATE_USER, app.clientId(),
                app.clientMetadata());
        destinations.forEach(destination -> sender.sendWelcome(pool, user, destination, occasion));
        return user;
    }

    /** A name no user could be created under (a non-e-mail in an e-mail pool, say) is not asked about. */
    private static boolean creatable(UserPool pool, String name) {
        try {
            if (pool.usernameAttributes() != null && !pool.usernameAttributes().isEmpty()) {
                UserOperations.signInAttribute(pool, name);
            } else {
                UserOperations.refuseAliasShapedUsername(pool, name);
            }
            return true;
        } catch (AwsException e) {
            return false;
        }
    }

    private User create(UserPool pool, String name, String password, Migration answer) {
        List<UserAttribute> given = answer.userAttributes().entrySet().stream()
                .map(e -> new UserAttribute(e.getKey(), e.getValue())).toList();
        Map<String, String> attributes = AttributeRules.check(pool, given, "userAttributes", Write.CREATE);
        String sub = UUID.randomUUID().toString();
        String username = name;
        if (pool.usernameAttributes() != null && !pool.usernameAttributes().isEmpty()) {
            String attribute = UserOperations.signInAttribute(pool, name);
            // The user signs in with the name asked about, whatever address the answer named.
            attributes.put(attribute, name);
            if (!operations.holders(pool, attribute, name).isEmpty()) {
                throw new AwsException("UsernameExistsException", "An account with the given " + attribute + " already exists.");
            }
            username = sub;
        }
        AttributeRules.requireRequired(pool, attributes, Write.CREATE);
        List<User> aliasLosers = operations.aliasConflicts(pool, null, attributes, answer.forceAliasCreation());
        Instant now = clock.instant();
        UserStatus status = password == null || "RESET_REQUIRED".equals(answer.finalUserStatus())
                ? UserStatus.RESET_REQUIRED : UserStatus.CONFIRMED;
        User user = new User(pool.id(), username, Usernames.key(pool, username), sub, UserOperations.toList(attributes), true,
                status, password == null ? null : hasher.hash(password), now, now, null);
        try {
            users.insert(user);
        } catch (DuplicateKeyException e) {
            throw new AwsException("UsernameExistsException", "User account already exists");
        }
        if (password != null) {
            verifiers.remember(user, password);
        }
        for (User loser : aliasLosers) {
            dev.cognate.authn.AliasConflicts.unverify(users, loser,
                    loser.withAttributes(UserOperations.unverified(pool, loser, attributes), now));
        }
        return user;
    }
}

package dev.cognate.authn;

import dev.cognate.authn.VerificationCodes.Checked;
import dev.cognate.authn.VerificationCodes.Issued;
import dev.cognate.authn.VerificationCodes.Purpose;
import dev.cognate.pools.UserPool;
import dev.cognate.store.DuplicateKeyException;
import dev.cognate.store.UserStore;
import dev.cognate.users.PasswordHasher;
import dev.cognate.users.User;
import dev.cognate.users.UserStatus;
import dev.cognate.users.Usernames;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Self-service sign-up, the same for the API (SignUp, ConfirmSignUp, ResendConfirmationCode,
 * AdminConfirmSignUp) and the hosted pages: a signed-up user is UNCONFIRMED, and cannot sign
 * in, until a code sent to an auto-verified attribute (or an administrator) confirms it.
 * Callers hold the request to its shapes, the pool's schema and password policy first; the
 * answers here are plain outcomes that each caller words in its own protocol.
 */
public final class SignUp {
    public static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    public static final Pattern PHONE = Pattern.compile("\\+[0-9]{4,15}");

    private final UserStore users;
    private final UserDirectory directory;
    private final AliasConflicts aliases;
    private final PasswordHasher hasher;
    private final SrpVerifiers verifiers;
    private final VerificationCodes codes;
    private final CodeSender sender;
    private final Clock clock;
    private final SignUpHooks hooks;

    public SignUp(UserStore users, PasswordHasher hasher, SrpVerifiers verifiers, VerificationCodes codes,
                  CodeSender sender, Clock clock) {
        this(users, hasher, verifiers, codes, sender, clock, SignUpHooks.NONE);
    }

    public SignUp(UserStore users, PasswordHasher hasher, SrpVerifiers verifiers, VerificationCodes codes,
                  CodeSender sender, Clock clock, SignUpHooks hooks) {
        this.hooks = hooks;
        this.users = users;
        this.directory = new UserDirectory(users);
        this.aliases = new AliasConflicts(users);
        this.hasher = hasher;
        this.verifiers = verifiers;
        this.codes = codes;
        this.sender = sender;
        this.clock = clock;
    }

    /** How a sign-up ends. */
    public sealed interface Registered {
        /**
         * The user exists, UNCONFIRMED (or CONFIRMED, when the pool's PreSignUp hook said so: no code is sent).
         *
         * @param sentTo       where the confirmation code went (empty: no auto-verified attribute)
         * @param codesLimited too many codes were sent to this user lately, so none went
         */
        record Created(User user, Optional<CodeDestination> sentTo, boolean codesLimited) implements Registered {}

        /** @param attribute the sign-in attribute (email, phone_number) another user holds, or null for the username */
        record Taken(String attribute) implements Registered {}
    }

    /** How presenting a confirmation code ends. */
    public sealed interface Confirmation {
        record Confirmed(User user) implements Confirmation {}

        /** The user is not waiting for confirmation. */
        record NotPending(UserStatus status) implements Confirmation {}

        /** Verifying the attribute the code went to would take a verified alias of another user. */
        record AliasTaken(String alias) implements Confirmation {}

        record CodeRefused(Checked checked) implements Confirmation {}

        /** The user was deleted meanwhile. */
        record Gone() implements Confirmation {}
    }

    /** How asking for another confirmation code ends. */
    public sealed interface Resent {
        record Sent(CodeDestination destination) implements Resent {}

        record AlreadyConfirmed() implements Resent {}

        /** The pool verifies no attribute this user has. */
        record NoDestination() implements Resent {}

        record Limited() implements Resent {}
    }

    /**
     * Which of the pool's UsernameAttributes {@code name} is (a pool that signs in with e-mail or
     * phone number takes one as the name); empty when it is shaped like none of them.
     */
    public static Optional<String> signInAttribute(UserPool pool, String name) {
        List<String> allowed = orEmpty(pool.usernameAttributes());
        if (allowed.contains("email") && EMAIL.matcher(name).matches()) {
            return Optional.of("email");
        }
        if (allowed.contains("phone_number") && PHONE.matcher(name).matches()) {
            return Optional.of("phone_number");
        }
        return Optional.empty();
    }

    /** Whether the pool lets only administrators create users (AdminCreateUserConfig.AllowAdminCreateUserOnly). */
    public static boolean adminCreateUserOnly(UserPool pool) {
        var config = pool.adminCreateUserConfig();
        return config != null && config.path("AllowAdminCreateUserOnly").asBoolean(false);
    }

    /** Whether users of this pool sign up with an e-mail address or phone number as their name. */
    public static boolean namesAreAttributes(UserPool pool) {
        return !orEmpty(pool.usernameAttributes()).isEmpty();
    }

    /**
     * Signs up {@code name} with {@code password} and {@code attributes}, all already checked
     * (in a pool whose names are attributes, {@code attributes} holds the name under its
     * attribute, and the username is the new user's sub), and sends the confirmation code.
     * The PreSignUp hook is asked just before the user is stored; what it throws refuses the
     * sign-up with nothing stored.
     */
    /** @param password null for a user without one (a pool whose users may sign in with a code alone) */
    public Registered register(UserPool pool, String name, String password, Map<String, String> attributes,
                               Map<String, String> validationData, PasswordSignIn.App app) {
        String sub = UUID.randomUUID().toString();
        String username = name;
        if (namesAreAttributes(pool)) {
            String attribute = signInAttribute(pool, name)
                    .orElseThrow(() -> new IllegalArgumentException("not a sign-in attribute's value"));
            if (!aliases.holders(pool, attribute, name).isEmpty()) {
                return new Registered.Taken(attribute);
            }
            username = sub;
        }
        String key = Usernames.key(pool, username);
        if (users.find(pool.id(), key).isPresent()) {
            return new Registered.Taken(null);
        }
        Map<String, String> stored = new LinkedHashMap<>(attributes);
        SignUpHooks.Decision decision = hooks.beforeSignUp(pool, username, new LinkedHashMap<>(stored),
                validationData == null ? Map.of() : validationData, app);
        if (decision.autoVerifyEmail() && stored.containsKey("email")) {
            stored.put("email_verified", "true");
        }
        if (decision.autoVerifyPhone() && stored.containsKey("phone_number")) {
            stored.put("phone_number_verified", "true");
        }
        UserStatus status = decision.autoConfirmUser() ? UserStatus.CONFIRMED : UserStatus.UNCONFIRMED;
        Instant now = clock.instant();
        User user = new User(pool.id(), username, key, sub, AliasConflicts.toList(stored), true,
                status, password == null ? null : hasher.hash(password), now, now, null);
        try {
            users.insert(user);
        } catch (DuplicateKeyException e) {
            return new Registered.Taken(null);
        }
        verifiers.remember(user, password);
        if (status == UserStatus.CONFIRMED) {
            return new Registered.Created(user, Optional.empty(), false);
        }
        Optional<CodeDestination> destination = CodeSender.signUpDestination(pool, user);
        MessageOccasion occasion = MessageOccasion.of(MessageOccasion.Source.SIGN_UP, app.clientId(), app.clientMetadata());
        if (destination.isPresent() && !send(pool, user, destination.get(), occasion)) {
            return new Registered.Created(user, Optional.empty(), true);
        }
        return new Registered.Created(user, destination, false);
    }

    /**
     * Confirms {@code user} with the code sent at sign-up; with {@code forceAlias}, a verified
     * alias another user holds moves to this one (and is unverified there). The PostConfirmation
     * hook is told once the user is stored; what it throws reaches the caller, and the user
     * stays confirmed (as in Cognito).
     */
    public Confirmation confirm(UserPool pool, User user, String code, boolean forceAlias, PasswordSignIn.App app) {
        if (user.status() != UserStatus.UNCONFIRMED) {
            return new Confirmation.NotPending(user.status());
        }
        Optional<String> sentTo = codes.pendingAttribute(user, Purpose.SIGN_UP);
        List<User> aliasLosers = List.of();
        if (sentTo.isPresent()) {
            AliasConflicts.Conflicts conflicts = aliases.of(pool, user, verified(user, sentTo.get()), forceAlias);
            if (conflicts.refused() != null) {
                return new Confirmation.AliasTaken(conflicts.refused());
            }
            aliasLosers = conflicts.losers();
        }
        Checked checked = codes.consume(user, Purpose.SIGN_UP, code);
        if (!(checked instanceof Checked.Accepted accepted)) {
            return new Confirmation.CodeRefused(checked);
        }
        return told(pool, confirmed(pool, user, accepted.attribute(), aliasLosers), app);
    }

    /** AdminConfirmSignUp: confirms without a code (nothing verified). */
    public Confirmation confirmByAdministrator(UserPool pool, User user, Map<String, String> clientMetadata) {
        if (user.status() != UserStatus.UNCONFIRMED) {
            return new Confirmation.NotPending(user.status());
        }
        return told(pool, confirmed(pool, user, null, List.of()), new PasswordSignIn.App(null, clientMetadata));
    }

    private Confirmation told(UserPool pool, Confirmation confirmation, PasswordSignIn.App app) {
        if (confirmation instanceof Confirmation.Confirmed confirmed) {
            hooks.afterConfirmation(pool, SignUpHooks.Confirmed.SIGN_UP, confirmed.user(), app);
        }
        return confirmation;
    }

    /** A new confirmation code for a user who is still UNCONFIRMED. */
    public Resent resend(UserPool pool, User user, PasswordSignIn.App app) {
        if (user.status() != UserStatus.UNCONFIRMED) {
            return new Resent.AlreadyConfirmed();
        }
        Optional<CodeDestination> destination = CodeSender.signUpDestination(pool, user);
        if (destination.isEmpty()) {
            return new Resent.NoDestination();
        }
        MessageOccasion occasion = MessageOccasion.of(MessageOccasion.Source.RESEND_CODE, app.clientId(), app.clientMetadata());
        return send(pool, user, destination.get(), occasion) ? new Resent.Sent(destination.get()) : new Resent.Limited();
    }

    /** The user, looked up by any name Cognito accepts. */
    public Optional<User> find(UserPool pool, String name) {
        return directory.find(pool, name);
    }

    private boolean send(UserPool pool, User user, CodeDestination destination, MessageOccasion occasion) {
        return switch (codes.issue(user, Purpose.SIGN_UP, destination.attribute())) {
            case Issued.Code code -> {
                sender.send(pool, user, destination, code.code(), occasion);
                yield true;
            }
            case Issued.Limited limited -> false;
        };
    }

    /** CONFIRMED, and the attribute the code went to verified (its alias taken from {@code aliasLosers}). */
    private Confirmation confirmed(UserPool pool, User user, String verifiedAttribute, List<User> aliasLosers) {
        Instant now = clock.instant();
        Map<String, String> attributes = AliasConflicts.toMap(user.attributes());
        if (verifiedAttribute != null && attributes.containsKey(verifiedAttribute)) {
            attributes.put(verifiedAttribute + "_verified", "true");
        }
        User confirmed = user.withAttributes(AliasConflicts.toList(attributes), now)
                .withPassword(user.passwordHash(), UserStatus.CONFIRMED, now);
        if (!users.update(user, confirmed)) {
            return new Confirmation.Gone();
        }
        for (User loser : aliasLosers) {
            AliasConflicts.unverify(users, loser, loser.withAttributes(AliasConflicts.unverified(pool, loser, attributes), now));
        }
        return new Confirmation.Confirmed(confirmed);
    }

    /** The user's attributes as they will be once {@code attribute} is verified (for the alias check). */
    private static Map<String, String> verified(User user, String attribute) {
        Map<String, String> attributes = AliasConflicts.toMap(user.attributes());
        if (attributes.containsKey(attribute)) {
            attributes.put(attribute + "_verified", "true");
        }
        return attributes;
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }
}

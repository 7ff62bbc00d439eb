package dev.cognate.authn;

import dev.cognate.pools.UserPool;
import dev.cognate.store.UserStore;
import dev.cognate.users.User;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * E-mail MFA set up during a sign-in (MFA_SETUP answered with EMAIL), as Cognito does it: with
 * any address, the user's or not. The address is only pending until the code mailed there
 * comes back; then it is the user's {@code email}, verified, unless it is an alias or sign-in
 * name that another user holds.
 */
public final class EmailMfaSetup {
    /** RFC 5321's limit; it also keeps the sealed session that carries the address within Cognito's 2,048 characters. */
    public static final int MAX_ADDRESS_OCTETS = 254;

    /** How a given EMAIL reads. */
    public sealed interface Given {
        record Address(String address) implements Given {}

        /** @param problem what is wrong, for the InvalidParameterException */
        record Invalid(String problem) implements Given {}
    }

    private final UserStore users;
    private final AliasConflicts aliases;
    private final Clock clock;

    public EmailMfaSetup(UserStore users, Clock clock) {
        this.users = users;
        this.aliases = new AliasConflicts(users);
        this.clock = clock;
    }

    /**
     * The address to set up with: {@code email} when it is one; the user's verified address as
     * stored when {@code email} is that address in other letters, so that case alone changes nothing.
     */
    public static Given read(User user, String email) {
        String given = email.strip();
        if (given.isEmpty()) {
            return new Given.Invalid("Missing required parameter EMAIL");
        }
        // one address the mailer will send to (no control characters, no list): else the code would vanish unsent
        if (given.getBytes(StandardCharsets.UTF_8).length > MAX_ADDRESS_OCTETS || !SignUp.EMAIL.matcher(given).matches()
                || !dev.cognate.mail.MailHeaders.safeAddress(given)) {
            return new Given.Invalid("Invalid email address format.");
        }
        return new Given.Address(EmailOtp.destination(user).map(CodeDestination::address)
                .filter(given::equalsIgnoreCase).orElse(given));
    }

    /**
     * The attribute ({@code email}) that taking {@code address} would take from another user: a
     * verified e-mail alias, or (in a pool that signs in by e-mail) a sign-in name; or empty.
     */
    public Optional<String> takenFromAnother(UserPool pool, User user, String address) {
        String refused = aliases.of(pool, user, verified(user, address), false).refused();
        if (refused != null) {
            return Optional.of(refused);
        }
        boolean signInName = pool.usernameAttributes() != null && pool.usernameAttributes().contains("email")
                && aliases.holders(pool, "email", address).stream().anyMatch(u -> !u.sub().equals(user.sub()));
        return signInName ? Optional.of("email") : Optional.empty();
    }

    /** Makes {@code address} the user's verified {@code email}. @return the user as now stored, or empty if gone */
    public Optional<User> adopt(User user, String address) {
        Map<String, String> attributes = verified(user, address);
        if (attributes.equals(AliasConflicts.toMap(user.attributes()))) {
            return Optional.of(user);
        }
        User updated = user.withAttributes(AliasConflicts.toList(attributes), clock.instant());
        return users.update(user, updated) ? Optional.of(updated) : Optional.empty();
    }

    private static Map<String, String> verified(User user, String address) {
        Map<String, String> attributes = AliasConflicts.toMap(user.attributes());
        attributes.put("email", address);
        attributes.put("email_verified", "true");
        return attributes;
    }
}

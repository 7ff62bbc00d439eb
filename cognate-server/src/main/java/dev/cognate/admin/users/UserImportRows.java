package dev.cognate.admin.users;

import dev.cognate.admin.AwsException;
import dev.cognate.admin.users.AttributeRules.Write;
import dev.cognate.authn.AliasConflicts;
import dev.cognate.pools.SchemaAttribute;
import dev.cognate.pools.UserPool;
import dev.cognate.users.User;
import dev.cognate.users.UserAttribute;
import dev.cognate.users.UserStatus;
import dev.cognate.users.Usernames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * One CSV row to a user, by the rules AdminCreateUser applies (the pool's schema, required
 * attributes, sign-in names and aliases) plus the import's own: a verified auto-verified
 * attribute (the user must be able to receive a reset code), {@code cognito:mfa_enabled} that
 * fits the pool's MFA setting (true, in a pool where MFA is optional, turns the user's SMS MFA on,
 * as in Cognito). The user is RESET_REQUIRED, without a password, with a new sub.
 */
final class UserImportRows {
    private static final String NO_AUTO_VERIFIED =
            "The User Record does not set any of the auto verified attributes to true. (Example: email_verified to true).";

    sealed interface Row {
        /** @param smsMfa whether the row turns the user's SMS MFA on */
        record Ready(User user, List<String> claims, boolean smsMfa) implements Row {}

        record Failed(String reason) implements Row {}
    }

    private final UserPool pool;
    private final List<String> columns;
    private final AliasConflicts aliases;
    private final boolean checksAliases;
    private final Set<String> booleans;
    private final boolean offersSms;

    /** @param offersSms whether the pool offers SMS MFA */
    UserImportRows(UserPool pool, List<String> columns, AliasConflicts aliases, boolean offersSms) {
        this.offersSms = offersSms;
        this.pool = pool;
        this.columns = columns;
        this.aliases = aliases;
        this.checksAliases = !orEmpty(pool.usernameAttributes()).isEmpty() || !orEmpty(pool.aliasAttributes()).isEmpty();
        this.booleans = pool.schemaAttributes().stream().filter(a -> "Boolean".equals(a.attributeDataType()))
                .map(SchemaAttribute::name).collect(Collectors.toUnmodifiableSet());
    }

    Row read(String line, Instant now) {
        List<String> values = UserImportCsv.fields(line);
        if (values.size() != columns.size()) {
            return new Row.Failed("The row has " + values.size() + " values; the header has " + columns.size() + " columns.");
        }
        String name = null;
        String mfa = "";
        List<UserAttribute> given = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String column = columns.get(i);
            String value = values.get(i);
            if (value.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\t')) {
                return new Row.Failed(column + ": control characters are not allowed in a value.");
            }
            switch (column) {
                case UserImportCsv.USERNAME -> name = value;
                case UserImportCsv.MFA_ENABLED -> mfa = value.toLowerCase(Locale.ROOT);
                default -> {
                    if (!value.isEmpty()) {
                        given.add(new UserAttribute(column, isBoolean(column) ? value.toLowerCase(Locale.ROOT) : value));
                    }
                }
            }
        }
        if (name == null || name.isEmpty()) {
            return new Row.Failed("cognito:username is required.");
        }
        if (name.length() > 128 || !UserOperations.USERNAME.matcher(name).matches()) {
            return new Row.Failed("cognito:username must be 1 to 128 characters without spaces or tabs.");
        }
        String mfaProblem = mfaProblem(mfa);
        if (mfaProblem != null) {
            return new Row.Failed(mfaProblem);
        }
        try {
            return ready(name, given, now, "true".equals(mfa) && "OPTIONAL".equals(pool.mfaConfiguration()));
        } catch (AwsException e) {
            return new Row.Failed(withoutValues(e.getMessage()));
        }
    }

    private Row ready(String name, List<UserAttribute> given, Instant now, boolean smsMfa) {
        Map<String, String> attributes = AttributeRules.check(pool, given, "attributes", Write.CREATE);
        if (smsMfa && attributes.getOrDefault("phone_number", "").isEmpty()) {
            return new Row.Failed("cognito:mfa_enabled true turns SMS MFA on, which needs a phone_number.");
        }
        for (String verifiable : List.of("email", "phone_number")) {
            if ("true".equals(attributes.get(verifiable + "_verified")) && !attributes.containsKey(verifiable)) {
                return new Row.Failed(verifiable + "_verified is true but the row has no " + verifiable + ".");
            }
        }
        List<String> autoVerified = orEmpty(pool.autoVerifiedAttributes());
        long verified = autoVerified.stream().filter(a -> "true".equals(attributes.get(a + "_verified"))).count();
        if (verified == 0) {
            return new Row.Failed(NO_AUTO_VERIFIED);
        }
        String sub = UUID.randomUUID().toString();
        String username = name;
        List<String> claims = new ArrayList<>();
        if (!orEmpty(pool.usernameAttributes()).isEmpty()) {
            String attribute = UserOperations.signInAttribute(pool, name);
            attributes.put(attribute, name);
            username = sub;
        } else {
            UserOperations.refuseAliasShapedUsername(pool, name);
        }
        AttributeRules.requireRequired(pool, attributes, Write.CREATE);
        if (checksAliases) {
            for (String attribute : uniqueAttributes()) {
                String value = attributes.get(attribute);
                boolean held = value != null && (orEmpty(pool.usernameAttributes()).contains(attribute)
                        || "true".equals(attributes.get(attribute + "_verified")) || attribute.equals("preferred_username"));
                if (held) {
                    if (!aliases.holders(pool, attribute, value).isEmpty()) {
                        return new Row.Failed("An account with the given " + attribute + " already exists.");
                    }
                    claims.add(attribute + "=" + (pool.usernamesCaseSensitive() ? value : value.toLowerCase(Locale.ROOT)));
                }
            }
        }
        User user = new User(pool.id(), username, Usernames.key(pool, username), sub, AliasConflicts.toList(attributes), true,
                UserStatus.RESET_REQUIRED, null, now, now, null);
        return new Row.Ready(user, claims, smsMfa);
    }

    /** The attributes no two users may share: sign-in names and aliases. */
    private List<String> uniqueAttributes() {
        List<String> unique = new ArrayList<>(orEmpty(pool.usernameAttributes()));
        orEmpty(pool.aliasAttributes()).stream().filter(a -> !unique.contains(a)).forEach(unique::add);
        return unique;
    }

    /**
     * Blank takes the pool's setting. "true" where MFA is optional turns the user's SMS MFA on (as
     * Cognito), so it needs a pool that offers SMS MFA; where MFA is required, every user with a
     * phone number owes SMS MFA anyway, and one without sets up a factor at sign-in.
     */
    private String mfaProblem(String mfa) {
        if (mfa.isEmpty()) {
            return null;
        }
        if (!mfa.equals("true") && !mfa.equals("false")) {
            return "cognito:mfa_enabled must be true, false or blank.";
        }
        String setting = pool.mfaConfiguration() == null ? "OFF" : pool.mfaConfiguration();
        return switch (setting) {
            case "ON" -> mfa.equals("false") ? "cognito:mfa_enabled cannot be false: the user pool requires MFA." : null;
            case "OPTIONAL" -> mfa.equals("true") && !offersSms
                    ? "cognito:mfa_enabled true turns SMS MFA on, which the user pool does not offer (SetUserPoolMfaConfig "
                    + "SmsMfaConfiguration); import with false, or offer SMS MFA first." : null;
            default -> mfa.equals("true") ? "cognito:mfa_enabled cannot be true: MFA is off in the user pool." : null;
        };
    }

    private boolean isBoolean(String column) {
        return booleans.contains(column);
    }

    /** The import's log names rows by number and never shows their values (as Cognito's). */
    private static String withoutValues(String message) {
        if (message != null && message.startsWith("1 validation error detected")) {
            int at = message.indexOf(" at '");
            return "A value" + (at < 0 ? " does not satisfy its constraints." : message.substring(at));
        }
        return message;
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }
}

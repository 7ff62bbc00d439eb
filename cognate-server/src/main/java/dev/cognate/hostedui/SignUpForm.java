package dev.cognate.hostedui;

import dev.cognate.authn.SignUp;
import dev.cognate.pools.SchemaAttribute;
import dev.cognate.pools.UserPool;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The sign-up form as posted, held to the pool's rules with messages a person can act on: the
 * username's shape, each required attribute present and well formed, the password policy. Only
 * the attributes the page shows are read; the password is never sent back.
 *
 * @param typed what the user typed into the attribute fields, to show again
 */
record SignUpForm(UserPool pool, String username, String password, Map<String, String> attributes,
                  Map<String, String> typed) {
    static final String FIELD_PREFIX = "attribute.";
    private static final Pattern USERNAME = Pattern.compile("[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+");
    private static final Pattern PASSWORD = Pattern.compile("[\\S]+(.*[\\S]+)?", Pattern.DOTALL);
    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("email", "Email"), Map.entry("phone_number", "Phone number"), Map.entry("name", "Name"),
            Map.entry("given_name", "Given name"), Map.entry("family_name", "Family name"),
            Map.entry("middle_name", "Middle name"), Map.entry("nickname", "Nickname"),
            Map.entry("preferred_username", "Preferred username"), Map.entry("address", "Address"),
            Map.entry("birthdate", "Birthdate (YYYY-MM-DD)"), Map.entry("gender", "Gender"),
            Map.entry("locale", "Locale"), Map.entry("picture", "Picture URL"), Map.entry("profile", "Profile URL"),
            Map.entry("website", "Website"), Map.entry("zoneinfo", "Time zone"));
    private static final Map<String, String> AUTOCOMPLETE = Map.of("email", "email", "phone_number", "tel",
            "name", "name", "given_name", "given-name", "family_name", "family-name", "middle_name", "additional-name",
            "nickname", "nickname", "birthdate", "bday", "address", "street-address");

    @Override
    public String toString() {
        return "SignUpForm[" + username + "]";
    }

    static SignUpForm read(UserPool pool, Map<String, List<String>> form) {
        String raw = clip(first(form, "username"), LoginEndpoints.MAX_USERNAME + 1);
        String username = raw == null ? null : raw.strip();
        String password = first(form, "password");
        Map<String, String> typed = new LinkedHashMap<>();
        for (String name : shown(pool)) {
            String value = clip(first(form, FIELD_PREFIX + name), SignUpEndpoints.MAX_VALUE + 1);
            if (value != null) {
                typed.put(name, value.strip());
            }
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        typed.forEach((name, value) -> {
            if (!value.isEmpty()) {
                attributes.put(name, value);
            }
        });
        if (username != null && SignUp.namesAreAttributes(pool)) {
            SignUp.signInAttribute(pool, username).ifPresent(a -> attributes.put(a, username));
        }
        return new SignUpForm(pool, username, password, attributes, typed);
    }

    /** What is wrong with the form, in words for its user; empty when SignUp may take it. */
    Optional<String> problem() {
        if (username == null || username.isEmpty()) {
            return Optional.of("Enter " + article(usernameLabel(pool)) + ".");
        }
        if (username.length() > LoginEndpoints.MAX_USERNAME || !USERNAME.matcher(username).matches()) {
            return Optional.of("A username is 1 to 128 characters with no spaces.");
        }
        if (SignUp.namesAreAttributes(pool) && SignUp.signInAttribute(pool, username).isEmpty()) {
            return Optional.of("Enter a valid " + usernameLabel(pool).toLowerCase() + ".");
        }
        List<String> aliases = pool.aliasAttributes() == null ? List.of() : pool.aliasAttributes();
        if (!SignUp.namesAreAttributes(pool) && (aliases.contains("email") && SignUp.EMAIL.matcher(username).matches()
                || aliases.contains("phone_number") && SignUp.PHONE.matcher(username).matches())) {
            return Optional.of("Choose a username that is not an e-mail address or phone number.");
        }
        for (SchemaAttribute required : pool.requiredAttributes()) {
            String value = attributes.get(required.name());
            if (!required.name().equals("sub") && (value == null || value.isEmpty())) {
                return Optional.of("Enter your " + label(required.name()).toLowerCase() + ".");
            }
        }
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            Optional<String> wrong = valueProblem(a.getKey(), a.getValue());
            if (wrong.isPresent()) {
                return wrong;
            }
        }
        if (password == null || password.isEmpty()) {
            return Optional.of("Enter a password.");
        }
        if (password.length() > LoginEndpoints.MAX_PASSWORD || !PASSWORD.matcher(password).matches()) {
            return Optional.of("A password is at most 256 characters and does not start or end with a space.");
        }
        return Optional.ofNullable(pool.passwordPolicy().violation(password));
    }

    private Optional<String> valueProblem(String name, String value) {
        String label = label(name);
        if (value.length() > SignUpEndpoints.MAX_VALUE) {
            return Optional.of(label + " is too long.");
        }
        if (name.equals("email") && !SignUp.EMAIL.matcher(value).matches()) {
            return Optional.of("Enter a valid email address, such as name@example.com.");
        }
        if (name.equals("phone_number") && !SignUp.PHONE.matcher(value).matches()) {
            return Optional.of("Enter the phone number in international format, such as +12065550100.");
        }
        Optional<SchemaAttribute> schema = pool.attribute(name);
        if (schema.isEmpty()) {
            return Optional.empty();
        }
        String type = schema.get().attributeDataType() == null ? "String" : schema.get().attributeDataType();
        if (type.equals("Number")) {
            return number(schema.get(), label, value);
        }
        if (type.equals("Boolean") && !value.equals("true") && !value.equals("false")) {
            return Optional.of(label + " must be true or false.");
        }
        SchemaAttribute.StringConstraints c = schema.get().stringAttributeConstraints();
        int length = value.codePointCount(0, value.length());
        if (c != null && integer(c.maxLength()) != null && length > integer(c.maxLength())) {
            return Optional.of(label + " must be at most " + integer(c.maxLength()) + " characters.");
        }
        if (c != null && integer(c.minLength()) != null && length < integer(c.minLength())) {
            return Optional.of(label + " must be at least " + integer(c.minLength()) + " characters.");
        }
        return Optional.empty();
    }

    private static Optional<String> number(SchemaAttribute schema, String label, String value) {
        BigDecimal number;
        try {
            number = new BigDecimal(value);
        } catch (NumberFormatException e) {
            return Optional.of(label + " must be a number.");
        }
        SchemaAttribute.NumberConstraints c = schema.numberAttributeConstraints();
        BigDecimal min = c == null ? null : decimal(c.minValue());
        BigDecimal max = c == null ? null : decimal(c.maxValue());
        if (min != null && number.compareTo(min) < 0 || max != null && number.compareTo(max) > 0) {
            return Optional.of(label + " must be between " + c.minValue() + " and " + c.maxValue() + ".");
        }
        return Optional.empty();
    }

    /**
     * The attributes the page asks for: the pool's required ones and those it verifies (where the
     * code goes), but not the one the username is in pools that sign in with it.
     */
    static Set<String> shown(UserPool pool) {
        Set<String> names = new LinkedHashSet<>();
        for (String verified : pool.autoVerifiedAttributes() == null ? List.<String>of() : pool.autoVerifiedAttributes()) {
            names.add(verified);
        }
        for (SchemaAttribute required : pool.requiredAttributes()) {
            if (!required.name().equals("sub")) {
                names.add(required.name());
            }
        }
        if (SignUp.namesAreAttributes(pool) && pool.usernameAttributes().size() == 1) {
            names.remove(pool.usernameAttributes().getFirst());
        }
        return names;
    }

    static List<SignUpPage.Field> fields(UserPool pool, Map<String, String> typed) {
        List<SignUpPage.Field> fields = new ArrayList<>();
        int i = 0;
        for (String name : shown(pool)) {
            boolean required = pool.attribute(name).map(SchemaAttribute::isRequired).orElse(false);
            fields.add(new SignUpPage.Field("attribute-" + i++, FIELD_PREFIX + name, label(name),
                    AUTOCOMPLETE.get(name), required, typed.get(name)));
        }
        return fields;
    }

    static String usernameLabel(UserPool pool) {
        List<String> names = pool.usernameAttributes() == null ? List.of() : pool.usernameAttributes();
        if (names.contains("email") && names.contains("phone_number")) {
            return "Email or phone number";
        }
        return names.contains("email") ? "Email" : names.contains("phone_number") ? "Phone number" : "Username";
    }

    static String label(String attribute) {
        if (attribute.startsWith("custom:")) {
            return attribute.substring("custom:".length());
        }
        return LABELS.getOrDefault(attribute, attribute);
    }

    private static String article(String label) {
        return (label.startsWith("E") ? "your " : "a ") + label.toLowerCase();
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    private static Integer integer(String bound) {
        try {
            return bound == null ? null : Integer.valueOf(bound.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static BigDecimal decimal(String bound) {
        try {
            return bound == null ? null : new BigDecimal(bound.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

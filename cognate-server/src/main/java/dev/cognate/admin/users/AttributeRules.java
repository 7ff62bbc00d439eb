package dev.cognate.admin.users;

import dev.cognate.admin.AwsException;
import dev.cognate.admin.Validate;
import dev.cognate.pools.SchemaAttribute;
import dev.cognate.pools.UserPool;
import dev.cognate.users.UserAttribute;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The pool's schema applied to attributes an admin writes, with Cognito's error wording. */
final class AttributeRules {
    static final Pattern ATTRIBUTE_NAME = Pattern.compile("[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+");
    static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    static final Pattern PHONE = Pattern.compile("\\+[0-9]{4,15}");
    /** Attributes only Cognito writes. */
    private static final List<String> READ_ONLY = List.of("sub", "identities");

    enum Write {
        CREATE("Attributes did not conform to the schema: "),
        UPDATE("Invalid user attributes: ");

        final String prefix;

        Write(String prefix) {
            this.prefix = prefix;
        }
    }

    private AttributeRules() {}

    /** The attributes of a request, checked against the pool's schema; later duplicates win. */
    static Map<String, String> check(UserPool pool, List<UserAttribute> given, String member, Write write) {
        Map<String, String> result = new LinkedHashMap<>();
        if (given == null) {
            return result;
        }
        for (int i = 0; i < given.size(); i++) {
            UserAttribute a = given.get(i);
            String at = member + "." + (i + 1) + ".member";
            if (a == null) {
                throw Validate.violation("null", member, "Member must not be null");
            }
            Validate.requiredString(a.name(), at + ".name", 1, 32);
            Validate.pattern(a.name(), at + ".name", ATTRIBUTE_NAME);
            String value = a.value() == null ? "" : a.value();
            Validate.length(value, at + ".value", 0, 2048);
            SchemaAttribute schema = pool.attribute(a.name())
                    .orElseThrow(() -> invalid(write, a.name(), "Attribute does not exist in the schema."));
            if (READ_ONLY.contains(a.name())) {
                throw invalid(write, a.name(), "Attribute cannot be written; Cognito sets it.");
            }
            if (write == Write.UPDATE && !schema.isMutable()) {
                throw invalid(write, a.name(), "Attribute cannot be updated. (changing an immutable attribute)");
            }
            checkValue(schema, value, write);
            result.put(a.name(), value);
        }
        return result;
    }

    /** Every attribute the pool requires must have a non-empty value. */
    static void requireRequired(UserPool pool, Map<String, String> attributes, Write write) {
        for (SchemaAttribute required : pool.requiredAttributes()) {
            if (READ_ONLY.contains(required.name())) {
                continue;
            }
            String value = attributes.get(required.name());
            if (value == null || value.isEmpty()) {
                throw invalid(write, required.name(), "The attribute is required");
            }
        }
    }

    static AwsException invalid(Write write, String attribute, String problem) {
        return AwsException.invalidParameter(write.prefix + attribute + ": " + problem);
    }

    private static void checkValue(SchemaAttribute schema, String value, Write write) {
        String name = schema.name();
        if (name.equals("email") && !value.isEmpty() && !EMAIL.matcher(value).matches()) {
            throw AwsException.invalidParameter("Invalid email address format.");
        }
        if (name.equals("phone_number") && !value.isEmpty() && !PHONE.matcher(value).matches()) {
            throw AwsException.invalidParameter("Invalid phone number format.");
        }
        switch (schema.attributeDataType() == null ? "String" : schema.attributeDataType()) {
            case "Boolean" -> {
                if (!value.equals("true") && !value.equals("false")) {
                    throw invalid(write, name, "Attribute value must be \"true\" or \"false\".");
                }
            }
            case "Number" -> checkNumber(schema, value, write);
            case "String" -> checkLength(schema, value, write);
            default -> { }
        }
    }

    private static void checkNumber(SchemaAttribute schema, String value, Write write) {
        BigDecimal number;
        try {
            number = new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw invalid(write, schema.name(), "Attribute value must be a number.");
        }
        SchemaAttribute.NumberConstraints c = schema.numberAttributeConstraints();
        if (c == null) {
            return;
        }
        BigDecimal min = decimal(c.minValue());
        BigDecimal max = decimal(c.maxValue());
        if (min != null && number.compareTo(min) < 0) {
            throw invalid(write, schema.name(), "Number must be greater than or equal to " + c.minValue());
        }
        if (max != null && number.compareTo(max) > 0) {
            throw invalid(write, schema.name(), "Number must be less than or equal to " + c.maxValue());
        }
    }

    private static BigDecimal decimal(String bound) {
        try {
            return bound == null ? null : new BigDecimal(bound.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void checkLength(SchemaAttribute schema, String value, Write write) {
        SchemaAttribute.StringConstraints c = schema.stringAttributeConstraints();
        if (c == null || value.isEmpty()) {
            return;
        }
        int length = value.codePointCount(0, value.length());
        Integer max = integer(c.maxLength());
        Integer min = integer(c.minLength());
        if (max != null && length > max) {
            throw invalid(write, schema.name(), "String must be no longer than " + max + " characters");
        }
        if (min != null && length < min) {
            throw invalid(write, schema.name(), "String must be at least " + min + " characters");
        }
    }

    private static Integer integer(String bound) {
        try {
            return bound == null ? null : Integer.valueOf(bound.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

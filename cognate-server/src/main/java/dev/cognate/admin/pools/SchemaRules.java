package dev.cognate.admin.pools;

import dev.cognate.admin.AwsException;
import dev.cognate.pools.SchemaAttribute;
import dev.cognate.pools.StandardSchema;
import java.math.BigDecimal;

/**
 * Cognito's rules for the attributes of a pool's schema (CreateUserPool's Schema,
 * AddCustomAttributes), with its error messages: a custom attribute names its data type and
 * is never required; a standard one keeps its type and cannot become developer-only; length
 * and value constraints are numbers, in order, and strings are at most 2048 characters.
 */
final class SchemaRules {
    static final int MAX_STRING_LENGTH = 2048;

    private SchemaRules() {}

    /** The standard attribute {@code name} as the request adjusts it (required, mutable, constraints). */
    static SchemaAttribute standard(String name, SchemaAttribute a) {
        SchemaAttribute standard = StandardSchema.standard(name);
        boolean changesType = a.attributeDataType() != null && !a.attributeDataType().equals(standard.attributeDataType());
        if (changesType || Boolean.TRUE.equals(a.developerOnlyAttribute())) {
            throw AwsException.invalidParameter("You can not change AttributeDataType or set developerOnlyAttribute for "
                    + "standard schema attribute " + name);
        }
        SchemaAttribute adjusted = new SchemaAttribute(name, standard.attributeDataType(),
                standard.developerOnlyAttribute(),
                a.mutable() == null ? standard.mutable() : a.mutable(),
                a.required() == null ? standard.required() : a.required(),
                a.numberAttributeConstraints() == null ? standard.numberAttributeConstraints() : a.numberAttributeConstraints(),
                a.stringAttributeConstraints() == null ? standard.stringAttributeConstraints() : a.stringAttributeConstraints());
        checkConstraints(adjusted);
        return adjusted;
    }

    /** A custom attribute as Cognito stores it: {@code custom:} before its name, its type's defaults filled in. */
    static SchemaAttribute custom(String name, SchemaAttribute a) {
        if (a.attributeDataType() == null) {
            throw AwsException.invalidParameter(
                    "Invalid AttributeDataType input, consider using the provided AttributeDataType enum.");
        }
        if (Boolean.TRUE.equals(a.required())) {
            throw AwsException.invalidParameter("Required custom attributes are not supported currently.");
        }
        String type = a.attributeDataType();
        SchemaAttribute custom = new SchemaAttribute("custom:" + name, type,
                a.developerOnlyAttribute() == null ? Boolean.FALSE : a.developerOnlyAttribute(),
                a.mutable() == null ? Boolean.TRUE : a.mutable(), false,
                "Number".equals(type) ? a.numberAttributeConstraints() : null,
                "String".equals(type) ? (a.stringAttributeConstraints() == null
                        ? new SchemaAttribute.StringConstraints(null, null) : a.stringAttributeConstraints()) : null);
        checkConstraints(custom);
        return custom;
    }

    private static void checkConstraints(SchemaAttribute a) {
        if (a.stringAttributeConstraints() != null) {
            BigDecimal min = number(a.stringAttributeConstraints().minLength(), "StringAttributeConstraints", a.name());
            BigDecimal max = number(a.stringAttributeConstraints().maxLength(), "StringAttributeConstraints", a.name());
            BigDecimal limit = BigDecimal.valueOf(MAX_STRING_LENGTH);
            if (min != null && min.compareTo(limit) > 0 || max != null && max.compareTo(limit) > 0) {
                throw AwsException.invalidParameter("user." + a.name() + ": String attributes cannot have a length of "
                        + "more than " + MAX_STRING_LENGTH);
            }
            if (min != null && max != null && max.compareTo(min) < 0) {
                throw AwsException.invalidParameter("user." + a.name() + ": Max length cannot be less than min length.");
            }
        }
        if (a.numberAttributeConstraints() != null) {
            BigDecimal min = number(a.numberAttributeConstraints().minValue(), "NumberAttributeConstraints", a.name());
            BigDecimal max = number(a.numberAttributeConstraints().maxValue(), "NumberAttributeConstraints", a.name());
            if (min != null && max != null && max.compareTo(min) < 0) {
                throw AwsException.invalidParameter("user." + a.name() + ": Max value cannot be less than min value.");
            }
        }
    }

    /** A constraint's value: Cognito takes numbers as strings of digits (a length or value, never a fraction). */
    private static BigDecimal number(String value, String constraint, String attribute) {
        if (value == null) {
            return null;
        }
        if (!value.matches("-?[0-9]{1,19}")) {
            throw AwsException.invalidParameter("Invalid " + constraint + " for schema attribute " + attribute);
        }
        return new BigDecimal(value);
    }
}

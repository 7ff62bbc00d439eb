package dev.cognate.users;

/**
 * One ListUsers search condition: a user's {@code field} equals, or starts with, {@code value}.
 * For {@link Field#ATTRIBUTE} the attribute's name is {@code attribute}.
 */
public record UserFilter(Field field, String attribute, Match match, String value) {

    public enum Field { USERNAME, SUB, USER_STATUS, ENABLED_STATUS, ATTRIBUTE }

    public enum Match { EQUALS, STARTS_WITH }

    /** The value {@link Field#ENABLED_STATUS} compares: AWS's "Enabled" or "Disabled". */
    public static String enabledStatus(boolean enabled) {
        return enabled ? "Enabled" : "Disabled";
    }
}

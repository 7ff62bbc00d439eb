package dev.cognate.admin;

import java.util.Collection;
import java.util.regex.Pattern;

/**
 * Member constraints in the words AWS uses ("1 validation error detected: Value ... at
 * 'member' failed to satisfy constraint: ...").
 */
public final class Validate {
    private Validate() {}

    public static <T> T required(T value, String member) {
        if (value == null) {
            throw violation("null", member, "Member must not be null");
        }
        return value;
    }

    public static String requiredString(String value, String member, int min, int max) {
        required(value, member);
        return length(value, member, min, max);
    }

    public static String length(String value, String member, int min, int max) {
        if (value != null && (value.length() < min || value.length() > max)) {
            throw violation("'" + abbreviate(value) + "'", member,
                    "Member must have length " + (value.length() < min ? "greater than or equal to " + min
                            : "less than or equal to " + max));
        }
        return value;
    }

    public static String pattern(String value, String member, Pattern pattern) {
        if (value != null && !pattern.matcher(value).matches()) {
            throw violation("'" + abbreviate(value) + "'", member,
                    "Member must satisfy regular expression pattern: " + pattern.pattern());
        }
        return value;
    }

    public static Integer range(Integer value, String member, int min, int max) {
        if (value != null && (value < min || value > max)) {
            throw violation("'" + value + "'", member,
                    "Member must have value " + (value < min ? "greater than or equal to " + min
                            : "less than or equal to " + max));
        }
        return value;
    }

    public static <C extends Collection<?>> C size(C value, String member, int min, int max) {
        if (value != null && (value.size() < min || value.size() > max)) {
            throw violation("'" + value + "'", member,
                    "Member must have length " + (value.size() < min ? "greater than or equal to " + min
                            : "less than or equal to " + max));
        }
        return value;
    }

    public static String oneOf(String value, String member, Collection<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            throw violation("'" + abbreviate(value) + "'", member,
                    "Member must satisfy enum value set: " + allowed);
        }
        return value;
    }

    public static AwsException violation(String value, String member, String constraint) {
        return AwsException.invalidParameter("1 validation error detected: Value " + value + " at '"
                + member + "' failed to satisfy constraint: " + constraint);
    }

    private static String abbreviate(String value) {
        return value.length() > 64 ? value.substring(0, 64) + "..." : value;
    }
}

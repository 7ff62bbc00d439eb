package dev.cognate.admin.users;

import dev.cognate.admin.AwsException;
import dev.cognate.admin.Validate;
import dev.cognate.pools.UserPool;
import dev.cognate.users.UserFilter;
import dev.cognate.users.UserFilter.Field;
import dev.cognate.users.UserFilter.Match;
import dev.cognate.users.Usernames;
import java.util.List;

/**
 * ListUsers' {@code Filter}: {@code attribute = "value"} (exact) or {@code attribute ^= "value"}
 * (prefix), the value in double quotes with {@code \"} and {@code \\} escapes, on the
 * attributes AWS makes searchable.
 */
final class UserSearchFilter {
    static final List<String> SEARCHABLE = List.of("username", "email", "phone_number", "name", "given_name",
            "family_name", "preferred_username", "cognito:user_status", "status", "sub");
    private static final String PARSE_ERROR = "Error while parsing filter.";

    private UserSearchFilter() {}

    /** The parsed filter, or null when none is given. */
    static UserFilter parse(String filter, UserPool pool) {
        if (filter == null || filter.isBlank()) {
            return null;
        }
        Validate.length(filter, "filter", 0, 256);
        int i = skipSpaces(filter, 0);
        int nameStart = i;
        while (i < filter.length() && isNameChar(filter.charAt(i))) {
            i++;
        }
        String attribute = filter.substring(nameStart, i);
        i = skipSpaces(filter, i);
        Match match;
        if (filter.startsWith("^=", i)) {
            match = Match.STARTS_WITH;
            i += 2;
        } else if (filter.startsWith("=", i)) {
            match = Match.EQUALS;
            i += 1;
        } else {
            throw AwsException.invalidParameter(PARSE_ERROR);
        }
        i = skipSpaces(filter, i);
        if (attribute.isEmpty() || i >= filter.length() || filter.charAt(i) != '"') {
            throw AwsException.invalidParameter(PARSE_ERROR);
        }
        StringBuilder value = new StringBuilder();
        i++;
        boolean closed = false;
        while (i < filter.length()) {
            char c = filter.charAt(i++);
            if (c == '\\' && i < filter.length()) {
                value.append(filter.charAt(i++));
            } else if (c == '"') {
                closed = true;
                break;
            } else {
                value.append(c);
            }
        }
        if (!closed || skipSpaces(filter, i) != filter.length()) {
            throw AwsException.invalidParameter(PARSE_ERROR);
        }
        if (!SEARCHABLE.contains(attribute)) {
            throw AwsException.invalidParameter(PARSE_ERROR + " " + attribute + " is not a searchable attribute; "
                    + "searchable attributes are " + String.join(", ", SEARCHABLE) + ".");
        }
        return switch (attribute) {
            case "username" -> new UserFilter(Field.USERNAME, null, match, Usernames.key(pool, value.toString()));
            case "sub" -> new UserFilter(Field.SUB, null, match, value.toString());
            case "cognito:user_status" -> new UserFilter(Field.USER_STATUS, null, match, value.toString());
            case "status" -> new UserFilter(Field.ENABLED_STATUS, null, match, value.toString());
            default -> new UserFilter(Field.ATTRIBUTE, attribute, match, value.toString());
        };
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == ':';
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}

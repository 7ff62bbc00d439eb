package dev.cognate.store.jdbc;

import dev.cognate.users.UserFilter;
import dev.cognate.users.UserFilter.Match;
import dev.cognate.users.UserStatus;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * One user search as the store runs it: the SQL and its bound values (kept together so that
 * {@code UserSearchPlanTest} explains exactly this). Every search is an index search on both
 * backends, whatever the pool's size:
 * <ul>
 * <li>an attribute is found from {@code user_attributes_by_value} (or {@code _by_folded_value}
 *   for names that compare without case) and its user joined by primary key; {@code CROSS JOIN}
 *   keeps SQLite from walking the pool in username order and probing each user's attributes;</li>
 * <li>a prefix ({@code ^=}) is the range [prefix, successor of prefix) of a column that sorts by
 *   code point (SQLite's BINARY, PostgreSQL's "C" from V50), then checked exactly;</li>
 * <li>both statuses are matched in Java against their few values, so the SQL compares the
 *   indexed column itself ({@code users_by_status}, {@code users_by_enabled}).</li>
 * </ul>
 */
record UserSearch(String sql, Map<String, Object> values) {
    static final String COLUMNS = "u.pool_id, u.username, u.username_key, u.sub, u.status, u.enabled, "
            + "u.password_hash, u.created_at, u.modified_at, u.tokens_revoked_before";
    /** The length of the value prefix that the user_attributes_by_value index holds (V4). */
    private static final int INDEXED_PREFIX = 128;
    private static final String FROM_ATTRIBUTE = " FROM user_attributes a CROSS JOIN users u WHERE a.pool_id = :pool "
            + "AND a.name = :attribute AND u.pool_id = a.pool_id AND u.username = a.username AND ";

    /** ListUsers: one page in username order after {@code after}, one row more than {@code limit}. */
    static UserSearch list(String poolId, UserFilter filter, String after, int limit) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("pool", poolId);
        values.put("after", after == null ? "" : after);
        values.put("limit", limit + 1);
        String tail = "u.username_key > :after ORDER BY u.username_key LIMIT :limit";
        if (filter == null) {
            return new UserSearch("SELECT " + COLUMNS + " FROM users u WHERE u.pool_id = :pool AND " + tail, values);
        }
        if (filter.field() == UserFilter.Field.ATTRIBUTE) {
            values.put("attribute", filter.attribute());
            String match = filter.match() == Match.EQUALS ? equalValue(filter.value(), values) : prefixOfValue(filter.value(), values);
            return new UserSearch("SELECT " + COLUMNS + FROM_ATTRIBUTE + match + " AND " + tail, values);
        }
        if (filter.field() == UserFilter.Field.USER_STATUS) {
            return byStatus(statuses(filter), tail, values);
        }
        String condition = switch (filter.field()) {
            case USERNAME -> compare("u.username_key", filter, values);
            case SUB -> compare("u.sub", filter, values);
            case ENABLED_STATUS -> enabledValues(filter);
            case ATTRIBUTE, USER_STATUS -> throw new AssertionError();
        };
        if (filter.field() == UserFilter.Field.SUB && filter.match() == Match.STARTS_WITH) {
            // ordering by an expression no index holds keeps SQLite from walking the pool in
            // username order (to save sorting the few users a sub prefix finds)
            tail = tail.replace("ORDER BY u.username_key", "ORDER BY u.username_key || ''");
        }
        return new UserSearch("SELECT " + COLUMNS + " FROM users u WHERE u.pool_id = :pool AND " + condition
                + " AND " + tail, values);
    }

    /** The users whose attribute {@code name} is {@code value}, in username order. */
    static UserSearch byAttribute(String poolId, String name, String value, boolean ignoreCase) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("pool", poolId);
        values.put("attribute", name);
        String match;
        if (ignoreCase) {
            values.put("value", value);
            match = "lower(substr(a.value, 1, " + INDEXED_PREFIX + ")) = lower(substr(:value, 1, " + INDEXED_PREFIX + ")) "
                    + "AND lower(a.value) = lower(:value)";
        } else {
            match = equalValue(value, values);
        }
        return new UserSearch("SELECT " + COLUMNS + FROM_ATTRIBUTE + match + " ORDER BY u.username_key", values);
    }

    Query query(Handle h) {
        Query query = h.createQuery(sql);
        values.forEach(query::bind);
        return query;
    }

    private static String equalValue(String value, Map<String, Object> values) {
        values.put("value", value);
        return "substr(a.value, 1, " + INDEXED_PREFIX + ") = substr(:value, 1, " + INDEXED_PREFIX + ") AND a.value = :value";
    }

    private static String prefixOfValue(String prefix, Map<String, Object> values) {
        String indexed = firstCodePoints(prefix, INDEXED_PREFIX);
        return range("substr(a.value, 1, " + INDEXED_PREFIX + ")", indexed, values)
                + " AND " + startsWith("a.value", prefix, values);
    }

    private static String compare(String column, UserFilter filter, Map<String, Object> values) {
        if (filter.match() == Match.EQUALS) {
            values.put("value", filter.value());
            return column + " = :value";
        }
        return range(column, filter.value(), values) + " AND " + startsWith(column, filter.value(), values);
    }

    private static String range(String expression, String low, Map<String, Object> values) {
        values.put("low", low);
        String high = successor(low);
        if (high == null) {
            return expression + " >= :low";
        }
        values.put("high", high);
        return expression + " >= :low AND " + expression + " < :high";
    }

    private static String startsWith(String column, String prefix, Map<String, Object> values) {
        values.put("value", prefix);
        values.put("prefixLength", prefix.codePointCount(0, prefix.length()));
        return "substr(" + column + ", 1, :prefixLength) = :value";
    }

    /**
     * The least string greater than every string that starts with {@code prefix}, in code point
     * order; null when there is none (the prefix is all U+10FFFF, or empty).
     */
    static String successor(String prefix) {
        int[] codePoints = prefix.codePoints().toArray();
        for (int i = codePoints.length - 1; i >= 0; i--) {
            int next = codePoints[i] + 1;
            if (next == Character.MIN_SURROGATE) {
                next = Character.MAX_SURROGATE + 1;
            }
            if (next <= Character.MAX_CODE_POINT) {
                return new String(codePoints, 0, i) + Character.toString(next);
            }
        }
        return null;
    }

    private static String firstCodePoints(String s, int count) {
        return s.codePointCount(0, s.length()) <= count ? s : s.substring(0, s.offsetByCodePoints(0, count));
    }

    /** cognito:user_status compares without case (Cognito's ListUsers documentation). */
    private static List<String> statuses(UserFilter filter) {
        String wanted = filter.value().toUpperCase(Locale.ROOT);
        return Arrays.stream(UserStatus.values()).map(UserStatus::name)
                .filter(s -> filter.match() == Match.EQUALS ? s.equals(wanted) : s.startsWith(wanted))
                .toList();
    }

    /** status ("Enabled" or "Disabled") compares with case. */
    private static String enabledValues(UserFilter filter) {
        List<String> values = Stream.of(true, false)
                .filter(enabled -> {
                    String name = UserFilter.enabledStatus(enabled);
                    return filter.match() == Match.EQUALS ? name.equals(filter.value()) : name.startsWith(filter.value());
                })
                .map(enabled -> enabled ? "1" : "0")
                .toList();
        return switch (values.size()) {
            case 0 -> "u.enabled = NULL";
            case 1 -> "u.enabled = " + values.getFirst();
            default -> "u.enabled IN (0, 1)";
        };
    }

    /**
     * A status prefix may match several statuses: each is read in username order from
     * users_by_status, at most one page of each, and the pages merged, so neither a rare status
     * (walking the pool) nor a common one (sorting it) costs more than a few pages. Literals are
     * UserStatus's own names, never the request's text.
     */
    private static UserSearch byStatus(List<String> statuses, String tail, Map<String, Object> values) {
        String from = "SELECT " + COLUMNS + " FROM users u WHERE u.pool_id = :pool AND ";
        if (statuses.size() == UserStatus.values().length) {
            return new UserSearch(from + tail, values);
        }
        if (statuses.size() <= 1) {
            String status = statuses.isEmpty() ? "NULL" : "'" + statuses.getFirst() + "'";
            return new UserSearch(from + "u.status = " + status + " AND " + tail, values);
        }
        String union = statuses.stream()
                .map(status -> "SELECT * FROM (" + from + "u.status = '" + status + "' AND " + tail + ") s_" + status)
                .collect(Collectors.joining(" UNION ALL "));
        return new UserSearch(union + " ORDER BY username_key LIMIT :limit", values);
    }
}

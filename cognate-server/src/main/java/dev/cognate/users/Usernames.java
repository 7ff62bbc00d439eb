package dev.cognate.users;

import dev.cognate.pools.UserPool;
import java.util.Locale;

/** How a pool compares usernames. */
public final class Usernames {
    private Usernames() {}

    /** The form of {@code username} that lookups compare: lower case unless the pool is case sensitive. */
    public static String key(UserPool pool, String username) {
        return pool.usernamesCaseSensitive() ? username : username.toLowerCase(Locale.ROOT);
    }
}

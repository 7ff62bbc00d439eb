package dev.cognate.authn;

import dev.cognate.users.Usernames;
import dev.cognate.users.User;

import dev.cognate.pools.UserPool;
import dev.cognate.store.UserStore;
import java.util.List;
import java.util.Optional;

/**
 * Finds a user by any name Cognito accepts for one: the username, then (in pools that sign
 * in with e-mail or phone number) that attribute, then a verified alias (or the
 * preferred_username alias), then the sub.
 */
public final class UserDirectory {
    private final UserStore users;

    public UserDirectory(UserStore users) {
        this.users = users;
    }

    public Optional<User> find(UserPool pool, String name) {
        Optional<User> byUsername = users.find(pool.id(), Usernames.key(pool, name));
        if (byUsername.isPresent()) {
            return byUsername;
        }
        for (String attribute : orEmpty(pool.usernameAttributes())) {
            Optional<User> user = single(users.findByAttribute(pool.id(), attribute, name, ignoresCase(pool, attribute)));
            if (user.isPresent()) {
                return user;
            }
        }
        for (String alias : orEmpty(pool.aliasAttributes())) {
            List<User> holders = users.findByAttribute(pool.id(), alias, name, ignoresCase(pool, alias)).stream()
                    .filter(u -> alias.equals("preferred_username") || u.isVerified(alias))
                    .toList();
            Optional<User> user = single(holders);
            if (user.isPresent()) {
                return user;
            }
        }
        return users.findBySub(pool.id(), name);
    }

    /** Whether values of this sign-in attribute compare without case in this pool. */
    public static boolean ignoresCase(UserPool pool, String attribute) {
        return !pool.usernamesCaseSensitive() && !attribute.equals("phone_number");
    }

    private static Optional<User> single(List<User> users) {
        return users.size() == 1 ? Optional.of(users.getFirst()) : Optional.empty();
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }
}

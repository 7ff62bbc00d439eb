package dev.cognate.admin.users;

import dev.cognate.users.User;
import dev.cognate.users.UserAttribute;
import dev.cognate.users.UserStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** AWS UserType, as AdminCreateUser, ListUsers and ListUsersInGroup answer a user. */
public record UserType(
        String username,
        List<UserAttribute> attributes,
        Instant userCreateDate,
        Instant userLastModifiedDate,
        boolean enabled,
        UserStatus userStatus) {

    public static UserType of(User user) {
        return of(user, null);
    }

    /** The user with only the attributes named in {@code only} (all when null). */
    public static UserType of(User user, Collection<String> only) {
        return new UserType(user.username(), attributes(user, only), user.createdAt(), user.lastModifiedAt(),
                user.enabled(), user.status());
    }

    /** The user's attributes as AWS lists them: {@code sub} first, then the rest. */
    static List<UserAttribute> attributes(User user, Collection<String> only) {
        List<UserAttribute> all = new ArrayList<>();
        all.add(new UserAttribute("sub", user.sub()));
        all.addAll(user.attributes());
        return only == null ? all : all.stream().filter(a -> only.contains(a.name())).toList();
    }
}

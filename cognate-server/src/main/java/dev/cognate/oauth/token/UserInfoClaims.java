package dev.cognate.oauth.token;

import dev.cognate.users.User;
import dev.cognate.users.UserAttribute;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which attributes userInfo answers for a token's scopes, as Cognito's userInfo does:
 * {@code openid} alone: every attribute the client may read; with {@code profile}, {@code
 * email} or {@code phone}: {@code sub}, {@code username} and those scopes' attributes only
 * ({@code profile}: the OIDC profile claims and custom attributes). Values are strings, as
 * stored ({@code email_verified: "true"}), as in Cognito's answers.
 */
final class UserInfoClaims {
    private static final Set<String> EMAIL = Set.of("email", "email_verified");
    private static final Set<String> PHONE = Set.of("phone_number", "phone_number_verified");
    private static final Set<String> PROFILE = Set.of("name", "family_name", "given_name", "middle_name", "nickname",
            "preferred_username", "profile", "picture", "website", "gender", "birthdate", "zoneinfo", "locale", "updated_at");

    private UserInfoClaims() {}

    /** @param readable the client's ReadAttributes (null or empty: all) */
    static Map<String, String> of(User user, Set<String> scopes, List<String> readable) {
        boolean narrowed = scopes.contains("profile") || scopes.contains("email") || scopes.contains("phone");
        Map<String, String> claims = new LinkedHashMap<>();
        claims.put("sub", user.sub());
        for (UserAttribute attribute : user.attributes()) {
            String name = attribute.name();
            boolean inScope = !narrowed
                    || (scopes.contains("profile") && (PROFILE.contains(name) || name.startsWith("custom:")))
                    || (scopes.contains("email") && EMAIL.contains(name))
                    || (scopes.contains("phone") && PHONE.contains(name));
            boolean mayRead = readable == null || readable.isEmpty() || readable.contains(name);
            if (inScope && mayRead && !name.equals("sub")) {
                claims.put(name, attribute.value());
            }
        }
        if (claims.containsKey("email")) {
            claims.putIfAbsent("email_verified", "false");
        }
        if (claims.containsKey("phone_number")) {
            claims.putIfAbsent("phone_number_verified", "false");
        }
        claims.put("username", user.username());
        return claims;
    }
}

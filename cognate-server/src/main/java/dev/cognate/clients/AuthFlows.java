package dev.cognate.clients;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The ExplicitAuthFlows values, and which sign-in flows a client's setting allows. */
public final class AuthFlows {
    public static final String ADMIN_USER_PASSWORD = "ALLOW_ADMIN_USER_PASSWORD_AUTH";
    public static final String CUSTOM = "ALLOW_CUSTOM_AUTH";
    public static final String USER_PASSWORD = "ALLOW_USER_PASSWORD_AUTH";
    public static final String USER_SRP = "ALLOW_USER_SRP_AUTH";
    public static final String REFRESH_TOKEN = "ALLOW_REFRESH_TOKEN_AUTH";
    public static final String USER_AUTH = "ALLOW_USER_AUTH";

    public static final List<String> CURRENT = List.of(ADMIN_USER_PASSWORD, CUSTOM, USER_PASSWORD, USER_SRP,
            REFRESH_TOKEN, USER_AUTH);
    public static final List<String> LEGACY = List.of("ADMIN_NO_SRP_AUTH", "CUSTOM_AUTH_FLOW_ONLY", "USER_PASSWORD_AUTH");

    /** What Cognito allows when a client names no flows. */
    public static final Set<String> DEFAULT = Set.of(REFRESH_TOKEN, USER_SRP, CUSTOM);

    private AuthFlows() {}

    /**
     * The ALLOW_ flows that a client's ExplicitAuthFlows setting allows. The legacy values
     * kept SRP and refresh always on and added to them; CUSTOM_AUTH_FLOW_ONLY narrowed
     * the client to custom authentication.
     */
    public static Set<String> allowed(List<String> explicit) {
        if (explicit == null || explicit.isEmpty()) {
            return DEFAULT;
        }
        if (explicit.stream().anyMatch(CURRENT::contains)) {
            return Set.copyOf(explicit);
        }
        if (explicit.contains("CUSTOM_AUTH_FLOW_ONLY")) {
            return Set.of(CUSTOM, REFRESH_TOKEN);
        }
        Set<String> allowed = new LinkedHashSet<>(List.of(USER_SRP, REFRESH_TOKEN, CUSTOM));
        if (explicit.contains("ADMIN_NO_SRP_AUTH")) {
            allowed.add(ADMIN_USER_PASSWORD);
        }
        if (explicit.contains("USER_PASSWORD_AUTH")) {
            allowed.add(USER_PASSWORD);
        }
        return Set.copyOf(allowed);
    }
}

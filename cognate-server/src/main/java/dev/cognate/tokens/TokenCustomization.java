package dev.cognate.tokens;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link ClaimsCustomizer} asks of the ID and access tokens. The minter applies it and
 * enforces Cognito's rules for what may not change (see {@link #PROTECTED}): those requests are
 * ignored, so a trigger can never rewrite who a token is about, for whom, by whom or how long.
 *
 * @param groupsOverride {@code cognito:groups} instead of the user's groups (null: unchanged; empty: none)
 * @param iamRoles       {@code cognito:roles} in the ID token (null: none)
 * @param preferredRole  {@code cognito:preferred_role} in the ID token (null: none)
 */
public record TokenCustomization(ClaimChanges id, ClaimChanges access, List<String> groupsOverride,
                                 List<String> iamRoles, String preferredRole, Set<String> scopesToAdd,
                                 Set<String> scopesToSuppress) {
    public static final TokenCustomization NONE = new TokenCustomization(ClaimChanges.NONE, ClaimChanges.NONE, null,
            null, null, Set.of(), Set.of());

    /**
     * Claims no trigger changes, in either token (Cognito's list for pre token generation, plus
     * the claims Cognate's own verification relies on). {@code cognito:groups} changes only
     * through {@code groupOverrideDetails}, {@code scope} only through scopesToAdd/-Suppress.
     */
    public static final Set<String> PROTECTED = Set.of("acr", "amr", "at_hash", "auth_time", "azp", "aud", "client_id",
            "cognito:username", "cognito:groups", "cognito:roles", "cognito:preferred_role", "device_key", "event_id",
            "exp", "iat", "identities", "iss", "jti", "nbf", "nonce", "origin_jti", "scope", "sub", "token_use", "username", "version");

    /**
     * Scopes a trigger cannot add: the OIDC scopes (they open userInfo and the ID token) and the
     * scope that lets an access token call the user's own Cognito API.
     */
    public static final Set<String> UNADDABLE_SCOPES = Set.of("openid", "profile", "email", "phone",
            "aws.cognito.signin.user.admin");

    public TokenCustomization {
        id = id == null ? ClaimChanges.NONE : id;
        access = access == null ? ClaimChanges.NONE : access;
        groupsOverride = groupsOverride == null ? null : List.copyOf(groupsOverride);
        iamRoles = iamRoles == null ? null : List.copyOf(iamRoles);
        scopesToAdd = scopesToAdd == null ? Set.of() : Set.copyOf(scopesToAdd);
        scopesToSuppress = scopesToSuppress == null ? Set.of() : Set.copyOf(scopesToSuppress);
    }

    /** Claims to add or override (JSON-shaped values: strings, numbers, booleans, lists, maps) and to remove. */
    public record ClaimChanges(Map<String, Object> addOrOverride, Set<String> suppress) {
        public static final ClaimChanges NONE = new ClaimChanges(Map.of(), Set.of());

        public ClaimChanges {
            addOrOverride = addOrOverride == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(addOrOverride));
            suppress = suppress == null ? Set.of() : Set.copyOf(suppress);
        }
    }
}

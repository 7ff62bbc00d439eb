package dev.cognate.pools;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** AWS UserPoolPolicyType: the password policy (and a sign-in policy kept as given). */
public record Policies(PasswordPolicy passwordPolicy, JsonNode signInPolicy) {
    public static final Policies DEFAULT = new Policies(PasswordPolicy.DEFAULT, null);

    /** The pool's SignInPolicy.AllowedFirstAuthFactors, or PASSWORD alone (Cognito's default). */
    public static List<String> allowedFirstAuthFactors(Policies policies) {
        JsonNode policy = policies == null ? null : policies.signInPolicy();
        JsonNode factors = policy == null ? null : policy.get("AllowedFirstAuthFactors");
        if (factors == null || !factors.isArray() || factors.isEmpty()) {
            return List.of("PASSWORD");
        }
        List<String> names = new ArrayList<>();
        factors.forEach(f -> names.add(f.asText()));
        return names;
    }
}

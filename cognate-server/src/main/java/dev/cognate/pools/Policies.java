package dev.cognate.pools;

import com.fasterxml.jackson.databind.JsonNode;

/** AWS UserPoolPolicyType: the password policy (and a sign-in policy kept as given). */
public record Policies(PasswordPolicy passwordPolicy, JsonNode signInPolicy) {
    public static final Policies DEFAULT = new Policies(PasswordPolicy.DEFAULT, null);
}

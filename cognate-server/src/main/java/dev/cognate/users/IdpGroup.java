package dev.cognate.users;

/**
 * A group an upstream IdP says a user is in ({@code groups_claim}). In {@code cognito:groups}
 * it reads {@code <ProviderName>:<group>}: an IdP (any tenant of a multi-tenant one) must not
 * be able to put a user into a pool group, which can carry an IAM role, by naming it.
 */
public record IdpGroup(String providerName, String name) {
    public String claimValue() {
        return providerName + ":" + name;
    }
}

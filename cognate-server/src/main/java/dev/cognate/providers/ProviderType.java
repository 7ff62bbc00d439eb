package dev.cognate.providers;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** AWS IdentityProviderTypeType, with the username mapping Cognito adds when none is given. */
public enum ProviderType {
    SAML("SAML", null),
    FACEBOOK("Facebook", "id"),
    GOOGLE("Google", "sub"),
    LOGIN_WITH_AMAZON("LoginWithAmazon", "user_id"),
    SIGN_IN_WITH_APPLE("SignInWithApple", "sub"),
    OIDC("OIDC", "sub");

    private final String awsName;
    private final String defaultUsernameClaim;

    ProviderType(String awsName, String defaultUsernameClaim) {
        this.awsName = awsName;
        this.defaultUsernameClaim = defaultUsernameClaim;
    }

    /** The name on the wire ({@code OIDC}, {@code SignInWithApple}, ...). */
    public String awsName() {
        return awsName;
    }

    /** The IdP claim Cognito maps to {@code username} when the mapping does not say; empty for SAML. */
    public Optional<String> defaultUsernameClaim() {
        return Optional.ofNullable(defaultUsernameClaim);
    }

    public static Optional<ProviderType> fromAwsName(String name) {
        return Arrays.stream(values()).filter(t -> t.awsName.equals(name)).findFirst();
    }

    public static List<String> awsNames() {
        return Arrays.stream(values()).map(ProviderType::awsName).toList();
    }
}

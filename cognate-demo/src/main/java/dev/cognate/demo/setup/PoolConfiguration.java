package dev.cognate.demo.setup;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.DomainDescriptionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.IdentityProviderTypeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OAuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientDescription;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolDescriptionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifiedAttributeType;

/**
 * Steps 5, 7, 8 and 9 of the seed on Cognate, through the AWS SDK as an operator's script would: the user pool
 * (e-mail verified on sign-up, so that a visitor can also sign up on the hosted page), its domain, the OIDC providers
 * with their ProviderDetails and attribute mapping, and the app client. Each step finds
 * what an earlier run made and brings it up to date (the dev IdP forgets its app registrations when it stops, so the
 * providers get the new client id and secret every run).
 */
public final class PoolConfiguration {
    public static final String POOL_NAME = "cognate-demo";
    public static final String DOMAIN = "cognate-demo";
    public static final String CLIENT_NAME = "demo-app";
    public static final String SINGLE_TENANT = "entra";
    public static final String MULTI_TENANT = "entra-multi";
    static final Map<String, String> ATTRIBUTE_MAPPING = Map.of(
            "email", "email", "given_name", "given_name", "family_name", "family_name");
    static final List<String> SCOPES = List.of("openid", "profile", "email");

    private final CognitoIdentityProviderClient cognito;

    /** An OIDC provider: the app registration and the issuer Cognate checks its tokens against. */
    public record Provider(String name, AppRegistrations.Registration registration, String issuer, String allowedTenants) {}

    /** What the app needs: where it is (pool), who it is (client id and secret), and whether an earlier run made it. */
    public record Result(String poolId, String clientId, String clientSecret, boolean reused) {
        @Override
        public String toString() {
            return "Result[poolId=" + poolId + ", clientId=" + clientId + ", reused=" + reused + "]";
        }
    }

    public PoolConfiguration(CognitoIdentityProviderClient cognito) {
        this.cognito = cognito;
    }

    public Result apply(List<Provider> providers, String callbackUrl, String signOutUrl) {
        Optional<String> existing = existingPool();
        String poolId = existing.orElseGet(() -> cognito.createUserPool(r -> r.poolName(POOL_NAME)
                .autoVerifiedAttributes(VerifiedAttributeType.EMAIL)).userPool().id());
        existing.ifPresent(this::verifyEmail);
        domain(poolId);
        providers.forEach(p -> provider(poolId, p));
        List<String> enabled = new java.util.ArrayList<>(providers.stream().map(Provider::name).toList());
        enabled.add("COGNITO");
        String clientId = client(poolId, enabled, callbackUrl, signOutUrl);
        String secret = cognito.describeUserPoolClient(r -> r.userPoolId(poolId).clientId(clientId)).userPoolClient().clientSecret();
        return new Result(poolId, clientId, secret, existing.isPresent());
    }

    private Optional<String> existingPool() {
        return cognito.listUserPoolsPaginator(r -> r.maxResults(60)).userPools().stream()
                .filter(p -> POOL_NAME.equals(p.name())).map(UserPoolDescriptionType::id).findFirst();
    }

    /**
     * A pool of an earlier demo, made before visitors could sign up: sign-up sends a code only to auto-verified
     * attributes. The demo's pool has no other settings for UpdateUserPool to reset.
     */
    private void verifyEmail(String poolId) {
        List<VerifiedAttributeType> verified = cognito.describeUserPool(r -> r.userPoolId(poolId)).userPool()
                .autoVerifiedAttributes();
        if (!verified.contains(VerifiedAttributeType.EMAIL)) {
            cognito.updateUserPool(r -> r.userPoolId(poolId).autoVerifiedAttributes(VerifiedAttributeType.EMAIL));
        }
    }

    private void domain(String poolId) {
        DomainDescriptionType described = cognito.describeUserPoolDomain(r -> r.domain(DOMAIN)).domainDescription();
        if (described == null || described.userPoolId() == null) {
            cognito.createUserPoolDomain(r -> r.userPoolId(poolId).domain(DOMAIN));
        } else if (!poolId.equals(described.userPoolId())) {
            throw new IllegalStateException("the domain " + DOMAIN + " belongs to the pool " + described.userPoolId()
                    + "; start the demo with --reset");
        }
    }

    private void provider(String poolId, Provider provider) {
        Map<String, String> details = new java.util.LinkedHashMap<>();
        details.put("client_id", provider.registration().appId());
        details.put("client_secret", provider.registration().clientSecret());
        details.put("authorize_scopes", String.join(" ", SCOPES));
        details.put("attributes_request_method", "POST");
        details.put("oidc_issuer", provider.issuer());
        if (provider.allowedTenants() != null) {
            details.put("allowed_tenants", provider.allowedTenants());
        }
        try {
            cognito.describeIdentityProvider(r -> r.userPoolId(poolId).providerName(provider.name()));
        } catch (ResourceNotFoundException e) {
            cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName(provider.name())
                    .providerType(IdentityProviderTypeType.OIDC).providerDetails(details).attributeMapping(ATTRIBUTE_MAPPING));
            return;
        }
        cognito.updateIdentityProvider(r -> r.userPoolId(poolId).providerName(provider.name())
                .providerDetails(details).attributeMapping(ATTRIBUTE_MAPPING));
    }

    private String client(String poolId, List<String> providers, String callbackUrl, String signOutUrl) {
        Optional<String> existing = cognito.listUserPoolClientsPaginator(r -> r.userPoolId(poolId).maxResults(60))
                .userPoolClients().stream().filter(c -> CLIENT_NAME.equals(c.clientName()))
                .map(UserPoolClientDescription::clientId).findFirst();
        if (existing.isPresent()) {
            // UpdateUserPoolClient resets what it is not given, so it gets every setting again.
            cognito.updateUserPoolClient(r -> r.userPoolId(poolId).clientId(existing.get()).clientName(CLIENT_NAME)
                    .callbackURLs(callbackUrl).logoutURLs(signOutUrl).allowedOAuthFlowsUserPoolClient(true)
                    .allowedOAuthFlows(OAuthFlowType.CODE).allowedOAuthScopes(SCOPES).supportedIdentityProviders(providers));
            return existing.get();
        }
        return cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName(CLIENT_NAME).generateSecret(true)
                .callbackURLs(callbackUrl).logoutURLs(signOutUrl).allowedOAuthFlowsUserPoolClient(true)
                .allowedOAuthFlows(OAuthFlowType.CODE).allowedOAuthScopes(SCOPES).supportedIdentityProviders(providers))
                .userPoolClient().clientId();
    }
}

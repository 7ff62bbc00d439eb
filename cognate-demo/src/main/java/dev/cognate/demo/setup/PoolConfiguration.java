package dev.cognate.demo.setup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cognate.declarative.Change;
import dev.cognate.declarative.DeclarationFile;
import dev.cognate.declarative.Declarations;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientDescription;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolDescriptionType;

/**
 * Steps 5, 7, 8 and 9 of the seed on Cognate, as a declaration: {@code demo-pool.yaml} beside this
 * class describes the user pool (e-mail verified on sign-up, so that a visitor can also sign up on
 * the hosted page), its domain, a resource server, the OIDC providers with their ProviderDetails
 * and attribute mapping, the app client and a demo user, and is applied as {@code ./cognate apply}
 * applies a file: it creates what is missing and brings what an earlier run made up to date (the
 * dev IdP forgets its app registrations when it stops, so the providers get the new client id and
 * secret every run). The values that change from run to run, secrets among them, are the file's
 * {@code ${...}} references, given here in the process.
 */
public final class PoolConfiguration {
    public static final String POOL_NAME = "cognate-demo";
    public static final String DOMAIN = "cognate-demo";
    public static final String CLIENT_NAME = "demo-app";
    public static final String SINGLE_TENANT = "entra";
    public static final String MULTI_TENANT = "entra-multi";
    /** A native user of the pool, for the hosted page's password form. */
    public static final String DEMO_USER = "demo";
    public static final String DEMO_USER_PASSWORD = "Demo-Passw0rd!";
    static final String DECLARATION = "demo-pool.yaml";

    private final Declarations declarations;
    private final CognitoIdentityProviderClient cognito;

    /** An OIDC provider: the app registration and the issuer Cognate checks its tokens against. */
    public record Provider(AppRegistrations.Registration registration, String issuer) {}

    /** What the app needs: where it is (pool), who it is (client id and secret), and whether an earlier run made it. */
    public record Result(String poolId, String clientId, String clientSecret, boolean reused) {
        @Override
        public String toString() {
            return "Result[poolId=" + poolId + ", clientId=" + clientId + ", reused=" + reused + "]";
        }
    }

    /**
     * @param declarations the declarative applier of the demo's Cognate (its admin operations, in this process)
     * @param cognito      the AWS SDK signed with the same Cognate's admin key, to read back the ids it chose
     */
    public PoolConfiguration(Declarations declarations, CognitoIdentityProviderClient cognito) {
        this.declarations = declarations;
        this.cognito = cognito;
    }

    /**
     * @param singleTenant   the {@value #SINGLE_TENANT} provider (one tenant's registration)
     * @param multiTenant    the {@value #MULTI_TENANT} provider (a multi-tenant registration)
     * @param allowedTenants the tenants {@value #MULTI_TENANT} lets in
     */
    public Result apply(Provider singleTenant, Provider multiTenant, String allowedTenants, String callbackUrl,
                        String signOutUrl) {
        Map<String, String> values = new HashMap<>();
        values.put("ENTRA_CLIENT_ID", singleTenant.registration().appId());
        values.put("ENTRA_CLIENT_SECRET", singleTenant.registration().clientSecret());
        values.put("ENTRA_ISSUER", singleTenant.issuer());
        values.put("ENTRA_MULTI_CLIENT_ID", multiTenant.registration().appId());
        values.put("ENTRA_MULTI_CLIENT_SECRET", multiTenant.registration().clientSecret());
        values.put("ENTRA_MULTI_ISSUER", multiTenant.issuer());
        values.put("ENTRA_MULTI_ALLOWED_TENANTS", allowedTenants);
        values.put("APP_CALLBACK_URL", callbackUrl);
        values.put("APP_SIGN_OUT_URL", signOutUrl);
        values.put("DEMO_USER_PASSWORD", DEMO_USER_PASSWORD);
        ObjectNode declaration = DeclarationFile.parse(DECLARATION, declaration(), false, values);

        List<Change> changes = declarations.apply(declaration, new Declarations.Options(false, false), change -> { });

        boolean reused = changes.stream().noneMatch(c -> c.action() == Change.Action.CREATE && c.kind().equals("user pool"));
        String poolId = cognito.listUserPoolsPaginator(r -> r.maxResults(60)).userPools().stream()
                .filter(p -> POOL_NAME.equals(p.name())).map(UserPoolDescriptionType::id).findFirst().orElseThrow();
        String clientId = cognito.listUserPoolClientsPaginator(r -> r.userPoolId(poolId).maxResults(60))
                .userPoolClients().stream().filter(c -> CLIENT_NAME.equals(c.clientName()))
                .map(UserPoolClientDescription::clientId).findFirst().orElseThrow();
        String secret = cognito.describeUserPoolClient(r -> r.userPoolId(poolId).clientId(clientId)).userPoolClient()
                .clientSecret();
        return new Result(poolId, clientId, secret, reused);
    }

    private static byte[] declaration() {
        try (InputStream in = PoolConfiguration.class.getResourceAsStream(DECLARATION)) {
            if (in == null) {
                throw new IllegalStateException(DECLARATION + " is missing from the demo's classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DECLARATION, e);
        }
    }
}

package dev.cognate.testing;

import dev.cognate.store.AuthorizationCode;
import dev.cognate.crypto.Hashes;
import dev.cognate.store.AuthorizationCodeStore;
import dev.cognate.store.jdbc.JdbcAuthorizationCodeStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CreateUserPoolClientRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OAuthFlowType;

/**
 * A pool of its own on a shared test server, with an OAuth app client that lets the pool's
 * own users sign in on the hosted page, and helpers to make users and authorize URLs.
 */
public final class HostedUiFixture {
    public static final String CALLBACK = "https://app.example.com/callback";
    public static final String CALLBACK_WITH_QUERY = "https://app.example.com/cb?tenant=a";
    public static final String SIGNED_OUT = "https://app.example.com/signed-out";
    public static final String PASSWORD = "Corr3ct-Horse!";

    public final TestServer server;
    public final CognitoIdentityProviderClient cognito;
    public final String poolId;

    private HostedUiFixture(TestServer server, String poolId) {
        this.server = server;
        this.cognito = server.client();
        this.poolId = poolId;
    }

    public static HostedUiFixture on(TestServer server) {
        String poolId = server.client().createUserPool(r -> r.poolName("hosted-" + UUID.randomUUID().toString().substring(0, 8)))
                .userPool().id();
        return new HostedUiFixture(server, poolId);
    }

    /** A code-flow client named "Test App" with openid/email/profile/phone, COGNITO, a callback and a sign-out URL. */
    public String client() {
        return client(r -> { });
    }

    public String client(Consumer<CreateUserPoolClientRequest.Builder> changes) {
        return cognito.createUserPoolClient(r -> {
            r.userPoolId(poolId).clientName("Test App")
                    .allowedOAuthFlowsUserPoolClient(true)
                    .allowedOAuthFlows(OAuthFlowType.CODE)
                    .allowedOAuthScopes("openid", "email", "profile", "phone")
                    .callbackURLs(CALLBACK, CALLBACK_WITH_QUERY)
                    .logoutURLs(SIGNED_OUT)
                    .supportedIdentityProviders("COGNITO");
            changes.accept(r);
        }).userPoolClient().clientId();
    }

    /** A CONFIRMED user with password {@link #PASSWORD}. */
    public String confirmedUser(String username) {
        cognito.adminCreateUser(r -> r.userPoolId(poolId).username(username).messageAction(MessageActionType.SUPPRESS));
        cognito.adminSetUserPassword(r -> r.userPoolId(poolId).username(username).password(PASSWORD).permanent(true));
        return username;
    }

    /** A FORCE_CHANGE_PASSWORD user with this temporary password. */
    public String userWithTemporaryPassword(String username, String temporaryPassword) {
        cognito.adminCreateUser(r -> r.userPoolId(poolId).username(username).temporaryPassword(temporaryPassword)
                .messageAction(MessageActionType.SUPPRESS));
        return username;
    }

    /** {@code /oauth2/authorize?...} for the client: response_type=code and its first callback, plus {@code extra}. */
    public String authorize(String clientId, String... extra) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", clientId);
        params.put("redirect_uri", CALLBACK);
        for (int i = 0; i + 1 < extra.length; i += 2) {
            if (extra[i + 1] == null) {
                params.remove(extra[i]);
            } else {
                params.put(extra[i], extra[i + 1]);
            }
        }
        return "/oauth2/authorize?" + params.entrySet().stream()
                .map(e -> TestBrowser.enc(e.getKey()) + "=" + TestBrowser.enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    public TestBrowser browser() {
        return new TestBrowser(server.endpoint());
    }

    /** Redeems a code straight from the store (the token endpoint is tested elsewhere). */
    public AuthorizationCodeStore.Redemption redeem(String code) {
        return codes().redeem(Hashes.sha256Hex(code), Instant.now());
    }

    public AuthorizationCode redeemed(String code) {
        if (redeem(code) instanceof AuthorizationCodeStore.Redemption.Redeemed(AuthorizationCode stored)) {
            return stored;
        }
        throw new AssertionError("code was not redeemable");
    }

    private AuthorizationCodeStore codes() {
        return new JdbcAuthorizationCodeStore(server.server().database().jdbi());
    }
}

package dev.cognate.testing;

import dev.cognate.crypto.Hashes;
import dev.cognate.crypto.RandomIds;
import dev.cognate.store.AuthorizationCode;
import dev.cognate.store.AuthorizationCodeStore;
import dev.cognate.store.jdbc.JdbcAuthorizationCodeStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CreateUserPoolClientRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientType;

/**
 * Pools, app clients and users made through the AWS SDK, and authorization codes saved the way
 * {@code /oauth2/authorize} saves them (hash of a 256-bit value, 5-minute life), so the token
 * side can be tested on its own.
 */
public final class IssuedCodes {
    public static final String REDIRECT_URI = "https://app.example.com/callback";
    public static final String API = "https://api.example.com";
    public static final Duration CODE_LIFE = Duration.ofMinutes(5);

    public record Client(String poolId, String clientId, String secret) {}

    public record TestUser(String poolId, String username, String sub) {}

    /** A saved code: the value handed to the app, and what it stands for. */
    public record Issued(String code, AuthorizationCode stands) {}

    private final TestServer server;
    private final CognitoIdentityProviderClient admin;
    private final AuthorizationCodeStore codes;

    public IssuedCodes(TestServer server) {
        this.server = server;
        this.admin = server.client();
        this.codes = new JdbcAuthorizationCodeStore(server.server().database().jdbi());
    }

    /** A new pool with a resource server {@link #API} defining the scopes {@code read} and {@code write}. */
    public String newPool(String name) {
        String poolId = admin.createUserPool(r -> r.poolName(name)).userPool().id();
        admin.createResourceServer(r -> r.userPoolId(poolId).identifier(API).name("api")
                .scopes(s -> s.scopeName("read").scopeDescription("Read"), s -> s.scopeName("write").scopeDescription("Write")));
        return poolId;
    }

    /** A client with a secret, allowed the code flow with openid, email, phone, profile. */
    public Client confidentialClient(String poolId) {
        return client(poolId, true, r -> {});
    }

    /** A client without a secret, allowed the code flow with openid, email, phone, profile. */
    public Client publicClient(String poolId) {
        return client(poolId, false, r -> {});
    }

    /** A code-flow client, changed by {@code customize}. */
    public Client client(String poolId, boolean withSecret, Consumer<CreateUserPoolClientRequest.Builder> customize) {
        UserPoolClientType created = admin.createUserPoolClient(r -> {
            r.userPoolId(poolId).clientName("app").generateSecret(withSecret)
                    .allowedOAuthFlowsUserPoolClient(true).allowedOAuthFlowsWithStrings("code")
                    .allowedOAuthScopes("openid", "email", "phone", "profile")
                    .callbackURLs(REDIRECT_URI).supportedIdentityProviders("COGNITO")
                    .explicitAuthFlowsWithStrings("ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH");
            customize.accept(r);
        }).userPoolClient();
        return new Client(poolId, created.clientId(), created.clientSecret());
    }

    /** A confidential client allowed only client_credentials, with {@code scopes}. */
    public Client machineClient(String poolId, String... scopes) {
        UserPoolClientType created = admin.createUserPoolClient(r -> r.userPoolId(poolId).clientName("machine")
                .generateSecret(true).allowedOAuthFlowsUserPoolClient(true).allowedOAuthFlowsWithStrings("client_credentials")
                .allowedOAuthScopes(scopes)).userPoolClient();
        return new Client(poolId, created.clientId(), created.clientSecret());
    }

    /** A confirmed user with a password and the given attributes (name, value, name, value...). */
    public TestUser user(String poolId, String username, String... attributes) {
        List<AttributeType> list = new java.util.ArrayList<>();
        for (int i = 0; i < attributes.length; i += 2) {
            list.add(AttributeType.builder().name(attributes[i]).value(attributes[i + 1]).build());
        }
        admin.adminCreateUser(r -> r.userPoolId(poolId).username(username).userAttributes(list).messageAction("SUPPRESS"));
        admin.adminSetUserPassword(r -> r.userPoolId(poolId).username(username).password("Passw0rd!long").permanent(true));
        String sub = admin.adminGetUser(r -> r.userPoolId(poolId).username(username)).userAttributes().stream()
                .filter(a -> a.name().equals("sub")).findFirst().orElseThrow().value();
        return new TestUser(poolId, username, sub);
    }

    /** A code for {@code user} at {@code client}, with a PKCE challenge for {@code verifier} unless it is null. */
    public Issued issue(Client client, TestUser user, Set<String> scopes, String verifier) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return save(new AuthorizationCode(client.poolId(), client.clientId(), user.username(), REDIRECT_URI, scopes,
                verifier == null ? null : s256(verifier), "nonce-" + RandomIds.alphanumeric(12), now,
                UUID.randomUUID().toString(), now.plus(CODE_LIFE), user.sub()));
    }

    public Issued save(AuthorizationCode code) {
        String value = RandomIds.token();
        codes.save(Hashes.sha256Hex(value), code);
        return new Issued(value, code);
    }

    public TestServer server() {
        return server;
    }

    public static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.cognate.admin.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.cognate.testing.Backend;
import dev.cognate.testing.TestServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CreateUserPoolClientRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CreateUserPoolRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientType;

/**
 * A fresh pool on a shared test server, with helpers to make clients and users, sign in
 * through the real AWS SDK, and verify tokens as an app would (Nimbus, the pool's JWKS).
 * The SDK client never retries, so a throttled answer reaches the test as it was sent.
 */
final class SignInPool {
    static final String PASSWORD = "Correct-Horse-1";
    static final String TEMPORARY_PASSWORD = "Temporary-Pass-1";

    final TestServer server;
    final CognitoIdentityProviderClient cognito;
    final String poolId;

    private SignInPool(TestServer server, CognitoIdentityProviderClient cognito, String poolId) {
        this.server = server;
        this.cognito = cognito;
        this.poolId = poolId;
    }

    static SignInPool create(Backend backend) {
        return create(backend, r -> { });
    }

    static SignInPool create(Backend backend, Consumer<CreateUserPoolRequest.Builder> settings) {
        return on(TestServer.shared(backend), settings);
    }

    /** A fresh pool on a given server (one whose clock the test moves, say). */
    static SignInPool on(TestServer server, Consumer<CreateUserPoolRequest.Builder> settings) {
        CognitoIdentityProviderClient cognito = CognitoIdentityProviderClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(TestServer.ACCESS_KEY_ID, TestServer.SECRET_ACCESS_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        String poolId = cognito.createUserPool(r -> {
            r.poolName("signin-" + UUID.randomUUID().toString().substring(0, 8));
            settings.accept(r);
        }).userPool().id();
        return new SignInPool(server, cognito, poolId);
    }

    /** A client allowing password (user and admin) and refresh sign-in, with any further settings. */
    UserPoolClientType client(Consumer<CreateUserPoolClientRequest.Builder> settings) {
        return cognito.createUserPoolClient(r -> {
            r.userPoolId(poolId).clientName("app").explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH,
                    ExplicitAuthFlowsType.ALLOW_ADMIN_USER_PASSWORD_AUTH, ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH);
            settings.accept(r);
        }).userPoolClient();
    }

    String publicClient() {
        return client(r -> { }).clientId();
    }

    UserPoolClientType secretClient() {
        return client(r -> r.generateSecret(true));
    }

    /** A CONFIRMED user with {@link #PASSWORD} and an e-mail address. */
    String confirmedUser(String username) {
        newUser(username);
        cognito.adminSetUserPassword(r -> r.userPoolId(poolId).username(username).password(PASSWORD).permanent(true));
        return username;
    }

    /** A FORCE_CHANGE_PASSWORD user with {@link #TEMPORARY_PASSWORD}. */
    String newUser(String username) {
        cognito.adminCreateUser(r -> r.userPoolId(poolId).username(username).temporaryPassword(TEMPORARY_PASSWORD)
                .messageAction(MessageActionType.SUPPRESS)
                .userAttributes(AttributeType.builder().name("email").value(username + "@example.com").build(),
                        AttributeType.builder().name("email_verified").value("true").build()));
        return username;
    }

    String sub(String username) {
        return cognito.adminGetUser(r -> r.userPoolId(poolId).username(username)).userAttributes().stream()
                .filter(a -> a.name().equals("sub")).findFirst().orElseThrow().value();
    }

    InitiateAuthResponse signIn(String clientId, String username, String password) {
        return cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", password)));
    }

    AuthenticationResultType tokens(String clientId, String username) {
        return signIn(clientId, username, PASSWORD).authenticationResult();
    }

    InitiateAuthResponse refresh(String clientId, String refreshToken) {
        return cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                .authParameters(Map.of("REFRESH_TOKEN", refreshToken)));
    }

    String issuer() {
        return server.server().publicUrl() + "/" + poolId;
    }

    /** The token's claims once verified as an app would: RS256 by a key of the pool's JWKS, our issuer, unexpired. */
    JWTClaimsSet verify(String jwt) throws Exception {
        JWKSet keys = JWKSet.load(URI.create(server.endpoint() + "/" + poolId + "/.well-known/jwks.json").toURL());
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(keys)));
        JWTClaimsSet claims = processor.process(jwt, null);
        if (!issuer().equals(claims.getIssuer())) {
            throw new IllegalStateException("issuer " + claims.getIssuer());
        }
        return claims;
    }

    static String secretHash(String clientSecret, String username, String clientId) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(clientSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal((username + clientId).getBytes(StandardCharsets.UTF_8)));
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}

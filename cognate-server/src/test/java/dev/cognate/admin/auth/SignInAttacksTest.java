package dev.cognate.admin.auth;

import static dev.cognate.admin.auth.SignInPool.PASSWORD;
import static dev.cognate.admin.auth.SignInPool.TEMPORARY_PASSWORD;
import static dev.cognate.admin.auth.SignInPool.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.cognate.testing.Backend;
import dev.cognate.testing.RawAdminRequest;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ContextDataType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TooManyRequestsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientType;

/**
 * The attacks on the API sign-in flows (security.md: brute force, user enumeration, client
 * secrets, admin signatures, token forgery), each test named after the attack it turns away.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class SignInAttacksTest {
    /** More than the free failures per user (5) and per address (20) allow, with room for a slow machine. */
    static final int MAX_GUESSES = 40;

    @Parameter
    Backend backend;

    SignInPool pool;
    String clientId;
    String alice;

    @BeforeEach
    void createPool() {
        pool = SignInPool.create(backend);
        clientId = pool.publicClient();
        alice = pool.confirmedUser(uniqueName("alice"));
    }

    private static CognitoIdentityProviderException refusal(Runnable call) {
        return catchThrowableOfType(CognitoIdentityProviderException.class, call::run);
    }

    private static String answer(CognitoIdentityProviderException e) {
        return e.statusCode() + " " + e.awsErrorDetails().errorCode() + " " + e.awsErrorDetails().errorMessage();
    }

    @Test
    void userEnumerationUnknownUserReadsExactlyLikeAWrongPassword() {
        String noPassword = uniqueName("nopassword");
        pool.cognito.adminCreateUser(r -> r.userPoolId(pool.poolId).username(noPassword).messageAction("SUPPRESS"));
        String pending = pool.newUser(uniqueName("pending"));

        String wrongPassword = answer(refusal(() -> pool.signIn(clientId, alice, "Wrong-Password-1")));
        assertThat(wrongPassword).isEqualTo("400 NotAuthorizedException Incorrect username or password.");
        assertThat(answer(refusal(() -> pool.signIn(clientId, "nobody-" + alice, "Wrong-Password-1")))).isEqualTo(wrongPassword);
        assertThat(answer(refusal(() -> pool.signIn(clientId, noPassword, "Wrong-Password-1")))).isEqualTo(wrongPassword);
        assertThat(answer(refusal(() -> pool.signIn(clientId, pending, "Wrong-Password-1")))).isEqualTo(wrongPassword);
    }

    @Test
    void userEnumerationThroughAdminInitiateAuthReadsLikeAWrongPasswordToo() {
        Supplier<String> wrongPassword = () -> answer(refusal(() -> adminSignIn(alice, "Wrong-Password-1", null)));
        assertThat(answer(refusal(() -> adminSignIn("nobody-" + alice, "Wrong-Password-1", null))))
                .isEqualTo(wrongPassword.get())
                .isEqualTo("400 NotAuthorizedException Incorrect username or password.");
    }

    @Test
    void passwordGuessingAgainstOneUserIsThrottledWithTheWaitInTheAnswer() {
        TooManyRequestsException throttled = null;
        int guesses = 0;
        while (throttled == null && guesses < MAX_GUESSES) {
            guesses++;
            CognitoIdentityProviderException e = refusal(() -> pool.signIn(clientId, alice, "Guess-Password-1"));
            if (e instanceof TooManyRequestsException tooMany) {
                throttled = tooMany;
            } else {
                assertThat(e).isInstanceOf(NotAuthorizedException.class);
            }
        }
        assertThat(throttled).as("throttled within " + MAX_GUESSES + " guesses").isNotNull();
        assertThat(guesses).isGreaterThan(5);
        assertThat(throttled.statusCode()).isEqualTo(400);
        assertThat(throttled.awsErrorDetails().errorMessage()).matches("Too many failed sign-in attempts\\. Try again in \\d+ seconds?\\.");

        String bob = pool.confirmedUser(uniqueName("bob"));
        assertThat(pool.tokens(clientId, bob).accessToken()).as("another user of the pool is not throttled").isNotBlank();
    }

    @Test
    void passwordSprayingFromOneAddressIsThrottledAcrossUsernames() {
        int attempts = spray(username -> pool.signIn(clientId, username, "Spray-Password-1"));
        assertThat(attempts).isGreaterThan(20);
    }

    @Test
    void passwordSprayingThroughAnAppServerIsThrottledByTheAddressTheServerReports() {
        ContextDataType victim = ContextDataType.builder().ipAddress("203.0.113.7").serverName("app.example.com")
                .serverPath("/login").httpHeaders(h -> h.headerName("User-Agent").headerValue("test")).build();
        int attempts = spray(username -> adminSignIn(username, "Spray-Password-1", victim));
        assertThat(attempts).isGreaterThan(20);
    }

    @Test
    void anAppServerSigningInManyUsersIsNotThrottledAsOneAddress() {
        for (int i = 0; i < 25; i++) {
            String username = uniqueName("typo");
            assertThatThrownBy(() -> adminSignIn(username, "Wrong-Password-1", null)).isInstanceOf(NotAuthorizedException.class);
        }
        assertThat(adminSignIn(alice, PASSWORD, null)).isNotBlank();
    }

    @Test
    void oversizedUsernameIsRefusedLikeAnyWrongOneNeverWithAServerError() {
        String huge = "x".repeat(10_000);
        assertThat(answer(refusal(() -> pool.signIn(clientId, huge, "Wrong-Password-1"))))
                .isEqualTo("400 NotAuthorizedException Incorrect username or password.");
        assertThat(answer(refusal(() -> adminSignIn(huge, "Wrong-Password-1",
                ContextDataType.builder().ipAddress(huge).serverName("s").serverPath("/").build()))))
                .isEqualTo("400 NotAuthorizedException Incorrect username or password.");
    }

    @Test
    void forgedSecretHashWithoutTheClientSecretIsRefused() throws Exception {
        UserPoolClientType client = pool.secretClient();
        String forged = SignInPool.secretHash("guessed-secret-0000000000000000000000000000000000", alice, client.clientId());
        assertThatThrownBy(() -> pool.cognito.initiateAuth(r -> r.clientId(client.clientId())
                .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", alice, "PASSWORD", PASSWORD, "SECRET_HASH", forged))))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageStartingWith("Unable to verify secret hash for client " + client.clientId());
    }

    @Test
    void adminInitiateAuthWithoutASignatureIsRefused() {
        String body = """
                {"UserPoolId":"%s","ClientId":"%s","AuthFlow":"ADMIN_USER_PASSWORD_AUTH",
                 "AuthParameters":{"USERNAME":"%s","PASSWORD":"%s"}}""".formatted(pool.poolId, clientId, alice, PASSWORD);
        RawAdminRequest.Response unsigned = RawAdminRequest.to(pool.server, "AdminInitiateAuth").unsigned().body(body).send();
        assertThat(unsigned.status()).isEqualTo(400);
        assertThat(unsigned.errorType()).isEqualTo("MissingAuthenticationTokenException");
        assertThat(unsigned.body()).doesNotContain("AccessToken");

        RawAdminRequest.Response unknownKey = RawAdminRequest.to(pool.server, "AdminInitiateAuth")
                .signedWith("AKIDUNKNOWN000000000", "not-the-secret").body(body).send();
        assertThat(unknownKey.status()).isEqualTo(400);
        assertThat(unknownKey.body()).doesNotContain("AccessToken");
    }

    @Test
    void adminRespondToAuthChallengeWithoutASignatureIsRefused() {
        String bob = pool.newUser(uniqueName("bob"));
        String session = pool.signIn(clientId, bob, TEMPORARY_PASSWORD).session();
        RawAdminRequest.Response response = RawAdminRequest.to(pool.server, "AdminRespondToAuthChallenge").unsigned()
                .body("""
                        {"UserPoolId":"%s","ClientId":"%s","ChallengeName":"NEW_PASSWORD_REQUIRED","Session":"%s",
                         "ChallengeResponses":{"USERNAME":"%s","NEW_PASSWORD":"Attacker-Pass-9"}}"""
                        .formatted(pool.poolId, clientId, session, bob))
                .send();
        assertThat(response.errorType()).isEqualTo("MissingAuthenticationTokenException");
    }

    @Test
    void refreshTokenStolenByAnotherClientIsRefused() {
        String refreshToken = pool.tokens(clientId, alice).refreshToken();
        String thief = pool.publicClient();
        assertThatThrownBy(() -> pool.refresh(thief, refreshToken))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageStartingWith("Invalid Refresh Token");
    }

    @Test
    void accessTokenEditedToNameAnotherUserIsRefused() throws Exception {
        String bob = pool.confirmedUser(uniqueName("bob"));
        SignedJWT token = SignedJWT.parse(pool.tokens(clientId, alice).accessToken());
        JWTClaimsSet edited = new JWTClaimsSet.Builder(token.getJWTClaimsSet())
                .subject(pool.sub(bob)).claim("username", bob).build();
        String forged = token.getHeader().toBase64URL() + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(edited.toString().getBytes()) + "."
                + token.getSignature();
        assertThatThrownBy(() -> pool.cognito.getUser(r -> r.accessToken(forged)))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageStartingWith("Invalid Access Token");
        assertThatThrownBy(() -> pool.cognito.globalSignOut(r -> r.accessToken(forged)))
                .isInstanceOf(NotAuthorizedException.class);
        assertThat(pool.tokens(clientId, bob).accessToken()).isNotBlank();
    }

    @Test
    void unsignedAlgNoneAccessTokenIsRefused() throws Exception {
        JWTClaimsSet claims = SignedJWT.parse(pool.tokens(clientId, alice).accessToken()).getJWTClaimsSet();
        String none = new PlainJWT(new PlainHeader(), claims).serialize();
        assertThatThrownBy(() -> pool.cognito.getUser(r -> r.accessToken(none)))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageStartingWith("Invalid Access Token");
    }

    /** Guesses one password against ever new usernames until throttled; returns the attempt that was. */
    private int spray(java.util.function.Consumer<String> signIn) {
        for (int attempt = 1; attempt <= MAX_GUESSES; attempt++) {
            String username = uniqueName("spray");
            CognitoIdentityProviderException e = refusal(() -> signIn.accept(username));
            if (e instanceof TooManyRequestsException) {
                return attempt;
            }
            assertThat(e).isInstanceOf(NotAuthorizedException.class);
        }
        throw new AssertionError("not throttled within " + MAX_GUESSES + " attempts");
    }

    private String adminSignIn(String username, String password, ContextDataType contextData) {
        return pool.cognito.adminInitiateAuth(r -> r.userPoolId(pool.poolId).clientId(clientId)
                .authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH).contextData(contextData)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", password)))
                .authenticationResult().accessToken();
    }
}

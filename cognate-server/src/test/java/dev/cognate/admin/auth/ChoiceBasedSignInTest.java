package dev.cognate.admin.auth;

import static dev.cognate.admin.auth.SignInPool.PASSWORD;
import static dev.cognate.admin.auth.SignInPool.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.testing.Backend;
import dev.cognate.testing.SrpTestClient;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFactorType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeMismatchException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RespondToAuthChallengeResponse;

/**
 * USER_AUTH, the choice-based sign-in, through the AWS SDK on both backends: PREFERRED_CHALLENGE
 * PASSWORD, PASSWORD_SRP and EMAIL_OTP (an eight-digit code read from a real SMTP server),
 * SELECT_CHALLENGE with AvailableChallenges, the pool's AllowedFirstAuthFactors and the client's
 * ALLOW_USER_AUTH honoured, GetUserAuthFactors, and the ID token's amr for each way in.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class ChoiceBasedSignInTest {
    @Parameter
    Backend backend;

    SignInPool pool;
    String clientId;

    @BeforeEach
    void createPool() {
        pool = SignInPool.on(MailedSignIns.server(backend), r -> r.policies(p -> p.signInPolicy(s -> s
                .allowedFirstAuthFactors(AuthFactorType.PASSWORD, AuthFactorType.EMAIL_OTP))));
        clientId = pool.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_AUTH,
                ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)).clientId();
    }

    InitiateAuthResponse userAuth(String client, Map<String, String> parameters) {
        return pool.cognito.initiateAuth(r -> r.clientId(client).authFlow(AuthFlowType.USER_AUTH)
                .authParameters(parameters));
    }

    static String email(String username) {
        return username + "@example.com";
    }

    @Test
    void aPreferredPasswordSignsInAtOnce() throws Exception {
        String alice = pool.confirmedUser(uniqueName("alice"));
        InitiateAuthResponse signedIn = userAuth(clientId, Map.of("USERNAME", alice, "PREFERRED_CHALLENGE", "PASSWORD",
                "PASSWORD", PASSWORD));
        var claims = pool.verify(signedIn.authenticationResult().idToken());
        assertThat(claims.getStringClaim("cognito:username")).isEqualTo(alice);
        assertThat(claims.getStringListClaim("amr")).containsExactly("pwd");
    }

    @Test
    void aPreferredWrongPasswordIsRefusedLikeAnyOther() {
        String alice = pool.confirmedUser(uniqueName("alice"));
        assertThatThrownBy(() -> userAuth(clientId, Map.of("USERNAME", alice, "PREFERRED_CHALLENGE", "PASSWORD",
                "PASSWORD", "Wrong-Horse-1")))
                .isInstanceOf(NotAuthorizedException.class).hasMessageContaining("Incorrect username or password.");
    }

    @Test
    void aPreferredPasswordSrpAnswersPasswordVerifier() throws Exception {
        String alice = pool.confirmedUser(uniqueName("alice"));
        SrpTestClient srp = new SrpTestClient();
        InitiateAuthResponse verifier = userAuth(clientId, Map.of("USERNAME", alice, "PREFERRED_CHALLENGE", "PASSWORD_SRP",
                "SRP_A", srp.srpA()));
        assertThat(verifier.challengeName()).isEqualTo(ChallengeNameType.PASSWORD_VERIFIER);
        RespondToAuthChallengeResponse signedIn = pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.PASSWORD_VERIFIER).session(verifier.session())
                .challengeResponses(srp.claim(pool.poolId, PASSWORD, verifier.challengeParameters(),
                        SrpTestClient.timestamp(MailedSignIns.clock(backend).instant()))));
        assertThat(pool.verify(signedIn.authenticationResult().idToken()).getStringListClaim("amr"))
                .containsExactly("pwd");
    }

    @Test
    void aPreferredEmailOtpMailsAnEightDigitCodeThatSignsIn() throws Exception {
        String alice = pool.confirmedUser(uniqueName("alice"));
        int seen = MailedSignIns.mailsTo(email(alice)).size();
        InitiateAuthResponse challenge = userAuth(clientId, Map.of("USERNAME", alice, "PREFERRED_CHALLENGE", "EMAIL_OTP"));
        assertThat(challenge.challengeName()).isEqualTo(ChallengeNameType.EMAIL_OTP);
        assertThat(challenge.challengeParameters()).containsEntry("CODE_DELIVERY_DELIVERY_MEDIUM", "EMAIL")
                .containsEntry("CODE_DELIVERY_DESTINATION", "a***@e***");
        String code = MailedSignIns.nextCode(email(alice), seen);
        assertThat(code).matches("\\d{8}");
        RespondToAuthChallengeResponse signedIn = pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.EMAIL_OTP).session(challenge.session())
                .challengeResponses(Map.of("USERNAME", alice, "EMAIL_OTP_CODE", code)));
        var claims = pool.verify(signedIn.authenticationResult().idToken());
        assertThat(claims.getStringClaim("cognito:username")).isEqualTo(alice);
        assertThat(claims.getStringListClaim("amr")).containsExactly("otp");
    }

    @Test
    void withoutAPreferenceTheUserSelectsAChallenge() throws Exception {
        String alice = pool.confirmedUser(uniqueName("alice"));
        InitiateAuthResponse select = userAuth(clientId, Map.of("USERNAME", alice));
        assertThat(select.challengeName()).isEqualTo(ChallengeNameType.SELECT_CHALLENGE);
        assertThat(select.availableChallengesAsStrings()).containsExactly("PASSWORD", "PASSWORD_SRP", "EMAIL_OTP");
        int seen = MailedSignIns.mailsTo(email(alice)).size();
        RespondToAuthChallengeResponse challenge = pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.SELECT_CHALLENGE).session(select.session())
                .challengeResponses(Map.of("USERNAME", alice, "ANSWER", "EMAIL_OTP")));
        assertThat(challenge.challengeName()).isEqualTo(ChallengeNameType.EMAIL_OTP);
        String code = MailedSignIns.nextCode(email(alice), seen);
        RespondToAuthChallengeResponse signedIn = pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.EMAIL_OTP).session(challenge.session())
                .challengeResponses(Map.of("USERNAME", alice, "EMAIL_OTP_CODE", code)));
        assertThat(signedIn.authenticationResult().accessToken()).isNotBlank();
    }

    @Test
    void selectChallengeAnsweredWithAPasswordSignsIn() {
        String alice = pool.confirmedUser(uniqueName("alice"));
        InitiateAuthResponse select = userAuth(clientId, Map.of("USERNAME", alice));
        RespondToAuthChallengeResponse signedIn = pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.SELECT_CHALLENGE).session(select.session())
                .challengeResponses(Map.of("USERNAME", alice, "ANSWER", "PASSWORD", "PASSWORD", PASSWORD)));
        assertThat(signedIn.authenticationResult().accessToken()).isNotBlank();
    }

    @Test
    void selectChallengeAnsweredWithPasswordSrpAnswersPasswordVerifier() {
        String alice = pool.confirmedUser(uniqueName("alice"));
        InitiateAuthResponse select = userAuth(clientId, Map.of("USERNAME", alice));
        SrpTestClient srp = new SrpTestClient();
        RespondToAuthChallengeResponse verifier = pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.SELECT_CHALLENGE).session(select.session())
                .challengeResponses(Map.of("USERNAME", alice, "ANSWER", "PASSWORD_SRP", "SRP_A", srp.srpA())));
        assertThat(verifier.challengeName()).isEqualTo(ChallengeNameType.PASSWORD_VERIFIER);
        RespondToAuthChallengeResponse signedIn = pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.PASSWORD_VERIFIER).challengeResponses(srp.claim(pool.poolId, PASSWORD,
                        verifier.challengeParameters(), SrpTestClient.timestamp(MailedSignIns.clock(backend).instant()))));
        assertThat(signedIn.authenticationResult().accessToken()).isNotBlank();
    }

    @Test
    void aPoolThatAllowsOnlyPasswordsOffersNoEmailCode() {
        SignInPool passwordsOnly = SignInPool.on(MailedSignIns.server(backend), r -> { });
        String client = passwordsOnly.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_AUTH)).clientId();
        String alice = passwordsOnly.confirmedUser(uniqueName("alice"));
        InitiateAuthResponse select = passwordsOnly.cognito.initiateAuth(r -> r.clientId(client)
                .authFlow(AuthFlowType.USER_AUTH).authParameters(Map.of("USERNAME", alice, "PREFERRED_CHALLENGE", "EMAIL_OTP")));
        assertThat(select.challengeName()).isEqualTo(ChallengeNameType.SELECT_CHALLENGE);
        assertThat(select.availableChallengesAsStrings()).containsExactly("PASSWORD", "PASSWORD_SRP");
        assertThatThrownBy(() -> passwordsOnly.cognito.respondToAuthChallenge(r -> r.clientId(client)
                .challengeName(ChallengeNameType.SELECT_CHALLENGE).session(select.session())
                .challengeResponses(Map.of("USERNAME", alice, "ANSWER", "EMAIL_OTP"))))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void aUserWithoutAVerifiedAddressIsNotOfferedEmailCodes() {
        String bob = uniqueName("bob");
        pool.cognito.adminCreateUser(r -> r.userPoolId(pool.poolId).username(bob).messageAction("SUPPRESS")
                .userAttributes(a -> a.name("email").value(email(bob))));
        pool.cognito.adminSetUserPassword(r -> r.userPoolId(pool.poolId).username(bob).password(PASSWORD).permanent(true));
        assertThat(userAuth(clientId, Map.of("USERNAME", bob)).availableChallengesAsStrings())
                .containsExactly("PASSWORD", "PASSWORD_SRP");
    }

    @Test
    void aPoolRefusesAFirstFactorCognitoDoesNotKnow() {
        assertThatThrownBy(() -> SignInPool.on(MailedSignIns.server(backend), r -> r.policies(p -> p.signInPolicy(s -> s
                .allowedFirstAuthFactorsWithStrings("PASSWORD", "CARRIER_PIGEON")))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("allowedFirstAuthFactors");
    }

    @Test
    void aClientWithoutAllowUserAuthIsRefused() {
        String other = pool.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH)).clientId();
        String alice = pool.confirmedUser(uniqueName("alice"));
        assertThatThrownBy(() -> userAuth(other, Map.of("USERNAME", alice, "PREFERRED_CHALLENGE", "PASSWORD",
                "PASSWORD", PASSWORD)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("USER_AUTH flow not enabled");
    }

    @Test
    void adminInitiateAuthRunsTheSameChoice() {
        String alice = pool.confirmedUser(uniqueName("alice"));
        var signedIn = pool.cognito.adminInitiateAuth(r -> r.userPoolId(pool.poolId).clientId(clientId)
                .authFlow(AuthFlowType.USER_AUTH).authParameters(Map.of("USERNAME", alice)));
        assertThat(signedIn.challengeName()).isEqualTo(ChallengeNameType.SELECT_CHALLENGE);
        var tokens = pool.cognito.adminRespondToAuthChallenge(r -> r.userPoolId(pool.poolId).clientId(clientId)
                .challengeName(ChallengeNameType.SELECT_CHALLENGE).session(signedIn.session())
                .challengeResponses(Map.of("USERNAME", alice, "ANSWER", "PASSWORD", "PASSWORD", PASSWORD)));
        assertThat(tokens.authenticationResult().accessToken()).isNotBlank();
    }

    @Test
    void getUserAuthFactorsListsTheUsersWaysIn() {
        String alice = pool.confirmedUser(uniqueName("alice"));
        String accessToken = userAuth(clientId, Map.of("USERNAME", alice, "PREFERRED_CHALLENGE", "PASSWORD",
                "PASSWORD", PASSWORD)).authenticationResult().accessToken();
        var factors = pool.cognito.getUserAuthFactors(r -> r.accessToken(accessToken));
        assertThat(factors.username()).isEqualTo(alice);
        assertThat(factors.configuredUserAuthFactorsAsStrings()).containsExactly("PASSWORD", "EMAIL_OTP");
        assertThat(factors.preferredMfaSetting()).isNull();
        assertThat(factors.userMFASettingList()).isEmpty();
        var admin = pool.cognito.adminGetUserAuthFactors(r -> r.userPoolId(pool.poolId).username(alice));
        assertThat(admin.configuredUserAuthFactorsAsStrings()).containsExactly("PASSWORD", "EMAIL_OTP");
    }

    @Test
    void anUnknownNameIsOfferedTheSameChoicesAndAnEmailCodeChallenge() {
        String nobody = uniqueName("nobody");
        InitiateAuthResponse select = userAuth(clientId, Map.of("USERNAME", nobody));
        assertThat(select.availableChallengesAsStrings()).containsExactly("PASSWORD", "PASSWORD_SRP", "EMAIL_OTP");
        InitiateAuthResponse challenge = userAuth(clientId, Map.of("USERNAME", nobody, "PREFERRED_CHALLENGE", "EMAIL_OTP"));
        assertThat(challenge.challengeName()).isEqualTo(ChallengeNameType.EMAIL_OTP);
        assertThat(challenge.challengeParameters().get("CODE_DELIVERY_DESTINATION")).matches(".\\*\\*\\*@.\\*\\*\\*");
        // asked again, the same decoy (as a user's address would be the same)
        String decoy = challenge.challengeParameters().get("CODE_DELIVERY_DESTINATION");
        assertThat(userAuth(clientId, Map.of("USERNAME", nobody, "PREFERRED_CHALLENGE", "EMAIL_OTP"))
                .challengeParameters()).containsEntry("CODE_DELIVERY_DESTINATION", decoy);
        assertThatThrownBy(() -> pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.EMAIL_OTP).session(challenge.session())
                .challengeResponses(Map.of("USERNAME", nobody, "EMAIL_OTP_CODE", "12345678"))))
                .as("answered as a user's wrong code is").isInstanceOf(CodeMismatchException.class);
    }
}

package dev.cognate.admin.auth;

import static dev.cognate.admin.auth.SignInPool.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cognate.testing.Backend;
import dev.cognate.testing.PasskeyAuthenticator;
import dev.cognate.testing.TotpTestCodes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFactorType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolMfaType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserVerificationType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.WebAuthnChallengeNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.WebAuthnCredentialDescription;
import software.amazon.awssdk.services.cognitoidentityprovider.model.WebAuthnFactorConfigurationType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.WebAuthnNotEnabledException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.WebAuthnOriginNotAllowedException;

/**
 * Passkeys through the AWS SDK and an authenticator in the test: a signed-in user registers
 * one (StartWebAuthnRegistration, CompleteWebAuthnRegistration) and signs in with it through
 * USER_AUTH's WEB_AUTHN; the attacks a passkey is meant to stop are refused.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class PasskeyTest {
    static final String RP_ID = "example.com";
    static final String ORIGIN = "https://app.example.com";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameter
    Backend backend;

    SignInPool pool;
    String clientId;

    void passkeyPool() {
        pool = SignInPool.create(backend, r -> r.policies(p -> p.signInPolicy(s -> s.allowedFirstAuthFactors(
                AuthFactorType.PASSWORD, AuthFactorType.WEB_AUTHN))));
        pool.cognito.setUserPoolMfaConfig(r -> r.userPoolId(pool.poolId).mfaConfiguration(UserPoolMfaType.OPTIONAL)
                .softwareTokenMfaConfiguration(t -> t.enabled(true))
                .webAuthnConfiguration(w -> w.relyingPartyId(RP_ID).userVerification(UserVerificationType.REQUIRED)));
        clientId = pool.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_AUTH,
                ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH, ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)).clientId();
    }

    /** A confirmed user who registered {@code authenticator}'s passkey at {@link #ORIGIN}; their access token. */
    String userWithPasskey(String username, PasskeyAuthenticator authenticator) {
        pool.confirmedUser(username);
        String accessToken = pool.tokens(clientId, username).accessToken();
        JsonNode options = json(pool.cognito.startWebAuthnRegistration(r -> r.accessToken(accessToken))
                .credentialCreationOptions());
        ObjectNode credential = authenticator.register(options, ORIGIN);
        pool.cognito.completeWebAuthnRegistration(r -> r.accessToken(accessToken).credential(document(credential)));
        return accessToken;
    }

    InitiateAuthResponse passkeyChallenge(String username) {
        return pool.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_AUTH)
                .authParameters(Map.of("USERNAME", username, "PREFERRED_CHALLENGE", "WEB_AUTHN")));
    }

    /** The WEB_AUTHN challenge's CREDENTIAL_REQUEST_OPTIONS, for the authenticator. */
    static String options(InitiateAuthResponse challenge) {
        return challenge.challengeParameters().get("CREDENTIAL_REQUEST_OPTIONS");
    }

    software.amazon.awssdk.services.cognitoidentityprovider.model.RespondToAuthChallengeResponse answer(
            String session, String username, String credential) {
        return pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId).challengeName(ChallengeNameType.WEB_AUTHN)
                .session(session).challengeResponses(Map.of("USERNAME", username, "CREDENTIAL", credential)));
    }

    @Test
    void aPasskeyTheUserRegisteredSignsThemInThroughUserAuth() throws Exception {
        passkeyPool();
        String alice = uniqueName("alice");
        PasskeyAuthenticator phone = new PasskeyAuthenticator();
        String accessToken = userWithPasskey(alice, phone);

        List<WebAuthnCredentialDescription> listed = pool.cognito.listWebAuthnCredentials(r -> r.accessToken(accessToken))
                .credentials();
        assertThat(listed).singleElement().satisfies(c -> {
            assertThat(c.credentialId()).isEqualTo(phone.credentialId());
            assertThat(c.relyingPartyId()).isEqualTo(RP_ID);
            assertThat(c.authenticatorAttachment()).isEqualTo("platform");
            assertThat(c.authenticatorTransports()).containsExactly("internal");
        });
        assertThat(pool.cognito.getUserAuthFactors(r -> r.accessToken(accessToken)).configuredUserAuthFactorsAsStrings())
                .contains("WEB_AUTHN");

        InitiateAuthResponse challenge = passkeyChallenge(alice);
        assertThat(challenge.challengeName()).isEqualTo(ChallengeNameType.WEB_AUTHN);
        JsonNode options = JSON.readTree(options(challenge));
        assertThat(options.path("rpId").asText()).isEqualTo(RP_ID);
        assertThat(options.path("allowCredentials").get(0).path("id").asText()).isEqualTo(phone.credentialId());
        var tokens = answer(challenge.session(), alice, phone.assertion(options.toString(), ORIGIN)).authenticationResult();
        assertThat(pool.verify(tokens.idToken()).getStringClaim("cognito:username")).isEqualTo(alice);
        assertThat(pool.verify(tokens.idToken()).getStringListClaim("amr")).containsExactly("hwk");
        // a passkey is no password: the sign-in event names no password challenge
        var event = pool.cognito.adminListUserAuthEvents(r -> r.userPoolId(pool.poolId).username(alice)).authEvents().getFirst();
        assertThat(event.eventResponseAsString()).isEqualTo("Pass");
        assertThat(event.challengeResponses()).isEmpty();
    }

    @Test
    void anAssertionRelayedFromALookAlikeOriginIsRefused() {
        passkeyPool();
        String alice = uniqueName("alice");
        PasskeyAuthenticator phone = new PasskeyAuthenticator();
        userWithPasskey(alice, phone);
        InitiateAuthResponse challenge = passkeyChallenge(alice);
        String options = options(challenge);
        assertThatThrownBy(() -> answer(challenge.session(), alice, phone.assertion(options, "https://example.com.evil.test")))
                .isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void anAssertionForAnotherRelyingPartyOrAnotherSignInsChallengeIsRefused() throws Exception {
        passkeyPool();
        String alice = uniqueName("alice");
        PasskeyAuthenticator phone = new PasskeyAuthenticator();
        userWithPasskey(alice, phone);
        InitiateAuthResponse first = passkeyChallenge(alice);
        String firstChallenge = JSON.readTree(options(first))
                .path("challenge").asText();
        assertThatThrownBy(() -> answer(first.session(), alice, phone.assertion("evil.test", firstChallenge, ORIGIN)))
                .as("made for another relying party").isInstanceOf(NotAuthorizedException.class);

        InitiateAuthResponse second = passkeyChallenge(alice);
        String replayed = phone.assertion(RP_ID, firstChallenge, ORIGIN);
        assertThatThrownBy(() -> answer(second.session(), alice, replayed)).as("the first sign-in's challenge")
                .isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void aUserWhoTurnedMfaOnCannotSignInWithAPasskeyAlone() {
        passkeyPool();
        String alice = uniqueName("alice");
        PasskeyAuthenticator phone = new PasskeyAuthenticator();
        String accessToken = userWithPasskey(alice, phone);
        InitiateAuthResponse before = passkeyChallenge(alice);
        String secret = pool.cognito.associateSoftwareToken(r -> r.accessToken(accessToken)).secretCode();
        pool.cognito.verifySoftwareToken(r -> r.accessToken(accessToken)
                .userCode(TotpTestCodes.at(secret, Instant.now())));
        pool.cognito.adminSetUserMFAPreference(r -> r.userPoolId(pool.poolId).username(alice)
                .softwareTokenMfaSettings(m -> m.enabled(true).preferredMfa(true)));

        String assertion = phone.assertion(options(before), ORIGIN);
        assertThatThrownBy(() -> answer(before.session(), alice, assertion)).as("begun before MFA was turned on")
                .isInstanceOf(NotAuthorizedException.class);
        InitiateAuthResponse now = passkeyChallenge(alice);
        assertThat(now.challengeName()).isEqualTo(ChallengeNameType.SELECT_CHALLENGE);
        assertThat(now.availableChallengesAsStrings()).doesNotContain("WEB_AUTHN");
    }

    @Test
    void aPasskeyDoesNotSkipAPasswordResetTheAdministratorAskedFor() {
        passkeyPool();
        String alice = uniqueName("alice");
        PasskeyAuthenticator phone = new PasskeyAuthenticator();
        userWithPasskey(alice, phone);
        pool.cognito.adminResetUserPassword(r -> r.userPoolId(pool.poolId).username(alice));
        InitiateAuthResponse challenge = passkeyChallenge(alice);
        String assertion = phone.assertion(options(challenge), ORIGIN);
        assertThatThrownBy(() -> answer(challenge.session(), alice, assertion))
                .isInstanceOf(NotAuthorizedException.class).hasMessageContaining(UserAuthFlow.PASSKEY_REFUSED);
    }

    @Test
    void aWebAuthnSessionIsAnsweredOnce() {
        passkeyPool();
        String alice = uniqueName("alice");
        PasskeyAuthenticator phone = new PasskeyAuthenticator();
        userWithPasskey(alice, phone);
        InitiateAuthResponse challenge = passkeyChallenge(alice);
        String options = options(challenge);
        assertThat(answer(challenge.session(), alice, phone.assertion(options, ORIGIN)).authenticationResult()).isNotNull();
        assertThatThrownBy(() -> answer(challenge.session(), alice, phone.assertion(options, ORIGIN)))
                .isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void aClonedAuthenticatorWhoseCounterWentBackIsRefused() {
        passkeyPool();
        String alice = uniqueName("alice");
        PasskeyAuthenticator phone = new PasskeyAuthenticator();
        userWithPasskey(alice, phone);
        for (int i = 0; i < 2; i++) {
            InitiateAuthResponse challenge = passkeyChallenge(alice);
            answer(challenge.session(), alice, phone.assertion(options(challenge), ORIGIN));
        }
        phone.rewindCounter(0);
        InitiateAuthResponse challenge = passkeyChallenge(alice);
        String cloned = phone.assertion(options(challenge), ORIGIN);
        assertThatThrownBy(() -> answer(challenge.session(), alice, cloned)).isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void anotherUsersPasskeyCannotSignInAsTheUser() {
        passkeyPool();
        String alice = uniqueName("alice");
        String mallory = uniqueName("mallory");
        userWithPasskey(alice, new PasskeyAuthenticator());
        PasskeyAuthenticator mallorys = new PasskeyAuthenticator();
        userWithPasskey(mallory, mallorys);
        InitiateAuthResponse challenge = passkeyChallenge(alice);
        String options = options(challenge);
        assertThatThrownBy(() -> answer(challenge.session(), alice, mallorys.assertion(options, ORIGIN)))
                .isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void aNameWithoutAUserIsChallengedAlikeAndRefusedAtTheAnswer() {
        passkeyPool();
        String nobody = uniqueName("nobody");
        InitiateAuthResponse challenge = passkeyChallenge(nobody);
        assertThat(challenge.challengeName()).isEqualTo(ChallengeNameType.WEB_AUTHN);
        String options = options(challenge);
        assertThatThrownBy(() -> answer(challenge.session(), nobody, new PasskeyAuthenticator().assertion(options, ORIGIN)))
                .isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void aRegistrationFinishedWithAnotherUsersChallengeOrFromAnotherSiteIsRefused() {
        passkeyPool();
        String alice = pool.confirmedUser(uniqueName("alice"));
        String bob = pool.confirmedUser(uniqueName("bob"));
        String alicesToken = pool.tokens(clientId, alice).accessToken();
        String bobsToken = pool.tokens(clientId, bob).accessToken();
        JsonNode bobsOptions = json(pool.cognito.startWebAuthnRegistration(r -> r.accessToken(bobsToken))
                .credentialCreationOptions());
        ObjectNode forBob = new PasskeyAuthenticator().register(bobsOptions, ORIGIN);
        assertThatThrownBy(() -> pool.cognito.completeWebAuthnRegistration(r -> r.accessToken(alicesToken)
                .credential(document(forBob)))).isInstanceOf(WebAuthnChallengeNotFoundException.class);

        JsonNode alicesOptions = json(pool.cognito.startWebAuthnRegistration(r -> r.accessToken(alicesToken))
                .credentialCreationOptions());
        ObjectNode elsewhere = new PasskeyAuthenticator().register(alicesOptions, "https://evil.test");
        assertThatThrownBy(() -> pool.cognito.completeWebAuthnRegistration(r -> r.accessToken(alicesToken)
                .credential(document(elsewhere)))).isInstanceOf(WebAuthnOriginNotAllowedException.class);
        assertThat(pool.cognito.listWebAuthnCredentials(r -> r.accessToken(alicesToken)).credentials()).isEmpty();
    }

    @Test
    void aDeletedPasskeyNoLongerSignsIn() {
        passkeyPool();
        String alice = uniqueName("alice");
        PasskeyAuthenticator phone = new PasskeyAuthenticator();
        String accessToken = userWithPasskey(alice, phone);
        pool.cognito.deleteWebAuthnCredential(r -> r.accessToken(accessToken).credentialId(phone.credentialId()));
        assertThatThrownBy(() -> pool.cognito.deleteWebAuthnCredential(r -> r.accessToken(accessToken)
                .credentialId(phone.credentialId()))).isInstanceOf(ResourceNotFoundException.class);
        InitiateAuthResponse challenge = passkeyChallenge(alice);
        String options = options(challenge);
        assertThatThrownBy(() -> answer(challenge.session(), alice, phone.assertion(options, ORIGIN)))
                .isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void hostileRegistrationResponsesAreInvalidParametersAndRegisterNothing() throws Exception {
        passkeyPool();
        String alice = pool.confirmedUser(uniqueName("alice"));
        String accessToken = pool.tokens(clientId, alice).accessToken();
        JsonNode options = json(pool.cognito.startWebAuthnRegistration(r -> r.accessToken(accessToken))
                .credentialCreationOptions());
        ObjectNode real = new PasskeyAuthenticator().register(options, ORIGIN);
        ObjectNode brokenAttestation = real.deepCopy();
        ((ObjectNode) brokenAttestation.get("response")).put("attestationObject", "oWNmbXRkbm9uZQ");
        for (JsonNode hostile : List.of(JSON.readTree("{}"), JSON.readTree("{\"id\":\"x\",\"response\":"
                + "{\"clientDataJSON\":\"!!!\",\"attestationObject\":\"AAAA\"}}"), brokenAttestation)) {
            assertThatThrownBy(() -> pool.cognito.completeWebAuthnRegistration(r -> r.accessToken(accessToken)
                    .credential(document(hostile)))).as(hostile.toString()).isInstanceOf(InvalidParameterException.class);
        }
        assertThatThrownBy(() -> pool.cognito.completeWebAuthnRegistration(r -> r.accessToken(accessToken)
                .credential(Document.fromString("not an object")))).isInstanceOf(InvalidParameterException.class);
        assertThat(pool.cognito.listWebAuthnCredentials(r -> r.accessToken(accessToken)).credentials()).isEmpty();
        assertThatThrownBy(() -> pool.cognito.listWebAuthnCredentials(r -> r.accessToken(accessToken).maxResults(21)))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void hostileAssertionsAreRefusedAsUnprovenAndAMissingOneIsAnInvalidParameter() {
        passkeyPool();
        String alice = uniqueName("alice");
        userWithPasskey(alice, new PasskeyAuthenticator());
        for (String hostile : List.of("not json", "{}", "{\"id\":\"x\",\"response\":{}}", "[1,2,3]",
                "{\"id\":\"x\",\"rawId\":\"x\",\"type\":\"public-key\",\"response\":{\"clientDataJSON\":\"e30\","
                        + "\"authenticatorData\":\"AAAA\",\"signature\":\"AAAA\"}}")) {
            InitiateAuthResponse challenge = passkeyChallenge(alice);
            assertThatThrownBy(() -> answer(challenge.session(), alice, hostile)).as(hostile)
                    .isInstanceOf(NotAuthorizedException.class);
        }
        InitiateAuthResponse challenge = passkeyChallenge(alice);
        assertThatThrownBy(() -> pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.WEB_AUTHN).session(challenge.session())
                .challengeResponses(Map.of("USERNAME", alice)))).isInstanceOf(InvalidParameterException.class);
    }

    /** A pool whose passkeys may satisfy MFA (FactorConfiguration), user verification only preferred otherwise. */
    void passkeyMfaPool() {
        pool = SignInPool.create(backend, r -> r.policies(p -> p.signInPolicy(s -> s.allowedFirstAuthFactors(
                AuthFactorType.PASSWORD, AuthFactorType.WEB_AUTHN))));
        pool.cognito.setUserPoolMfaConfig(r -> r.userPoolId(pool.poolId).mfaConfiguration(UserPoolMfaType.OPTIONAL)
                .softwareTokenMfaConfiguration(t -> t.enabled(true))
                .webAuthnConfiguration(w -> w.relyingPartyId(RP_ID).userVerification(UserVerificationType.PREFERRED)
                        .factorConfiguration(WebAuthnFactorConfigurationType.MULTI_FACTOR_WITH_USER_VERIFICATION)));
        clientId = pool.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_AUTH,
                ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH, ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)).clientId();
    }

    /** Turns TOTP MFA on for the user, as their authenticator app confirms it. */
    void totpOn(String username, String accessToken) {
        String secret = pool.cognito.associateSoftwareToken(r -> r.accessToken(accessToken)).secretCode();
        pool.cognito.verifySoftwareToken(r -> r.accessToken(accessToken).userCode(TotpTestCodes.at(secret, Instant.now())));
        pool.cognito.adminSetUserMFAPreference(r -> r.userPoolId(pool.poolId).username(username)
                .softwareTokenMfaSettings(m -> m.enabled(true).preferredMfa(true)));
    }

    @Test
    void aPasskeyThatVerifiesItsUserSatisfiesMfaOnceTheUserTurnsPasskeyMfaOn() throws Exception {
        passkeyMfaPool();
        String alice = uniqueName("alice");
        PasskeyAuthenticator phone = new PasskeyAuthenticator();
        String accessToken = userWithPasskey(alice, phone);
        totpOn(alice, accessToken);
        InitiateAuthResponse notYet = passkeyChallenge(alice);
        String early = phone.assertion(options(notYet), ORIGIN);
        assertThatThrownBy(() -> answer(notYet.session(), alice, early)).as("MFA on, passkey MFA not yet")
                .isInstanceOf(NotAuthorizedException.class).hasMessageContaining(UserAuthFlow.PASSKEY_REFUSED);

        pool.cognito.setUserMFAPreference(r -> r.accessToken(accessToken).webAuthnMfaSettings(w -> w.enabled(true)));

        InitiateAuthResponse challenge = passkeyChallenge(alice);
        assertThat(challenge.challengeName()).isEqualTo(ChallengeNameType.WEB_AUTHN);
        var tokens = answer(challenge.session(), alice, phone.assertion(options(challenge), ORIGIN)).authenticationResult();
        assertThat(pool.verify(tokens.idToken()).getStringListClaim("amr")).containsExactly("hwk", "mfa");
        // the sign-in event says the second factor was met, as the hosted page's does
        var event = pool.cognito.adminListUserAuthEvents(r -> r.userPoolId(pool.poolId).username(alice)).authEvents().getFirst();
        assertThat(event.eventResponseAsString()).isEqualTo("Pass");
        assertThat(event.challengeResponses()).extracting(c -> c.challengeNameAsString() + ":" + c.challengeResponseAsString())
                .containsExactly("Mfa:Success");
        assertThat(pool.cognito.getUserPoolMfaConfig(r -> r.userPoolId(pool.poolId)).webAuthnConfiguration()
                .factorConfiguration()).isEqualTo(WebAuthnFactorConfigurationType.MULTI_FACTOR_WITH_USER_VERIFICATION);

        pool.cognito.adminSetUserMFAPreference(r -> r.userPoolId(pool.poolId).username(alice)
                .webAuthnMfaSettings(w -> w.enabled(false)));
        InitiateAuthResponse off = passkeyChallenge(alice);
        String late = phone.assertion(options(off), ORIGIN);
        assertThatThrownBy(() -> answer(off.session(), alice, late)).as("passkey MFA off again")
                .isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void whoTurnedPasskeyMfaOnIsNotToldByTheOfferNorByTheRequestOptions() throws Exception {
        passkeyMfaPool();
        String withPasskeyMfa = uniqueName("alice");
        String accessToken = userWithPasskey(withPasskeyMfa, new PasskeyAuthenticator());
        totpOn(withPasskeyMfa, accessToken);
        pool.cognito.setUserMFAPreference(r -> r.accessToken(accessToken).webAuthnMfaSettings(w -> w.enabled(true)));
        String withTotpOnly = uniqueName("bob");
        totpOn(withTotpOnly, userWithPasskey(withTotpOnly, new PasskeyAuthenticator()));

        List<InitiateAuthResponse> offers = new ArrayList<>();
        for (String name : List.of(withPasskeyMfa, withTotpOnly, uniqueName("nobody"))) {
            offers.add(pool.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_AUTH)
                    .authParameters(Map.of("USERNAME", name))));
        }
        assertThat(offers).extracting(InitiateAuthResponse::availableChallengesAsStrings)
                .allSatisfy(offered -> assertThat(offered).containsExactlyInAnyOrder("PASSWORD", "PASSWORD_SRP", "WEB_AUTHN"));
        for (String name : List.of(withPasskeyMfa, withTotpOnly)) {
            assertThat(JSON.readTree(options(passkeyChallenge(name))).path("userVerification").asText())
                    .isEqualTo("preferred");
        }
    }

    @Test
    void aPasskeyThatTestsOnlyPresenceDoesNotStandInForMfa() {
        passkeyMfaPool();
        String alice = uniqueName("alice");
        PasskeyAuthenticator stolenKey = new PasskeyAuthenticator();
        String accessToken = userWithPasskey(alice, stolenKey);
        totpOn(alice, accessToken);
        pool.cognito.setUserMFAPreference(r -> r.accessToken(accessToken).webAuthnMfaSettings(w -> w.enabled(true)));
        stolenKey.presenceOnly();

        InitiateAuthResponse challenge = passkeyChallenge(alice);
        String touchedOnly = stolenKey.assertion(options(challenge), ORIGIN);
        assertThatThrownBy(() -> answer(challenge.session(), alice, touchedOnly))
                .isInstanceOf(NotAuthorizedException.class).hasMessageContaining(UserAuthFlow.PASSKEY_REFUSED);
    }

    @Test
    void passkeyMfaNeedsAPoolThatAllowsItAndAnotherFactorSoALostPasskeyLocksNobodyOut() {
        passkeyPool();
        String bob = uniqueName("bob");
        String bobsToken = userWithPasskey(bob, new PasskeyAuthenticator());
        totpOn(bob, bobsToken);
        assertThatThrownBy(() -> pool.cognito.setUserMFAPreference(r -> r.accessToken(bobsToken)
                .webAuthnMfaSettings(w -> w.enabled(true)))).as("a pool whose passkeys are a single factor")
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("FactorConfiguration");
        assertThatThrownBy(() -> pool.cognito.setUserPoolMfaConfig(r -> r.userPoolId(pool.poolId)
                .mfaConfiguration(UserPoolMfaType.OPTIONAL).softwareTokenMfaConfiguration(t -> t.enabled(true))
                .webAuthnConfiguration(w -> w.relyingPartyId(RP_ID).factorConfiguration("TWO_FACTORS_PLEASE"))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("factorConfiguration");

        passkeyMfaPool();
        String alice = uniqueName("alice");
        String accessToken = userWithPasskey(alice, new PasskeyAuthenticator());
        assertThatThrownBy(() -> pool.cognito.adminSetUserMFAPreference(r -> r.userPoolId(pool.poolId).username(alice)
                .webAuthnMfaSettings(w -> w.enabled(true)))).as("no other MFA method")
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("another MFA method");
        assertThat(passkeyChallenge(alice).challengeName()).as("still a passkey sign-in of its own, MFA being off")
                .isEqualTo(ChallengeNameType.WEB_AUTHN);

        String secret = pool.cognito.associateSoftwareToken(r -> r.accessToken(accessToken)).secretCode();
        pool.cognito.verifySoftwareToken(r -> r.accessToken(accessToken).userCode(TotpTestCodes.at(secret, Instant.now())));
        pool.cognito.adminSetUserMFAPreference(r -> r.userPoolId(pool.poolId).username(alice)
                .softwareTokenMfaSettings(m -> m.enabled(true)).webAuthnMfaSettings(w -> w.enabled(true)));
        assertThat(passkeyChallenge(alice).challengeName()).as("TOTP and passkey MFA turned on together")
                .isEqualTo(ChallengeNameType.WEB_AUTHN);
    }

    @Test
    void aPoolThatDoesNotAllowPasskeysRefusesToRegisterOne() {
        pool = SignInPool.create(backend);
        clientId = pool.publicClient();
        String alice = pool.confirmedUser(uniqueName("alice"));
        String accessToken = pool.tokens(clientId, alice).accessToken();
        assertThatThrownBy(() -> pool.cognito.startWebAuthnRegistration(r -> r.accessToken(accessToken)))
                .isInstanceOf(WebAuthnNotEnabledException.class);
    }

    static JsonNode json(Document document) {
        return PasskeyAuthenticator.json(document);
    }

    static Document document(JsonNode node) {
        return PasskeyAuthenticator.document(node);
    }
}

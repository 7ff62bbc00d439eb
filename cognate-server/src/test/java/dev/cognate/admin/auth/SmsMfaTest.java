package dev.cognate.admin.auth;

import static dev.cognate.admin.auth.SignInPool.PASSWORD;
import static dev.cognate.admin.auth.SignInPool.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.store.DeliveryMedium;
import dev.cognate.store.OutboxStore;
import dev.cognate.store.jdbc.JdbcOutboxStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.MovableClock;
import dev.cognate.testing.TotpTestCodes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeMismatchException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.GetUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MFAOptionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RespondToAuthChallengeResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TooManyRequestsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolMfaType;

/**
 * Text-message codes as the second factor (SMS_MFA) through the AWS SDK on both backends: the
 * pool's SmsMfaConfiguration (its words in the message), the user's SMSMfaSettings and the older
 * MFAOptions, SMS_MFA after a password with the code read from the outbox (where a node without
 * an SMS gateway keeps text messages), SELECT_MFA_TYPE among SMS and TOTP, the pool that requires
 * MFA, and the attacks on the code: guessing, replaying, a number swapped after the code went out.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class SmsMfaTest {
    private static final Pattern CODE = Pattern.compile("Your code is (\\d{6})\\.");

    @Parameter
    Backend backend;

    MovableClock clock;
    SignInPool pool;
    String clientId;

    @BeforeEach
    void createPool() {
        clock = MailedSignIns.clock(backend);
        pool = SignInPool.on(MailedSignIns.server(backend), r -> { });
        clientId = client(pool);
        offerSms(pool, UserPoolMfaType.OPTIONAL);
    }

    static String client(SignInPool pool) {
        return pool.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH,
                ExplicitAuthFlowsType.ALLOW_ADMIN_USER_PASSWORD_AUTH, ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH))
                .clientId();
    }

    static void offerSms(SignInPool pool, UserPoolMfaType mode) {
        pool.cognito.setUserPoolMfaConfig(r -> r.userPoolId(pool.poolId).mfaConfiguration(mode)
                .softwareTokenMfaConfiguration(s -> s.enabled(true))
                .smsMfaConfiguration(s -> s.smsAuthenticationMessage("Your code is {####}.")
                        .smsConfiguration(c -> c.snsCallerArn("arn:aws:iam::123456789012:role/cognito-sms")
                                .externalId("cognate-test"))));
    }

    /** A confirmed user with a phone number (not verified); returns the username. */
    String userWithPhone(SignInPool in, String username, String phone) {
        in.confirmedUser(username);
        in.cognito.adminUpdateUserAttributes(r -> r.userPoolId(in.poolId).username(username)
                .userAttributes(a -> a.name("phone_number").value(phone)));
        return username;
    }

    /** The code of the newest text message to {@code phone} in the pool. */
    String textedCode(SignInPool in, String phone) {
        List<OutboxStore.Entry> texts = new JdbcOutboxStore(in.server.server().database().jdbi(), new dev.cognate.crypto.SecretBox(dev.cognate.testing.TestServer.MASTER_KEY))
                .newest(in.poolId, clock.instant(), 50).stream()
                .filter(e -> e.medium() == DeliveryMedium.SMS && e.destination().equals(phone)).toList();
        assertThat(texts).as("text messages to " + phone).isNotEmpty();
        Matcher matcher = CODE.matcher(texts.getFirst().body());
        assertThat(matcher.find()).as(texts.getFirst().body()).isTrue();
        return matcher.group(1);
    }

    RespondToAuthChallengeResponse answer(InitiateAuthResponse challenge, String username, String code) {
        return pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId).challengeName(ChallengeNameType.SMS_MFA)
                .session(challenge.session()).challengeResponses(Map.of("USERNAME", username, "SMS_MFA_CODE", code)));
    }

    @Test
    void aPasswordSignInOfAUserWithSmsMfaAsksForTheTextedCodeAndTheCodeProvesTheNumber() throws Exception {
        String alice = userWithPhone(pool, uniqueName("alice"), "+15550101234");
        pool.cognito.adminSetUserMFAPreference(r -> r.userPoolId(pool.poolId).username(alice)
                .smsMfaSettings(s -> s.enabled(true).preferredMfa(true)));

        InitiateAuthResponse challenge = pool.signIn(clientId, alice, PASSWORD);
        assertThat(challenge.challengeName()).isEqualTo(ChallengeNameType.SMS_MFA);
        assertThat(challenge.challengeParameters()).containsEntry("CODE_DELIVERY_DELIVERY_MEDIUM", "SMS")
                .containsEntry("CODE_DELIVERY_DESTINATION", "+*******1234")
                .containsEntry("USER_ID_FOR_SRP", alice);
        RespondToAuthChallengeResponse signedIn = answer(challenge, alice, textedCode(pool, "+15550101234"));

        assertThat(pool.verify(signedIn.authenticationResult().idToken()).getStringListClaim("amr"))
                .containsExactly("pwd", "otp", "mfa");
        GetUserResponse user = pool.cognito.getUser(r -> r.accessToken(signedIn.authenticationResult().accessToken()));
        assertThat(user.userMFASettingList()).containsExactly("SMS_MFA");
        assertThat(user.preferredMfaSetting()).isEqualTo("SMS_MFA");
        assertThat(user.mfaOptions()).containsExactly(MFAOptionType.builder().deliveryMedium("SMS")
                .attributeName("phone_number").build());
        assertThat(user.userAttributes()).anyMatch(a -> a.name().equals("phone_number_verified")
                && a.value().equals("true"));
    }

    @Test
    void aWrongCodeIsACodeMismatchAndTheRightOneStillSignsIn() {
        String bob = userWithPhone(pool, uniqueName("bob"), "+15550102222");
        pool.cognito.adminSetUserMFAPreference(r -> r.userPoolId(pool.poolId).username(bob)
                .smsMfaSettings(s -> s.enabled(true)));
        InitiateAuthResponse challenge = pool.signIn(clientId, bob, PASSWORD);
        String code = textedCode(pool, "+15550102222");
        String wrong = code.equals("000000") ? "111111" : "000000";

        assertThatThrownBy(() -> answer(challenge, bob, wrong)).isInstanceOf(CodeMismatchException.class);
        assertThat(answer(challenge, bob, code).authenticationResult().accessToken()).isNotEmpty();
    }

    @Test
    void guessingIsThrottledAcrossCodesSoANewSignInGivesNoFreshGuesses() {
        String carl = userWithPhone(pool, uniqueName("carl"), "+15550103333");
        pool.cognito.adminSetUserMFAPreference(r -> r.userPoolId(pool.poolId).username(carl)
                .smsMfaSettings(s -> s.enabled(true)));
        InitiateAuthResponse challenge = pool.signIn(clientId, carl, PASSWORD);
        String wrong = textedCode(pool, "+15550103333").equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> answer(challenge, carl, wrong)).isInstanceOf(CodeMismatchException.class);
        }

        InitiateAuthResponse again = pool.signIn(clientId, carl, PASSWORD);
        String fresh = textedCode(pool, "+15550103333");
        assertThatThrownBy(() -> answer(again, carl, fresh)).isInstanceOf(TooManyRequestsException.class);
    }

    @Test
    void theSignInEventsNameThePasswordAndEachTextedCodeAsTheyDoForOtherFactors() {
        String nia = userWithPhone(pool, uniqueName("nia"), "+15550100004");
        pool.cognito.adminSetUserMFAPreference(r -> r.userPoolId(pool.poolId).username(nia)
                .smsMfaSettings(s -> s.enabled(true)));
        InitiateAuthResponse challenge = pool.signIn(clientId, nia, PASSWORD);
        String code = textedCode(pool, "+15550100004");
        assertThatThrownBy(() -> answer(challenge, nia, code.equals("000000") ? "111111" : "000000"))
                .isInstanceOf(CodeMismatchException.class);
        answer(challenge, nia, code);

        List<String> events = pool.cognito.adminListUserAuthEvents(r -> r.userPoolId(pool.poolId).username(nia))
                .authEvents().stream().map(e -> e.eventResponseAsString() + e.challengeResponses().stream()
                        .map(c -> c.challengeNameAsString() + ":" + c.challengeResponseAsString()).toList())
                .toList();
        // one instant on this test's clock, so in any order
        assertThat(events).containsExactlyInAnyOrder("Pass[Password:Success, Mfa:Success]",
                "Fail[Password:Success, Mfa:Failure]", "InProgress[Password:Success]");
    }

    @Test
    void anotherUserNamedLikeTheCodeCountsKeyIsNotThrottledByItsWrongCodes() {
        String ola = userWithPhone(pool, uniqueName("ola"), "+15550100005");
        pool.cognito.adminSetUserMFAPreference(r -> r.userPoolId(pool.poolId).username(ola)
                .smsMfaSettings(s -> s.enabled(true)));
        String namesake = pool.confirmedUser("sms:" + ola);
        InitiateAuthResponse challenge = pool.signIn(clientId, ola, PASSWORD);
        String wrong = textedCode(pool, "+15550100005").equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 6; i++) {
            assertThatThrownBy(() -> answer(challenge, ola, wrong)).isInstanceOf(
                    software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException.class);
        }

        assertThat(pool.signIn(clientId, namesake, PASSWORD).authenticationResult()).isNotNull();
    }

    @Test
    void anAnsweredSessionCannotBeReplayed() {
        String dora = userWithPhone(pool, uniqueName("dora"), "+15550104444");
        pool.cognito.adminSetUserMFAPreference(r -> r.userPoolId(pool.poolId).username(dora)
                .smsMfaSettings(s -> s.enabled(true)));
        InitiateAuthResponse challenge = pool.signIn(clientId, dora, PASSWORD);
        String code = textedCode(pool, "+15550104444");
        answer(challenge, dora, code);

        assertThatThrownBy(() -> answer(challenge, dora, code)).isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void aCodeTextedToANumberSinceReplacedSignsNoOneIn() {
        String eve = userWithPhone(pool, uniqueName("eve"), "+15550105555");
        pool.cognito.adminSetUserMFAPreference(r -> r.userPoolId(pool.poolId).username(eve)
                .smsMfaSettings(s -> s.enabled(true)));
        InitiateAuthResponse challenge = pool.signIn(clientId, eve, PASSWORD);
        String code = textedCode(pool, "+15550105555");
        pool.cognito.adminUpdateUserAttributes(r -> r.userPoolId(pool.poolId).username(eve)
                .userAttributes(a -> a.name("phone_number").value("+15550106666")));

        assertThatThrownBy(() -> answer(challenge, eve, code)).isInstanceOf(CodeMismatchException.class);
    }

    @Test
    void aPreferenceForSmsIsIgnoredOnceTheNumberIsGoneAndTheOtherFactorIsAsked() {
        String lia = userWithPhone(pool, uniqueName("lia"), "+15550100002");
        String accessToken = pool.tokens(clientId, lia).accessToken();
        String secret = pool.cognito.associateSoftwareToken(r -> r.accessToken(accessToken)).secretCode();
        pool.cognito.verifySoftwareToken(r -> r.accessToken(accessToken)
                .userCode(TotpTestCodes.at(secret, clock.instant().minus(Duration.ofSeconds(30)))));
        pool.cognito.setUserMFAPreference(r -> r.accessToken(accessToken)
                .softwareTokenMfaSettings(s -> s.enabled(true).preferredMfa(false))
                .smsMfaSettings(s -> s.enabled(true).preferredMfa(true)));
        pool.cognito.adminDeleteUserAttributes(r -> r.userPoolId(pool.poolId).username(lia)
                .userAttributeNames("phone_number"));

        assertThat(pool.signIn(clientId, lia, PASSWORD).challengeName()).isEqualTo(ChallengeNameType.SOFTWARE_TOKEN_MFA);
    }

    @Test
    void aPoolGivenOnlyAnSmsConfigurationAtCreationDoesNotAskForTextedCodes() {
        SignInPool created = SignInPool.on(MailedSignIns.server(backend), r -> r.mfaConfiguration(UserPoolMfaType.OPTIONAL)
                .smsConfiguration(c -> c.snsCallerArn("arn:aws:iam::123456789012:role/cognito-sms")));
        String app = client(created);
        String mo = userWithPhone(created, uniqueName("mo"), "+15550100003");

        assertThatThrownBy(() -> created.cognito.adminSetUserMFAPreference(r -> r.userPoolId(created.poolId).username(mo)
                .smsMfaSettings(s -> s.enabled(true)))).isInstanceOf(InvalidParameterException.class);
        assertThat(created.signIn(app, mo, PASSWORD).authenticationResult()).isNotNull();
    }

    @Test
    void theOlderMfaOptionsTurnSmsMfaOnAndAnEmptyListTurnsItOff() {
        String fay = userWithPhone(pool, uniqueName("fay"), "+15550107777");
        pool.cognito.adminSetUserSettings(r -> r.userPoolId(pool.poolId).username(fay)
                .mfaOptions(o -> o.deliveryMedium("SMS").attributeName("phone_number")));
        var view = pool.cognito.adminGetUser(r -> r.userPoolId(pool.poolId).username(fay));
        assertThat(view.userMFASettingList()).containsExactly("SMS_MFA");
        assertThat(view.mfaOptions()).extracting(MFAOptionType::deliveryMediumAsString).containsExactly("SMS");
        assertThat(pool.signIn(clientId, fay, PASSWORD).challengeName()).isEqualTo(ChallengeNameType.SMS_MFA);

        pool.cognito.adminSetUserSettings(r -> r.userPoolId(pool.poolId).username(fay).mfaOptions(List.of()));

        assertThat(pool.cognito.adminGetUser(r -> r.userPoolId(pool.poolId).username(fay)).hasMfaOptions()).isFalse();
        assertThat(pool.signIn(clientId, fay, PASSWORD).authenticationResult()).isNotNull();
    }

    @Test
    void smsMfaNeedsANumberAndAPoolThatOffersIt() {
        String gus = pool.confirmedUser(uniqueName("gus"));
        assertThatThrownBy(() -> pool.cognito.adminSetUserMFAPreference(r -> r.userPoolId(pool.poolId).username(gus)
                .smsMfaSettings(s -> s.enabled(true))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("SMS_MFA");

        SignInPool plain = SignInPool.on(MailedSignIns.server(backend), r -> { });
        String hal = userWithPhone(plain, uniqueName("hal"), "+15550108888");
        assertThatThrownBy(() -> plain.cognito.adminSetUserMFAPreference(r -> r.userPoolId(plain.poolId).username(hal)
                .smsMfaSettings(s -> s.enabled(true))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("not configured");
    }

    @Test
    void withSmsAndTotpOnAndNonePreferredTheUserSelectsOne() {
        String ida = userWithPhone(pool, uniqueName("ida"), "+15550109999");
        String accessToken = pool.tokens(clientId, ida).accessToken();
        String secret = pool.cognito.associateSoftwareToken(r -> r.accessToken(accessToken)).secretCode();
        pool.cognito.verifySoftwareToken(r -> r.accessToken(accessToken)
                .userCode(TotpTestCodes.at(secret, clock.instant().minus(Duration.ofSeconds(30)))));
        pool.cognito.setUserMFAPreference(r -> r.accessToken(accessToken)
                .softwareTokenMfaSettings(s -> s.enabled(true).preferredMfa(false))
                .smsMfaSettings(s -> s.enabled(true).preferredMfa(false)));

        InitiateAuthResponse select = pool.signIn(clientId, ida, PASSWORD);
        assertThat(select.challengeName()).isEqualTo(ChallengeNameType.SELECT_MFA_TYPE);
        assertThat(select.challengeParameters()).containsEntry("MFAS_CAN_CHOOSE", "[\"SMS_MFA\",\"SOFTWARE_TOKEN_MFA\"]");
        RespondToAuthChallengeResponse texted = pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.SELECT_MFA_TYPE).session(select.session())
                .challengeResponses(Map.of("USERNAME", ida, "ANSWER", "SMS_MFA")));
        assertThat(texted.challengeName()).isEqualTo(ChallengeNameType.SMS_MFA);
        RespondToAuthChallengeResponse signedIn = pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.SMS_MFA).session(texted.session())
                .challengeResponses(Map.of("USERNAME", ida, "SMS_MFA_CODE", textedCode(pool, "+15550109999"))));
        assertThat(signedIn.authenticationResult().idToken()).isNotEmpty();

        assertThatThrownBy(() -> pool.cognito.setUserMFAPreference(r -> r.accessToken(accessToken)
                .softwareTokenMfaSettings(s -> s.enabled(true).preferredMfa(true))
                .smsMfaSettings(s -> s.enabled(true).preferredMfa(true))))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void inAPoolThatRequiresMfaAUserWithANumberIsTextedAndOneWithoutSetsUpAnAuthenticator() {
        SignInPool required = SignInPool.on(MailedSignIns.server(backend), r -> { });
        String app = client(required);
        offerSms(required, UserPoolMfaType.ON);
        String jan = userWithPhone(required, uniqueName("jan"), "+15550100001");
        String kim = required.confirmedUser(uniqueName("kim"));

        assertThat(required.signIn(app, jan, PASSWORD).challengeName()).isEqualTo(ChallengeNameType.SMS_MFA);
        InitiateAuthResponse setup = required.signIn(app, kim, PASSWORD);
        assertThat(setup.challengeName()).isEqualTo(ChallengeNameType.MFA_SETUP);
        assertThat(setup.challengeParameters()).containsEntry("MFAS_CAN_SETUP", "[\"SOFTWARE_TOKEN_MFA\"]");
    }
}

package dev.cognate.admin.auth;

import static dev.cognate.admin.auth.SignInPool.PASSWORD;
import static dev.cognate.admin.auth.SignInPool.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cognate.testing.Backend;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AliasAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AliasExistsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFactorType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeMismatchException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CreateUserPoolRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RespondToAuthChallengeResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SoftwareTokenMfaNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolMfaType;

/**
 * MFA_SETUP in a pool that requires MFA and offers e-mail codes (EmailMfaConfiguration), as
 * Cognito and Amplify's confirmSignIn do it: MFA_SETUP answered with EMAIL (any address, the
 * user's or not), then the EMAIL_OTP challenge with the code mailed there. The address stays in
 * the sealed session until its code comes back; then it is the user's verified e-mail, e-mail MFA
 * is on and the sign-in ends. An address another user holds as an alias or sign-in name stays theirs.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class EmailMfaSetupTest {
    @Parameter
    Backend backend;

    SignInPool pool;
    String clientId;

    @BeforeEach
    void createPool() {
        usePool(r -> { });
    }

    void usePool(Consumer<CreateUserPoolRequest.Builder> settings) {
        pool = SignInPool.on(MailedSignIns.server(backend), settings);
        clientId = pool.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH,
                ExplicitAuthFlowsType.ALLOW_USER_AUTH, ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)).clientId();
        pool.cognito.setUserPoolMfaConfig(r -> r.userPoolId(pool.poolId).mfaConfiguration(UserPoolMfaType.ON)
                .softwareTokenMfaConfiguration(s -> s.enabled(true))
                .emailMfaConfiguration(e -> e.subject("Your code").message("Sign in with {####} now.")));
    }

    static String email(String username) {
        return username + "@example.com";
    }

    /** A CONFIRMED user with {@link SignInPool#PASSWORD} and these attributes only. */
    String user(String username, Map<String, String> attributes) {
        pool.cognito.adminCreateUser(r -> r.userPoolId(pool.poolId).username(username)
                .messageAction(MessageActionType.SUPPRESS)
                .userAttributes(attributes.entrySet().stream()
                        .map(a -> AttributeType.builder().name(a.getKey()).value(a.getValue()).build()).toList()));
        pool.cognito.adminSetUserPassword(r -> r.userPoolId(pool.poolId).username(username).password(PASSWORD)
                .permanent(true));
        return username;
    }

    RespondToAuthChallengeResponse chooseEmail(InitiateAuthResponse setup, String username, String address) {
        return setUp(setup.session(), Map.of("USERNAME", username, "EMAIL", address));
    }

    RespondToAuthChallengeResponse setUp(String session, Map<String, String> responses) {
        return pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId).challengeName(ChallengeNameType.MFA_SETUP)
                .session(session).challengeResponses(responses));
    }

    RespondToAuthChallengeResponse answerCode(String session, String username, String code) {
        return answer(session, Map.of("USERNAME", username, "EMAIL_OTP_CODE", code));
    }

    RespondToAuthChallengeResponse answer(String session, Map<String, String> responses) {
        return pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId).challengeName(ChallengeNameType.EMAIL_OTP)
                .session(session).challengeResponses(responses));
    }

    Map<String, String> attributes(String username) {
        return pool.cognito.adminGetUser(r -> r.userPoolId(pool.poolId).username(username)).userAttributes().stream()
                .collect(Collectors.toMap(AttributeType::name, AttributeType::value));
    }

    List<String> mfaSettings(String username) {
        return pool.cognito.adminGetUser(r -> r.userPoolId(pool.poolId).username(username)).userMFASettingList();
    }

    static String wrong(String right) {
        return right.equals("00000000") ? "11111111" : "00000000";
    }

    static String errorMessage(Throwable e) {
        return ((AwsServiceException) e).awsErrorDetails().errorMessage();
    }

    /** Signs in, sets e-mail MFA up with {@code address} and answers the code mailed there. */
    RespondToAuthChallengeResponse setUpEmailMfa(String username, String address) {
        InitiateAuthResponse setup = pool.signIn(clientId, username, PASSWORD);
        int seen = MailedSignIns.mailsTo(address).size();
        RespondToAuthChallengeResponse code = chooseEmail(setup, username, address);
        return answerCode(code.session(), username, MailedSignIns.nextCode(address, seen));
    }

    @Test
    void aUserWithAVerifiedAddressSetsUpEmailCodesDuringSignIn() throws Exception {
        String ann = pool.confirmedUser(uniqueName("ann"));
        InitiateAuthResponse setup = pool.signIn(clientId, ann, PASSWORD);
        assertThat(setup.challengeName()).isEqualTo(ChallengeNameType.MFA_SETUP);
        assertThat(setup.challengeParameters()).containsEntry("MFAS_CAN_SETUP", "[\"SOFTWARE_TOKEN_MFA\",\"EMAIL_OTP\"]");

        int seen = MailedSignIns.mailsTo(email(ann)).size();
        RespondToAuthChallengeResponse code = chooseEmail(setup, ann, email(ann).toUpperCase());
        assertThat(code.challengeName()).isEqualTo(ChallengeNameType.EMAIL_OTP);
        assertThat(code.challengeParameters()).containsEntry("CODE_DELIVERY_DELIVERY_MEDIUM", "EMAIL")
                .containsEntry("CODE_DELIVERY_DESTINATION", "a***@e***");
        RespondToAuthChallengeResponse signedIn = answerCode(code.session(), ann, MailedSignIns.nextCode(email(ann), seen));

        assertThat(pool.verify(signedIn.authenticationResult().idToken()).getStringListClaim("amr"))
                .containsExactly("pwd", "otp", "mfa");
        var user = pool.cognito.getUser(r -> r.accessToken(signedIn.authenticationResult().accessToken()));
        assertThat(user.userMFASettingList()).containsExactly("EMAIL_OTP");
        assertThat(attributes(ann)).as("the same address in other letters changes nothing")
                .containsEntry("email", email(ann)).containsEntry("email_verified", "true");
        assertThat(pool.signIn(clientId, ann, PASSWORD).challengeName()).as("from now on, the e-mail code is owed")
                .isEqualTo(ChallengeNameType.EMAIL_OTP);
    }

    @Test
    void aUserWithoutAnyAddressSetsUpEmailCodesWithTheAddressItProves() throws Exception {
        String ben = user(uniqueName("ben"), Map.of());
        String address = email(ben);
        InitiateAuthResponse setup = pool.signIn(clientId, ben, PASSWORD);
        assertThat(setup.challengeParameters()).containsEntry("MFAS_CAN_SETUP", "[\"SOFTWARE_TOKEN_MFA\",\"EMAIL_OTP\"]");

        int seen = MailedSignIns.mailsTo(address).size();
        RespondToAuthChallengeResponse code = chooseEmail(setup, ben, address);
        assertThat(code.challengeName()).isEqualTo(ChallengeNameType.EMAIL_OTP);
        assertThat(code.challengeParameters()).containsEntry("CODE_DELIVERY_DESTINATION", "b***@e***");
        assertThat(attributes(ben)).as("nothing is the user's before the code comes back")
                .doesNotContainKeys("email", "email_verified");
        assertThat(mfaSettings(ben)).isNullOrEmpty();

        RespondToAuthChallengeResponse signedIn = answerCode(code.session(), ben, MailedSignIns.nextCode(address, seen));

        var claims = pool.verify(signedIn.authenticationResult().idToken());
        assertThat(claims.getStringClaim("email")).isEqualTo(address);
        assertThat(claims.getBooleanClaim("email_verified")).isTrue();
        assertThat(attributes(ben)).containsEntry("email", address).containsEntry("email_verified", "true");
        assertThat(mfaSettings(ben)).containsExactly("EMAIL_OTP");
        InitiateAuthResponse next = pool.signIn(clientId, ben, PASSWORD);
        assertThat(next.challengeName()).isEqualTo(ChallengeNameType.EMAIL_OTP);
        assertThat(next.challengeParameters()).containsEntry("CODE_DELIVERY_DESTINATION", "b***@e***");
    }

    @Test
    void aUserWithAnUnverifiedAddressSetsUpEmailCodesAndTheAddressBecomesVerified() {
        String cat = user(uniqueName("cat"), Map.of("email", email(uniqueName("cat")), "email_verified", "false"));
        String address = attributes(cat).get("email");

        RespondToAuthChallengeResponse signedIn = setUpEmailMfa(cat, address);

        assertThat(signedIn.authenticationResult().accessToken()).isNotBlank();
        assertThat(attributes(cat)).containsEntry("email", address).containsEntry("email_verified", "true");
        assertThat(mfaSettings(cat)).containsExactly("EMAIL_OTP");
    }

    @Test
    void aUserWithAVerifiedAddressMaySetUpEmailCodesWithAnotherAddressWhichReplacesItOnceProven() {
        String dot = pool.confirmedUser(uniqueName("dot"));
        String other = uniqueName("dot-new") + "@example.org";
        InitiateAuthResponse setup = pool.signIn(clientId, dot, PASSWORD);
        int seenOld = MailedSignIns.mailsTo(email(dot)).size();
        RespondToAuthChallengeResponse code = chooseEmail(setup, dot, other);
        assertThat(attributes(dot)).as("the old address holds until the new one is proven")
                .containsEntry("email", email(dot)).containsEntry("email_verified", "true");

        answerCode(code.session(), dot, MailedSignIns.nextCode(other, 0));

        assertThat(MailedSignIns.mailsTo(email(dot))).hasSize(seenOld);
        assertThat(attributes(dot)).containsEntry("email", other).containsEntry("email_verified", "true");
        assertThat(mfaSettings(dot)).containsExactly("EMAIL_OTP");
        int seenNew = MailedSignIns.mailsTo(other).size();
        assertThat(pool.signIn(clientId, dot, PASSWORD).challengeName()).isEqualTo(ChallengeNameType.EMAIL_OTP);
        assertThat(MailedSignIns.nextCode(other, seenNew)).as("codes now go to the new address").isNotBlank();
        assertThat(MailedSignIns.mailsTo(email(dot))).hasSize(seenOld);
    }

    @Test
    void aClientWithASecretSetsUpEmailCodesWithTheSecretHashAtEachStep() throws Exception {
        var secretClient = pool.client(r -> r.generateSecret(true));
        String kay = user(uniqueName("kay"), Map.of());
        String hash = SignInPool.secretHash(secretClient.clientSecret(), kay, secretClient.clientId());
        InitiateAuthResponse setup = pool.cognito.initiateAuth(r -> r.clientId(secretClient.clientId())
                .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", kay, "PASSWORD", PASSWORD, "SECRET_HASH", hash)));
        RespondToAuthChallengeResponse code = pool.cognito.respondToAuthChallenge(r -> r.clientId(secretClient.clientId())
                .challengeName(ChallengeNameType.MFA_SETUP).session(setup.session())
                .challengeResponses(Map.of("USERNAME", kay, "EMAIL", email(kay), "SECRET_HASH", hash)));
        String right = MailedSignIns.nextCode(email(kay), 0);

        assertThatThrownBy(() -> pool.cognito.respondToAuthChallenge(r -> r.clientId(secretClient.clientId())
                .challengeName(ChallengeNameType.EMAIL_OTP).session(code.session())
                .challengeResponses(Map.of("USERNAME", kay, "EMAIL_OTP_CODE", right))))
                .as("without SECRET_HASH").isInstanceOf(NotAuthorizedException.class);
        RespondToAuthChallengeResponse signedIn = pool.cognito.respondToAuthChallenge(r -> r.clientId(secretClient.clientId())
                .challengeName(ChallengeNameType.EMAIL_OTP).session(code.session())
                .challengeResponses(Map.of("USERNAME", kay, "EMAIL_OTP_CODE", right, "SECRET_HASH", hash)));

        assertThat(signedIn.authenticationResult().accessToken()).isNotBlank();
        assertThat(attributes(kay)).containsEntry("email", email(kay)).containsEntry("email_verified", "true");
    }

    @Test
    void aPoolWithoutEmailMfaOffersOnlyAnAuthenticatorApp() {
        SignInPool plain = SignInPool.on(MailedSignIns.server(backend), r -> { });
        String plainClient = plain.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH)).clientId();
        plain.cognito.setUserPoolMfaConfig(r -> r.userPoolId(plain.poolId).mfaConfiguration(UserPoolMfaType.ON)
                .softwareTokenMfaConfiguration(s -> s.enabled(true)));
        String cal = plain.confirmedUser(uniqueName("cal"));
        InitiateAuthResponse setup = plain.signIn(plainClient, cal, PASSWORD);

        assertThat(setup.challengeParameters()).containsEntry("MFAS_CAN_SETUP", "[\"SOFTWARE_TOKEN_MFA\"]");
        assertThatThrownBy(() -> plain.cognito.respondToAuthChallenge(r -> r.clientId(plainClient)
                .challengeName(ChallengeNameType.MFA_SETUP).session(setup.session())
                .challengeResponses(Map.of("USERNAME", cal, "EMAIL", email(cal)))))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void aPoolWithEmailCodesOnlyNeverOffersAnAuthenticatorApp() throws Exception {
        pool.cognito.setUserPoolMfaConfig(r -> r.userPoolId(pool.poolId).mfaConfiguration(UserPoolMfaType.ON)
                .emailMfaConfiguration(e -> e.subject("Your code").message("Sign in with {####} now.")));
        String ida = pool.confirmedUser(uniqueName("ida"));
        InitiateAuthResponse setup = pool.signIn(clientId, ida, PASSWORD);
        assertThat(setup.challengeName()).isEqualTo(ChallengeNameType.MFA_SETUP);
        assertThat(setup.challengeParameters()).containsEntry("MFAS_CAN_SETUP", "[\"EMAIL_OTP\"]");

        SoftwareTokenMfaNotFoundException refused = catchThrowableOfType(SoftwareTokenMfaNotFoundException.class,
                () -> pool.cognito.associateSoftwareToken(r -> r.session(setup.session())));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("SoftwareTokenMFANotFoundException");
        assertThat(errorMessage(refused)).isEqualTo("Software Token MFA has not been enabled by the userPool.");
        assertThatThrownBy(() -> pool.cognito.verifySoftwareToken(r -> r.session(setup.session()).userCode("123456")))
                .isInstanceOf(SoftwareTokenMfaNotFoundException.class);

        // Refused without using the session up: e-mail codes are set up with it.
        int seen = MailedSignIns.mailsTo(email(ida)).size();
        RespondToAuthChallengeResponse code = chooseEmail(setup, ida, email(ida));
        RespondToAuthChallengeResponse signedIn = answerCode(code.session(), ida, MailedSignIns.nextCode(email(ida), seen));
        assertThat(signedIn.authenticationResult().accessToken()).isNotBlank();
        assertThat(mfaSettings(ida)).containsExactly("EMAIL_OTP");
        assertThatThrownBy(() -> pool.cognito.associateSoftwareToken(
                r -> r.accessToken(signedIn.authenticationResult().accessToken())))
                .isInstanceOf(SoftwareTokenMfaNotFoundException.class);
    }

    @Test
    void aMissingOrMalformedAddressIsRefusedAndLeavesTheSetupSessionUsable() {
        String eve = user(uniqueName("eve"), Map.of());
        InitiateAuthResponse setup = pool.signIn(clientId, eve, PASSWORD);

        assertThatThrownBy(() -> setUp(setup.session(), Map.of("USERNAME", eve)))
                .isInstanceOf(InvalidParameterException.class)
                .satisfies(e -> assertThat(errorMessage(e)).isEqualTo("Missing required parameter EMAIL"));
        assertThatThrownBy(() -> chooseEmail(setup, eve, " "))
                .isInstanceOf(InvalidParameterException.class)
                .satisfies(e -> assertThat(errorMessage(e)).isEqualTo("Missing required parameter EMAIL"));
        for (String malformed : List.of("no-at-sign", "two@at@signs", "a b@example.com", "x".repeat(250) + "@e.co")) {
            assertThatThrownBy(() -> chooseEmail(setup, eve, malformed)).as(malformed)
                    .isInstanceOf(InvalidParameterException.class)
                    .satisfies(e -> assertThat(errorMessage(e)).isEqualTo("Invalid email address format."));
        }

        assertThat(chooseEmail(setup, eve, email(eve)).challengeName()).isEqualTo(ChallengeNameType.EMAIL_OTP);
        assertThat(attributes(eve)).doesNotContainKey("email");
    }

    @Test
    void aWrongCodeTurnsNothingOnAndTheSetupSessionIsAnsweredOnce() throws Exception {
        String eli = user(uniqueName("eli"), Map.of());
        InitiateAuthResponse setup = pool.signIn(clientId, eli, PASSWORD);
        RespondToAuthChallengeResponse code = chooseEmail(setup, eli, email(eli));
        String right = MailedSignIns.nextCode(email(eli), 0);

        assertThatThrownBy(() -> chooseEmail(setup, eli, email(eli))).as("the MFA_SETUP session is spent")
                .isInstanceOf(NotAuthorizedException.class);
        assertThatThrownBy(() -> answerCode(code.session(), eli, wrong(right)))
                .isInstanceOf(CodeMismatchException.class);
        assertThat(mfaSettings(eli)).isNullOrEmpty();
        assertThat(attributes(eli)).doesNotContainKey("email");

        RespondToAuthChallengeResponse signedIn = answerCode(code.session(), eli, right);
        assertThat(signedIn.authenticationResult().accessToken()).isNotBlank();
        assertThatThrownBy(() -> answerCode(code.session(), eli, right)).as("and so is the code's")
                .isInstanceOf(NotAuthorizedException.class)
                .satisfies(e -> assertThat(errorMessage(e)).startsWith("Invalid session for the user"));
    }

    @Test
    void guessingTheCodeOfAPendingAddressIsLimitedLikeAnyEmailCode() {
        String fay = user(uniqueName("fay"), Map.of());
        RespondToAuthChallengeResponse code = chooseEmail(pool.signIn(clientId, fay, PASSWORD), fay, email(fay));
        String right = MailedSignIns.nextCode(email(fay), 0);
        for (int guess = 0; guess < 5; guess++) {
            assertThatThrownBy(() -> answerCode(code.session(), fay, wrong(right)))
                    .isInstanceOf(CodeMismatchException.class);
        }

        assertThatThrownBy(() -> answerCode(code.session(), fay, right)).as("the code's guesses are used up")
                .isInstanceOf(NotAuthorizedException.class);
        assertThat(attributes(fay)).doesNotContainKey("email");
        assertThat(mfaSettings(fay)).isNullOrEmpty();
    }

    @Test
    void anExpiredSetupSessionSetsNothingUp() {
        String gil = user(uniqueName("gil"), Map.of());
        RespondToAuthChallengeResponse code = chooseEmail(pool.signIn(clientId, gil, PASSWORD), gil, email(gil));
        String right = MailedSignIns.nextCode(email(gil), 0);

        MailedSignIns.clock(backend).advance(Duration.ofMinutes(3).plusSeconds(1));

        assertThatThrownBy(() -> answerCode(code.session(), gil, right)).isInstanceOf(NotAuthorizedException.class)
                .satisfies(e -> assertThat(errorMessage(e)).startsWith("Invalid session for the user"));
        assertThat(attributes(gil)).doesNotContainKey("email");
        assertThat(mfaSettings(gil)).isNullOrEmpty();
    }

    @Test
    void thePendingAddressComesFromTheSessionNotFromTheSecondAnswer() {
        String hal = user(uniqueName("hal"), Map.of());
        String proven = email(hal);
        String smuggled = uniqueName("smuggled") + "@evil.example";
        RespondToAuthChallengeResponse code = chooseEmail(pool.signIn(clientId, hal, PASSWORD), hal, proven);

        Map<String, String> responses = new HashMap<>(Map.of("USERNAME", hal, "EMAIL", smuggled,
                "EMAIL_OTP_CODE", MailedSignIns.nextCode(proven, 0)));
        answer(code.session(), responses);

        assertThat(attributes(hal)).containsEntry("email", proven).containsEntry("email_verified", "true");
        assertThat(MailedSignIns.mailsTo(smuggled)).isEmpty();
    }

    @Test
    void aCodeMailedToAPendingAddressCannotBeRedeemedWithAnotherSession() {
        String ivy = user(uniqueName("ivy"), Map.of());
        String first = uniqueName("first") + "@example.com";
        String second = uniqueName("second") + "@example.com";
        RespondToAuthChallengeResponse toFirst = chooseEmail(pool.signIn(clientId, ivy, PASSWORD), ivy, first);
        RespondToAuthChallengeResponse toSecond = chooseEmail(pool.signIn(clientId, ivy, PASSWORD), ivy, second);
        String secondCode = MailedSignIns.nextCode(second, 0);

        assertThatThrownBy(() -> answerCode(toFirst.session(), ivy, secondCode))
                .as("the code proves the second address, not the first session's")
                .isInstanceOf(CodeMismatchException.class);
        assertThat(attributes(ivy)).doesNotContainKey("email");

        answerCode(toSecond.session(), ivy, secondCode);
        assertThat(attributes(ivy)).containsEntry("email", second).containsEntry("email_verified", "true");
    }

    @Test
    void aCodeMailedToAPendingAddressDoesNotSignInAsTheUsersEmailCode() {
        usePool(r -> r.policies(p -> p.signInPolicy(s -> s
                .allowedFirstAuthFactors(AuthFactorType.PASSWORD, AuthFactorType.EMAIL_OTP))));
        String jon = pool.confirmedUser(uniqueName("jon"));
        InitiateAuthResponse byMail = pool.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_AUTH)
                .authParameters(Map.of("USERNAME", jon, "PREFERRED_CHALLENGE", "EMAIL_OTP")));
        assertThat(byMail.challengeName()).as("a pool that requires MFA offers no e-mailed code alone")
                .isEqualTo(ChallengeNameType.SELECT_CHALLENGE);
        assertThat(byMail.availableChallengesAsStrings()).doesNotContain("EMAIL_OTP");
        String elsewhere = uniqueName("jon-elsewhere") + "@evil.example";
        chooseEmail(pool.signIn(clientId, jon, PASSWORD), jon, elsewhere);
        String pendingCode = MailedSignIns.nextCode(elsewhere, 0);

        assertThatThrownBy(() -> pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.SELECT_CHALLENGE).session(byMail.session())
                .challengeResponses(Map.of("USERNAME", jon, "ANSWER", "EMAIL_OTP"))))
                .as("nor can it be chosen, so a code to an unproven address has no sign-in to finish")
                .isInstanceOf(InvalidParameterException.class);
        assertThat(pendingCode).isNotBlank();
        assertThat(attributes(jon)).containsEntry("email", email(jon));
    }

    @Test
    void settingUpEmailMfaCannotTakeOverAnAddressAnotherUserHasVerified() {
        usePool(r -> r.aliasAttributes(AliasAttributeType.EMAIL));
        String owner = pool.confirmedUser(uniqueName("owner"));
        String taken = email(owner);
        String kim = user(uniqueName("kim"), Map.of());
        RespondToAuthChallengeResponse code = chooseEmail(pool.signIn(clientId, kim, PASSWORD), kim, taken);
        String right = MailedSignIns.nextCode(taken, 0);

        assertThatThrownBy(() -> answerCode(code.session(), kim, right)).isInstanceOf(AliasExistsException.class)
                .satisfies(e -> assertThat(errorMessage(e)).isEqualTo("An account with the given email already exists."));

        assertThat(attributes(owner)).containsEntry("email", taken).containsEntry("email_verified", "true");
        assertThat(attributes(kim)).doesNotContainKey("email");
        assertThat(mfaSettings(kim)).isNullOrEmpty();
        assertThat(pool.signIn(clientId, taken, PASSWORD).challengeParameters()).as("the alias still signs the owner in")
                .containsEntry("USER_ID_FOR_SRP", owner);
    }

    @Test
    void settingUpEmailMfaCannotTakeOverAnotherUsersSignInAddress() {
        usePool(r -> r.usernameAttributes(UsernameAttributeType.EMAIL));
        String taken = uniqueName("owner") + "@example.com";
        pool.cognito.adminCreateUser(r -> r.userPoolId(pool.poolId).username(taken).messageAction(MessageActionType.SUPPRESS)
                .userAttributes(a -> a.name("email").value(taken), a -> a.name("email_verified").value("true")));
        String lee = uniqueName("lee") + "@example.com";
        pool.cognito.adminCreateUser(r -> r.userPoolId(pool.poolId).username(lee).messageAction(MessageActionType.SUPPRESS)
                .userAttributes(a -> a.name("email").value(lee), a -> a.name("email_verified").value("false")));
        pool.cognito.adminSetUserPassword(r -> r.userPoolId(pool.poolId).username(lee).password(PASSWORD).permanent(true));
        RespondToAuthChallengeResponse code = chooseEmail(pool.signIn(clientId, lee, PASSWORD), lee, taken);
        String right = MailedSignIns.nextCode(taken, 0);

        assertThatThrownBy(() -> answerCode(code.session(), lee, right)).isInstanceOf(AliasExistsException.class)
                .satisfies(e -> assertThat(errorMessage(e)).isEqualTo("An account with the given email already exists."));

        assertThat(attributes(taken)).containsEntry("email", taken).containsEntry("email_verified", "true");
        assertThat(attributes(lee)).containsEntry("email", lee).containsEntry("email_verified", "false");
        assertThat(mfaSettings(lee)).isNullOrEmpty();
    }
}

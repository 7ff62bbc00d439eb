package dev.cognate.triggers;

import static dev.cognate.triggers.MailedTriggers.LAMBDA;
import static dev.cognate.triggers.MailedTriggers.mailsAfter;
import static dev.cognate.triggers.TriggerFixture.respond;
import static dev.cognate.triggers.TriggerFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMailUtil;
import dev.cognate.store.DeliveryMedium;
import dev.cognate.store.OutboxStore;
import dev.cognate.store.jdbc.JdbcOutboxStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.LambdaEndpoint;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.LambdaConfigType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PasswordResetRequiredException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;

/**
 * A migrated user's welcome message, as the UserMigration function's {@code messageAction} and
 * {@code desiredDeliveryMediums} ask: the pool's invitation (CustomMessage_AdminCreateUser may
 * rewrite it) by e-mail through GreenMail, or by SMS to the outbox; never with a password in it.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class UserMigrationWelcomeTest {
    static final String PASSWORD = "Legacy-Horse-1";
    static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    @Parameter
    Backend backend;

    MailedTriggers node() {
        return MailedTriggers.on(backend);
    }

    @Test
    void aMigratedUserIsWelcomedByEmailInTheInvitationsWordsWithoutItsPassword() throws Exception {
        String function = oldDirectory("{\"finalUserStatus\": \"CONFIRMED\", \"desiredDeliveryMediums\": [\"EMAIL\"]}");
        String poolId = pool(t -> t.userMigration(function));
        String clientId = client(poolId);
        String ada = unique("ada");

        assertThat(signIn(clientId, ada, PASSWORD).authenticationResult().accessToken()).isNotBlank();

        MimeMessage welcome = mailsAfter(address(ada), 0).getFirst();
        assertThat(welcome.getSubject()).isEqualTo("Your temporary password");
        assertThat(GreenMailUtil.getBody(welcome).trim())
                .isEqualTo("Your username is " + ada + " and temporary password is ********.")
                .doesNotContain(PASSWORD);
    }

    @Test
    void aSuppressedWelcomeIsNeverSent() throws Exception {
        String function = oldDirectory("""
                {"finalUserStatus": "CONFIRMED", "messageAction": "SUPPRESS", "desiredDeliveryMediums": ["EMAIL"]}""");
        String poolId = pool(t -> t.userMigration(function));
        String clientId = client(poolId);
        String bea = unique("bea");
        signIn(clientId, bea, PASSWORD);

        // The reset code is mailed after anything the sign-in sent (one mail queue): it comes alone.
        node().cognito.forgotPassword(r -> r.clientId(clientId).username(bea));

        List<MimeMessage> mails = mailsAfter(address(bea), 0);
        assertThat(mails).hasSize(1);
        assertThat(mails.getFirst().getSubject()).isEqualTo("Your verification code");
    }

    @Test
    void forgotPasswordWelcomesTheMigratedUserAndThenMailsTheResetCode() throws Exception {
        String function = oldDirectory("{\"desiredDeliveryMediums\": [\"EMAIL\"]}");
        String poolId = pool(t -> t.userMigration(function));
        String clientId = client(poolId);
        String cal = unique("cal");

        node().cognito.forgotPassword(r -> r.clientId(clientId).username(cal));

        List<MimeMessage> mails = mailsAfter(address(cal), 1);
        assertThat(LAMBDA.onlyEventOf(function).path("triggerSource").asText()).isEqualTo("UserMigration_ForgotPassword");
        assertThat(mails.get(0).getSubject()).isEqualTo("Your temporary password");
        assertThat(GreenMailUtil.getBody(mails.get(0))).contains("temporary password is ********.");
        assertThat(mails.get(1).getSubject()).isEqualTo("Your verification code");
        node().cognito.confirmForgotPassword(r -> r.clientId(clientId).username(cal).confirmationCode(code(mails.get(1)))
                .password("Fresh-Horse-3"));
        assertThat(signIn(clientId, cal, "Fresh-Horse-3").authenticationResult().accessToken()).isNotBlank();
    }

    @Test
    void withoutDesiredDeliveryMediumsTheWelcomeGoesBySmsAsInCognito() throws Exception {
        String phone = "+1555" + (1_000_000 + (int) (Math.random() * 8_999_999));
        String function = LAMBDA.function(unique("migrate-sms"), event -> respond(event, """
                {"userAttributes": {"email": "%s", "email_verified": "true", "phone_number": "%s"},
                 "finalUserStatus": "CONFIRMED", "messageAction": "RESEND"}"""
                .formatted(address(event.path("userName").asText()), phone)));
        String poolId = pool(t -> t.userMigration(function));
        String clientId = client(poolId);
        String dot = unique("dot");

        signIn(clientId, dot, PASSWORD);

        List<OutboxStore.Entry> sms = outbox(poolId).stream().filter(e -> e.medium() == DeliveryMedium.SMS).toList();
        assertThat(sms).singleElement().satisfies(e -> {
            assertThat(e.destination()).isEqualTo(phone);
            assertThat(e.body()).isEqualTo("Your username is " + dot + " and temporary password is ********. ");
        });
        // no e-mail welcome: the reset code (to the verified address) is the only mail
        node().cognito.forgotPassword(r -> r.clientId(clientId).username(dot));
        assertThat(mailsAfter(address(dot), 0)).hasSize(1);
    }

    @Test
    void resetRequiredRefusesTheSignInAsPasswordResetRequiredAndTheWelcomeStillComes() throws Exception {
        String function = oldDirectory("{\"finalUserStatus\": \"RESET_REQUIRED\", \"desiredDeliveryMediums\": [\"EMAIL\"]}");
        String poolId = pool(t -> t.userMigration(function));
        String clientId = client(poolId);
        String eve = unique("eve");

        assertThatThrownBy(() -> signIn(clientId, eve, PASSWORD)).isInstanceOf(PasswordResetRequiredException.class);

        assertThat(node().cognito.adminGetUser(r -> r.userPoolId(poolId).username(eve)).userStatus())
                .isEqualTo(UserStatusType.RESET_REQUIRED);
        assertThat(mailsAfter(address(eve), 0).getFirst().getSubject()).isEqualTo("Your temporary password");
    }

    @Test
    void aCustomMessageCannotMailTheMigratedUsersPassword() throws Exception {
        String migration = oldDirectory("{\"finalUserStatus\": \"CONFIRMED\", \"desiredDeliveryMediums\": [\"EMAIL\"]}");
        String custom = LAMBDA.function(unique("welcome-words"), event -> respond(event, """
                {"emailSubject": "Welcome to the new app",
                 "emailMessage": "Hello {username}, you keep your password ({####}).", "smsMessage": null}"""));
        String poolId = pool(t -> t.userMigration(migration).customMessage(custom));
        String clientId = client(poolId);
        String fay = unique("fay");

        signIn(clientId, fay, PASSWORD);

        MimeMessage welcome = mailsAfter(address(fay), 0).getFirst();
        assertThat(welcome.getSubject()).isEqualTo("Welcome to the new app");
        assertThat(GreenMailUtil.getBody(welcome).trim()).isEqualTo("Hello " + fay + ", you keep your password (********).");
        var event = LAMBDA.onlyEventOf(custom);
        assertThat(event.path("triggerSource").asText()).isEqualTo("CustomMessage_AdminCreateUser");
        assertThat(event.path("callerContext").path("clientId").asText()).isEqualTo(clientId);
        assertThat(event.path("request").path("codeParameter").asText()).isEqualTo("{####}");
        assertThat(event.path("request").path("usernameParameter").asText()).isEqualTo("{username}");
        assertThat(event.toString()).doesNotContain(PASSWORD);
    }

    /** The old directory: knows every name (its address is the name's), accepts only {@link #PASSWORD}. */
    private String oldDirectory(String responseMembers) {
        return LAMBDA.function(unique("migrate"), event -> {
            if (event.path("triggerSource").asText().equals("UserMigration_Authentication")
                    && !event.path("request").path("password").asText().equals(PASSWORD)) {
                return new LambdaEndpoint.Answer.FunctionError("Error", "Bad password");
            }
            var response = TriggerFixture.json(responseMembers);
            ((com.fasterxml.jackson.databind.node.ObjectNode) response).set("userAttributes", TriggerFixture.json("""
                    {"email": "%s", "email_verified": "true"}""".formatted(address(event.path("userName").asText()))));
            return respond(event, response.toString());
        });
    }

    private String pool(java.util.function.Consumer<LambdaConfigType.Builder> triggers) {
        return node().cognito.createUserPool(r -> r.poolName(unique("welcome")).lambdaConfig(b -> triggers.accept(b)))
                .userPool().id();
    }

    private String client(String poolId) {
        return node().cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("app").explicitAuthFlows(
                ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH, ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH))
                .userPoolClient().clientId();
    }

    private software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse signIn(
            String clientId, String username, String password) {
        return node().cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", password)));
    }

    private List<OutboxStore.Entry> outbox(String poolId) {
        return new JdbcOutboxStore(node().server.server().database().jdbi(), new dev.cognate.crypto.SecretBox(dev.cognate.testing.TestServer.MASTER_KEY)).newest(poolId, Instant.now(), 50);
    }

    private static String address(String username) {
        return username + "@legacy.example";
    }

    private static String code(MimeMessage message) {
        Matcher m = CODE.matcher(GreenMailUtil.getBody(message));
        if (!m.find()) {
            throw new AssertionError("no code in " + GreenMailUtil.getBody(message));
        }
        return m.group(1);
    }
}

package dev.cognate.admin.users;

import static dev.cognate.admin.users.MailedPool.PASSWORD;
import static dev.cognate.admin.users.MailedPool.email;
import static dev.cognate.admin.users.MailedPool.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import dev.cognate.store.DeliveryMedium;
import dev.cognate.store.OutboxStore;
import dev.cognate.store.jdbc.JdbcOutboxStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.NodeScript;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolMfaType;

/**
 * SMS MFA as amazon-cognito-identity-js (src/test/node, pinned) drives it against Cognate on both
 * backends: {@code enableMFA} (SetUserSettings with the SMS option) and {@code getMFAOptions}
 * (GetUser's MFAOptions), {@code authenticateUser} ending in {@code mfaRequired} with Cognito's
 * SMS_MFA parameters, {@code sendMFACode} with the code the test reads from the outbox, then
 * {@code setUserMfaPreference} and {@code disableMFA} turning it off. Skipped only without Node.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class IdentityJsSmsMfaTest {
    private static final Pattern CODE = Pattern.compile("(\\d{6})");
    private static final String PHONE = "+15550301234";

    @Parameter
    Backend backend;

    @BeforeAll
    static void installTheLibrary() throws Exception {
        assumeTrue(NodeScript.nodeIsPresent(), "node is not installed: amazon-cognito-identity-js cannot run");
        NodeScript.install();
    }

    @Test
    void aUserTurnsSmsMfaOnSignsInWithTheTextedCodeAndTurnsItOff() throws Exception {
        MailedPool pool = MailedPool.create(backend);
        pool.cognito.setUserPoolMfaConfig(r -> r.userPoolId(pool.poolId).mfaConfiguration(UserPoolMfaType.OPTIONAL)
                .smsMfaConfiguration(s -> s.smsConfiguration(c -> c.snsCallerArn(
                        "arn:aws:iam::123456789012:role/cognito-sms"))));
        String clientId = pool.client();
        String alice = uniqueName("alice");
        pool.confirmedUser(clientId, alice, email(alice));
        pool.cognito.adminUpdateUserAttributes(r -> r.userPoolId(pool.poolId).username(alice)
                .userAttributes(a -> a.name("phone_number").value(PHONE)));

        try (NodeScript app = NodeScript.start("self-service.js", pool.server.endpoint().toString(), pool.poolId,
                clientId, alice)) {
            ok(app.call("authenticateUser", r -> r.put("password", PASSWORD)));
            assertThat(ok(app.call("enableMFA")).asText()).isEqualTo("SUCCESS");
            JsonNode options = ok(app.call("getMFAOptions"));
            assertThat(options.get(0).path("DeliveryMedium").asText()).isEqualTo("SMS");
            assertThat(options.get(0).path("AttributeName").asText()).isEqualTo("phone_number");

            JsonNode challenge = ok(app.call("authenticateUser", r -> r.put("password", PASSWORD)));
            assertThat(challenge.path("challengeName").asText()).isEqualTo("SMS_MFA");
            assertThat(challenge.path("challengeParameters").path("CODE_DELIVERY_DESTINATION").asText())
                    .isEqualTo("+*******1234");
            JsonNode tokens = ok(app.call("sendMFACode", r -> r.put("code", textedCode(pool))));
            var id = SignedJWT.parse(tokens.path("idToken").asText()).getJWTClaimsSet();
            assertThat(id.getStringClaim("cognito:username")).isEqualTo(alice);
            assertThat(id.getBooleanClaim("phone_number_verified")).isTrue();

            assertThat(ok(app.call("setUserMfaPreference", r -> r.set("sms", r.objectNode()
                    .put("Enabled", true).put("PreferredMfa", true)))).asText()).isEqualTo("SUCCESS");
            assertThat(pool.cognito.adminGetUser(r -> r.userPoolId(pool.poolId).username(alice)).preferredMfaSetting())
                    .isEqualTo("SMS_MFA");
            assertThat(ok(app.call("disableMFA")).asText()).isEqualTo("SUCCESS");
            assertThat(app.call("getMFAOptions").path("ok").isNull()).isTrue();
            assertThat(ok(app.call("authenticateUser", r -> r.put("password", PASSWORD))).has("idToken")).isTrue();
        }
    }

    private static String textedCode(MailedPool pool) {
        List<OutboxStore.Entry> texts = new JdbcOutboxStore(pool.server.server().database().jdbi(), new dev.cognate.crypto.SecretBox(dev.cognate.testing.TestServer.MASTER_KEY))
                .newest(pool.poolId, Instant.now(), 10).stream()
                .filter(e -> e.medium() == DeliveryMedium.SMS && e.destination().equals(PHONE)).toList();
        assertThat(texts).isNotEmpty();
        Matcher matcher = CODE.matcher(texts.getFirst().body());
        assertThat(matcher.find()).as(texts.getFirst().body()).isTrue();
        return matcher.group(1);
    }

    private static JsonNode ok(JsonNode answer) {
        assertThat(answer.has("ok")).as(answer.toString()).isTrue();
        return answer.get("ok");
    }
}

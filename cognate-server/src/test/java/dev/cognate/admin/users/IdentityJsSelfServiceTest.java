package dev.cognate.admin.users;

import static dev.cognate.admin.users.MailedPool.PASSWORD;
import static dev.cognate.admin.users.MailedPool.code;
import static dev.cognate.admin.users.MailedPool.email;
import static dev.cognate.admin.users.MailedPool.mailsTo;
import static dev.cognate.admin.users.MailedPool.newMailTo;
import static dev.cognate.admin.users.MailedPool.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import dev.cognate.testing.Backend;
import dev.cognate.testing.NodeScript;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;

/**
 * A native user's whole life through amazon-cognito-identity-js 6.x (the pinned package in
 * src/test/node), an independent client, with the codes read from the mails a real SMTP server
 * (GreenMail) received: sign-up and confirmation, password sign-in, change of password, forgot
 * password, a new e-mail address verified by code, and deletion. Skipped only without Node.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class IdentityJsSelfServiceTest {
    static final String CHANGED_PASSWORD = "Changed-Horse-2";
    static final String RESET_PASSWORD = "Reset-Horse-3";

    @Parameter
    Backend backend;

    @BeforeAll
    static void installTheLibrary() throws Exception {
        assumeTrue(NodeScript.nodeIsPresent(), "node is not installed: amazon-cognito-identity-js cannot run");
        NodeScript.install();
    }

    @Test
    void aUserSignsUpConfirmsSignsInChangesAndResetsItsPasswordVerifiesANewEmailAndDeletesItself() throws Exception {
        MailedPool pool = MailedPool.create(backend);
        String clientId = pool.client();
        String alice = uniqueName("alice");
        String address = email(alice);

        try (NodeScript app = NodeScript.start("self-service.js", pool.server.endpoint().toString(), pool.poolId,
                clientId, alice)) {
            JsonNode signedUp = ok(app.call("signUp", r -> r.put("password", PASSWORD)
                    .set("attributes", r.objectNode().put("email", address))));
            assertThat(signedUp.path("userConfirmed").asBoolean(true)).isFalse();
            assertThat(signedUp.path("userSub").asText()).hasSize(36);
            assertThat(signedUp.path("codeDeliveryDetails").path("DeliveryMedium").asText()).isEqualTo("EMAIL");
            assertThat(signedUp.path("codeDeliveryDetails").path("AttributeName").asText()).isEqualTo("email");
            assertThat(signedUp.path("codeDeliveryDetails").path("Destination").asText()).isEqualTo("a***@e***");

            String confirmation = code(newMailTo(address, 0));
            assertThat(ok(app.call("confirmRegistration", r -> r.put("code", confirmation))).asText()).isEqualTo("SUCCESS");
            assertThat(pool.status(alice)).isEqualTo(UserStatusType.CONFIRMED);

            JsonNode tokens = ok(app.call("authenticateUser", r -> r.put("password", PASSWORD)));
            var id = SignedJWT.parse(tokens.path("idToken").asText()).getJWTClaimsSet();
            assertThat(id.getStringClaim("cognito:username")).isEqualTo(alice);
            assertThat(id.getStringClaim("email")).isEqualTo(address);
            assertThat(id.getBooleanClaim("email_verified")).isTrue();
            assertThat(id.getSubject()).isEqualTo(signedUp.path("userSub").asText());

            assertThat(ok(app.call("changePassword", r -> r.put("oldPassword", PASSWORD)
                    .put("newPassword", CHANGED_PASSWORD))).asText()).isEqualTo("SUCCESS");

            int seen = mailsTo(address).size();
            JsonNode forgot = ok(app.call("forgotPassword"));
            assertThat(forgot.path("CodeDeliveryDetails").path("DeliveryMedium").asText()).isEqualTo("EMAIL");
            String reset = code(newMailTo(address, seen));
            assertThat(ok(app.call("confirmPassword", r -> r.put("code", reset).put("newPassword", RESET_PASSWORD)))
                    .asText()).isEqualTo("SUCCESS");
            assertThat(app.call("confirmPassword", r -> r.put("code", reset).put("newPassword", "Another-Horse-4"))
                    .path("error").asText()).isIn("ExpiredCodeException", "CodeMismatchException");

            JsonNode refused = app.call("authenticateUser", r -> r.put("password", CHANGED_PASSWORD));
            assertThat(refused.path("error").asText()).as(refused.toString()).isEqualTo("NotAuthorizedException");
            ok(app.call("authenticateUser", r -> r.put("password", RESET_PASSWORD)));

            String newAddress = email(uniqueName("alice-new"));
            JsonNode updated = ok(app.call("updateAttributes", r -> r.set("attributes", r.objectNode()
                    .put("email", newAddress).put("given_name", "Alice"))));
            assertThat(updated.path("result").asText()).isEqualTo("SUCCESS");
            assertThat(updated.path("details").path("CodeDeliveryDetailsList").get(0).path("AttributeName").asText())
                    .isEqualTo("email");
            newMailTo(newAddress, 0);
            JsonNode resent = ok(app.call("getAttributeVerificationCode", r -> r.put("name", "email")));
            assertThat(resent.path("CodeDeliveryDetails").path("Destination").asText()).startsWith("a***@");
            String verification = code(newMailTo(newAddress, 1));
            assertThat(ok(app.call("verifyAttribute", r -> r.put("name", "email").put("code", verification))).asText())
                    .isEqualTo("SUCCESS");
            JsonNode attributes = ok(app.call("getUserAttributes"));
            assertThat(attributes.path("email").asText()).isEqualTo(newAddress);
            assertThat(attributes.path("email_verified").asText()).isEqualTo("true");
            assertThat(attributes.path("given_name").asText()).isEqualTo("Alice");
            assertThat(ok(app.call("refreshSession")).path("accessToken").asText()).isNotBlank();

            assertThat(ok(app.call("deleteUser")).asText()).isEqualTo("SUCCESS");
            assertThatThrownBy(() -> pool.status(alice)).isInstanceOf(UserNotFoundException.class);
            assertThat(app.call("authenticateUser", r -> r.put("password", RESET_PASSWORD)).path("error").asText())
                    .isIn("UserNotFoundException", "NotAuthorizedException");
        }
    }

    /** Amplify's usual pool: the e-mail address is the sign-in name, the username a generated sub. */
    @Test
    void inAPoolThatSignsInWithEmailTheLifeRunsByAddressAndTheNewAddressSignsIn() throws Exception {
        MailedPool pool = MailedPool.create(backend, r -> r.usernameAttributes(UsernameAttributeType.EMAIL));
        String clientId = pool.client();
        String address = email(uniqueName("erin"));
        String newAddress = email(uniqueName("erin-new"));

        try (NodeScript app = NodeScript.start("self-service.js", pool.server.endpoint().toString(), pool.poolId,
                clientId, address)) {
            String sub = ok(app.call("signUp", r -> r.put("password", PASSWORD)
                    .set("attributes", r.objectNode().put("email", address)))).path("userSub").asText();
            String confirmation = code(newMailTo(address, 0));
            ok(app.call("confirmRegistration", r -> r.put("code", confirmation)));
            var id = SignedJWT.parse(ok(app.call("authenticateUser", r -> r.put("password", PASSWORD)))
                    .path("idToken").asText()).getJWTClaimsSet();
            assertThat(id.getStringClaim("cognito:username")).isEqualTo(sub);

            ok(app.call("forgotPassword"));
            String reset = code(newMailTo(address, 1));
            ok(app.call("confirmPassword", r -> r.put("code", reset).put("newPassword", RESET_PASSWORD)));
            ok(app.call("authenticateUser", r -> r.put("password", RESET_PASSWORD)));

            ok(app.call("updateAttributes", r -> r.set("attributes", r.objectNode().put("email", newAddress))));
            String verification = code(newMailTo(newAddress, 0));
            ok(app.call("verifyAttribute", r -> r.put("name", "email").put("code", verification)));
            assertThat(ok(app.call("getUserAttributes")).path("email").asText()).isEqualTo(newAddress);
        }
        try (NodeScript app = NodeScript.start("self-service.js", pool.server.endpoint().toString(), pool.poolId,
                clientId, newAddress)) {
            ok(app.call("authenticateUser", r -> r.put("password", RESET_PASSWORD)));
            assertThat(ok(app.call("deleteUser")).asText()).isEqualTo("SUCCESS");
        }
    }

    private static JsonNode ok(JsonNode answer) {
        assertThat(answer.has("ok")).as(answer.toString()).isTrue();
        return answer.get("ok");
    }
}

package dev.cognate.admin.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.testing.Backend;
import dev.cognate.testing.RawAdminRequest;
import dev.cognate.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Malformed requests to the native-user operations are client errors in the AWS shape, never a 500. */
class NativeUserBadInputTest {
    static final List<String> PUBLIC = List.of("SignUp", "ConfirmSignUp", "ResendConfirmationCode", "ForgotPassword",
            "ConfirmForgotPassword", "ChangePassword", "UpdateUserAttributes", "DeleteUserAttributes",
            "GetUserAttributeVerificationCode", "VerifyUserAttribute", "DeleteUser", "GetTokensFromRefreshToken");
    static final List<String> SIGNED = List.of("AdminConfirmSignUp", "AdminResetUserPassword");
    static final List<String> BODIES = List.of("{}", "{\"ClientId\":null,\"Username\":null}",
            "{\"ClientId\":7,\"Username\":[],\"AccessToken\":{}}",
            "{\"ClientId\":\"nosuchclient\",\"Username\":\"u\",\"Password\":\"p\",\"ConfirmationCode\":\"1\","
                    + "\"UserAttributes\":[null],\"AccessToken\":\"a.b.c\",\"AttributeName\":\"email\",\"Code\":\"1\","
                    + "\"UserAttributeNames\":[null],\"RefreshToken\":\"x\",\"PreviousPassword\":\"p\",\"ProposedPassword\":\"p\"}",
            "{\"UserPoolId\":\"us-east-1_Nope00000\",\"Username\":\"" + "u".repeat(500) + "\"}",
            "[1,2]", "not json");

    @Test
    void malformedRequestsAreClientErrors() {
        TestServer server = TestServer.shared(Backend.SQLITE);
        for (String operation : PUBLIC) {
            for (String body : BODIES) {
                RawAdminRequest.Response response = RawAdminRequest.to(server, operation).unsigned().body(body).send();
                assertThat(response.status()).as(operation + " " + body).isEqualTo(400);
                assertThat(response.type()).as(operation + " " + body).endsWith("Exception");
            }
        }
        for (String operation : SIGNED) {
            for (String body : BODIES) {
                RawAdminRequest.Response response = RawAdminRequest.to(server, operation).body(body).send();
                assertThat(response.status()).as(operation + " " + body).isEqualTo(400);
                assertThat(response.type()).as(operation + " " + body).endsWith("Exception");
            }
        }
    }
}

package dev.cognate.admin.auth;

import static dev.cognate.admin.auth.SignInPool.PASSWORD;
import static dev.cognate.admin.auth.SignInPool.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cognate.testing.Backend;
import dev.cognate.testing.TotpTestCodes;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifySoftwareTokenResponseType;

/**
 * Remembered devices against amazon-cognito-identity-js (src/test/node/device-sign-in.js): the
 * library confirms the device a TOTP sign-in handed out, marks it remembered, and its next
 * sign-in proves the device (DEVICE_SRP_AUTH) instead of asking for a code; its refresh names the
 * device, as a refresh token bound to one must.
 */
class DeviceIdentityJsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void installTheLibrary() throws Exception {
        SrpAmplifyClientTest.installTheLibrary();
    }

    @Test
    void theLibrarysRememberedDeviceSignsInWithoutTheUsersTotpCode() throws Exception {
        SignInPool pool = SignInPool.create(Backend.SQLITE, r -> r.deviceConfiguration(d -> d
                .challengeRequiredOnNewDevice(true).deviceOnlyRememberedOnUserPrompt(true)));
        String clientId = pool.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_SRP_AUTH,
                ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH, ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)).clientId();
        String alice = pool.confirmedUser(uniqueName("alice"));
        String accessToken = pool.tokens(clientId, alice).accessToken();
        String secret = pool.cognito.associateSoftwareToken(r -> r.accessToken(accessToken)).secretCode();
        // verified with the previous step's code, so the library's sign-in can use the current one
        assertThat(pool.cognito.verifySoftwareToken(r -> r.accessToken(accessToken)
                .userCode(TotpTestCodes.at(secret, Instant.now().minusSeconds(30)))).status())
                .isEqualTo(VerifySoftwareTokenResponseType.SUCCESS);
        pool.cognito.adminSetUserMFAPreference(r -> r.userPoolId(pool.poolId).username(alice)
                .softwareTokenMfaSettings(s -> s.enabled(true).preferredMfa(true)));

        var run = SrpAmplifyClientTest.run(List.of("node", "device-sign-in.js", pool.server.endpoint().toString(),
                pool.poolId, clientId, alice, PASSWORD, secret), 60);
        assertThat(run.exitCode()).as(run.output()).isZero();
        JsonNode result = JSON.readTree(run.output().strip().lines().reduce((a, b) -> b).orElse(""));
        assertThat(result.has("error")).as(result.toString()).isFalse();
        String deviceKey = result.get("deviceKey").asText();
        assertThat(deviceKey).startsWith("us-east-1_");
        assertThat(result.get("devices")).extracting(JsonNode::asText).containsExactly(deviceKey);
        assertThat(result.get("secondDeviceKey").asText()).isEqualTo(deviceKey);
        assertThat(pool.verify(result.get("secondAccessToken").asText()).getStringClaim("username")).isEqualTo(alice);
        assertThat(result.get("refreshedDeviceKey").asText()).as("the refresh sent the device's key").isEqualTo(deviceKey);
    }
}

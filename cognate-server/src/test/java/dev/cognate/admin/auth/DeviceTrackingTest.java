package dev.cognate.admin.auth;

import static dev.cognate.admin.auth.SignInPool.PASSWORD;
import static dev.cognate.admin.auth.SignInPool.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.testing.Backend;
import dev.cognate.testing.SrpTestClient;
import dev.cognate.testing.SrpTestClient.DeviceSecret;
import dev.cognate.testing.TotpTestCodes;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.DeviceConfigurationType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.DeviceRememberedStatusType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.DeviceType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.FeatureType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NewDeviceMetadataType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RespondToAuthChallengeResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifySoftwareTokenResponseType;

/**
 * Device tracking ("remember this device") through the AWS SDK: a sign-in in a pool with a
 * DeviceConfiguration hands out a device (NewDeviceMetadata), the app confirms it with the
 * device's SRP verifier, and a remembered device then proves itself (DEVICE_SRP_AUTH,
 * DEVICE_PASSWORD_VERIFIER) instead of the user's second factor.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class DeviceTrackingTest {
    @Parameter
    Backend backend;

    SignInPool pool;
    String clientId;

    void pool(Consumer<DeviceConfigurationType.Builder> devices) {
        pool = SignInPool.create(backend, r -> r.deviceConfiguration(d -> devices.accept(d)));
        clientId = pool.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH,
                ExplicitAuthFlowsType.ALLOW_USER_SRP_AUTH, ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)).clientId();
    }

    void rememberedDevicesSkipMfa() {
        pool(d -> d.challengeRequiredOnNewDevice(true).deviceOnlyRememberedOnUserPrompt(false));
    }

    /** A sign-in's new device confirmed with a fresh secret, as amazon-cognito-identity-js does after a sign-in. */
    DeviceSecret confirmedDevice(AuthenticationResultType tokens, boolean expectPrompt) {
        NewDeviceMetadataType handedOut = tokens.newDeviceMetadata();
        DeviceSecret device = SrpTestClient.deviceSecret(handedOut.deviceGroupKey(), handedOut.deviceKey());
        boolean prompt = pool.cognito.confirmDevice(r -> r.accessToken(tokens.accessToken()).deviceKey(device.deviceKey())
                .deviceName("Alice's laptop")
                .deviceSecretVerifierConfig(v -> v.passwordVerifier(device.passwordVerifier()).salt(device.salt())))
                .userConfirmationNecessary();
        assertThat(prompt).isEqualTo(expectPrompt);
        return device;
    }

    /** Turns TOTP on for the user, verified with the current code. */
    void totpOn(String username, String accessToken) {
        String secret = pool.cognito.associateSoftwareToken(r -> r.accessToken(accessToken)).secretCode();
        assertThat(pool.cognito.verifySoftwareToken(r -> r.accessToken(accessToken)
                .userCode(TotpTestCodes.at(secret, Instant.now()))).status())
                .isEqualTo(VerifySoftwareTokenResponseType.SUCCESS);
        pool.cognito.adminSetUserMFAPreference(r -> r.userPoolId(pool.poolId).username(username)
                .softwareTokenMfaSettings(s -> s.enabled(true).preferredMfa(true)));
    }

    InitiateAuthResponse signInWithDevice(String username, String deviceKey) {
        return pool.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", PASSWORD, "DEVICE_KEY", deviceKey)));
    }

    /** DEVICE_SRP_AUTH: the device's SRP_A; the answer is the DEVICE_PASSWORD_VERIFIER challenge. */
    RespondToAuthChallengeResponse deviceSrpAuth(String session, String username, String deviceKey, SrpTestClient srp) {
        return pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId).challengeName(ChallengeNameType.DEVICE_SRP_AUTH)
                .session(session).challengeResponses(Map.of("USERNAME", username, "DEVICE_KEY", deviceKey,
                        "SRP_A", srp.srpA())));
    }

    RespondToAuthChallengeResponse devicePasswordVerifier(String session, Map<String, String> claim) {
        return pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.DEVICE_PASSWORD_VERIFIER).session(session).challengeResponses(claim));
    }

    /** The whole device proof after the password: DEVICE_SRP_AUTH, then DEVICE_PASSWORD_VERIFIER. */
    RespondToAuthChallengeResponse proveDevice(InitiateAuthResponse afterPassword, String username, DeviceSecret device) {
        assertThat(afterPassword.challengeName()).isEqualTo(ChallengeNameType.DEVICE_SRP_AUTH);
        SrpTestClient srp = new SrpTestClient();
        RespondToAuthChallengeResponse verifier = deviceSrpAuth(afterPassword.session(), username, device.deviceKey(), srp);
        assertThat(verifier.challengeName()).isEqualTo(ChallengeNameType.DEVICE_PASSWORD_VERIFIER);
        return devicePasswordVerifier(verifier.session(), srp.deviceClaim(device, username, verifier.challengeParameters()));
    }

    @Test
    void aPoolWithoutADeviceConfigurationHandsOutNoDevice() throws Exception {
        pool = SignInPool.create(backend);
        clientId = pool.publicClient();
        String alice = pool.confirmedUser(uniqueName("alice"));
        AuthenticationResultType tokens = pool.tokens(clientId, alice);
        assertThat(tokens.newDeviceMetadata()).isNull();
        assertThat(pool.verify(tokens.accessToken()).getClaim("device_key")).isNull();
    }

    @Test
    void aSignInHandsOutANewDeviceWhoseKeyTheAccessTokenCarries() throws Exception {
        rememberedDevicesSkipMfa();
        String alice = pool.confirmedUser(uniqueName("alice"));
        AuthenticationResultType tokens = pool.tokens(clientId, alice);
        NewDeviceMetadataType device = tokens.newDeviceMetadata();
        assertThat(device.deviceKey()).matches("us-east-1_[0-9a-f-]{36}");
        assertThat(device.deviceGroupKey()).isNotBlank();
        assertThat(pool.verify(tokens.accessToken()).getStringClaim("device_key")).isEqualTo(device.deviceKey());
        assertThat(pool.tokens(clientId, alice).newDeviceMetadata().deviceKey()).as("each sign-in without one, anew")
                .isNotEqualTo(device.deviceKey());
        assertThat(pool.cognito.adminListDevices(r -> r.userPoolId(pool.poolId).username(alice)).devices())
                .as("listed once confirmed").isEmpty();
    }

    @Test
    void aConfirmedDeviceIsListedAndDescribedWithItsNameAndRememberedStatus() {
        rememberedDevicesSkipMfa();
        String alice = pool.confirmedUser(uniqueName("alice"));
        AuthenticationResultType tokens = pool.tokens(clientId, alice);
        DeviceSecret device = confirmedDevice(tokens, false);

        DeviceType described = pool.cognito.getDevice(r -> r.accessToken(tokens.accessToken())
                .deviceKey(device.deviceKey())).device();
        Map<String, String> attributes = new LinkedHashMap<>();
        described.deviceAttributes().forEach(a -> attributes.put(a.name(), a.value()));
        assertThat(attributes).containsEntry("device_name", "Alice's laptop")
                .containsEntry("dev:device_remembered_status", "remembered")
                .containsEntry("device_status", "valid");
        assertThat(described.deviceCreateDate()).isNotNull();
        assertThat(pool.cognito.listDevices(r -> r.accessToken(tokens.accessToken())).devices())
                .extracting(DeviceType::deviceKey).containsExactly(device.deviceKey());
        assertThat(pool.cognito.adminGetDevice(r -> r.userPoolId(pool.poolId).username(alice)
                .deviceKey(device.deviceKey())).device().deviceKey()).isEqualTo(device.deviceKey());
    }

    @Test
    void aRememberedDeviceSignsInWithItsOwnProofInsteadOfTheUsersTotp() throws Exception {
        rememberedDevicesSkipMfa();
        String alice = pool.confirmedUser(uniqueName("alice"));
        AuthenticationResultType first = pool.tokens(clientId, alice);
        DeviceSecret device = confirmedDevice(first, false);
        totpOn(alice, first.accessToken());

        assertThat(pool.signIn(clientId, alice, PASSWORD).challengeName()).as("without the device")
                .isEqualTo(ChallengeNameType.SOFTWARE_TOKEN_MFA);
        RespondToAuthChallengeResponse signedIn = proveDevice(signInWithDevice(alice, device.deviceKey()), alice, device);
        AuthenticationResultType tokens = signedIn.authenticationResult();
        assertThat(tokens.newDeviceMetadata()).as("the device is known").isNull();
        assertThat(pool.verify(tokens.accessToken()).getStringClaim("device_key")).isEqualTo(device.deviceKey());
        assertThat(pool.cognito.getDevice(r -> r.accessToken(tokens.accessToken()).deviceKey(device.deviceKey()))
                .device().deviceLastAuthenticatedDate()).isNotNull();
    }

    @Test
    void theDeviceProofFollowsAnSrpSignInAsAmplifySendsIt() throws Exception {
        rememberedDevicesSkipMfa();
        String alice = pool.confirmedUser(uniqueName("alice"));
        DeviceSecret device = confirmedDevice(pool.tokens(clientId, alice), false);

        SrpTestClient srp = new SrpTestClient();
        InitiateAuthResponse challenge = pool.cognito.initiateAuth(r -> r.clientId(clientId)
                .authFlow(AuthFlowType.USER_SRP_AUTH)
                .authParameters(Map.of("USERNAME", alice, "SRP_A", srp.srpA(), "DEVICE_KEY", device.deviceKey())));
        Map<String, String> claim = new LinkedHashMap<>(srp.claim(pool.poolId, PASSWORD, challenge.challengeParameters()));
        claim.put("DEVICE_KEY", device.deviceKey());
        RespondToAuthChallengeResponse afterPassword = pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.PASSWORD_VERIFIER).challengeResponses(claim));
        assertThat(afterPassword.challengeName()).as("no MFA owed: the device still proves itself")
                .isEqualTo(ChallengeNameType.DEVICE_SRP_AUTH);
        SrpTestClient deviceSrp = new SrpTestClient();
        RespondToAuthChallengeResponse verifier = deviceSrpAuth(afterPassword.session(), alice, device.deviceKey(),
                deviceSrp);
        AuthenticationResultType tokens = devicePasswordVerifier(verifier.session(),
                deviceSrp.deviceClaim(device, alice, verifier.challengeParameters())).authenticationResult();
        assertThat(pool.verify(tokens.idToken()).getStringClaim("cognito:username")).isEqualTo(alice);
    }

    @Test
    void theTokensOfARefreshNameTheDeviceOfTheSignIn() throws Exception {
        rememberedDevicesSkipMfa();
        String alice = pool.confirmedUser(uniqueName("alice"));
        AuthenticationResultType first = pool.tokens(clientId, alice);
        String handedOut = first.newDeviceMetadata().deviceKey();
        DeviceSecret device = confirmedDevice(first, false);
        assertThat(pool.verify(refresh(first.refreshToken(), handedOut).accessToken())
                .getStringClaim("device_key")).isEqualTo(handedOut);

        AuthenticationResultType withDevice = proveDevice(signInWithDevice(alice, device.deviceKey()), alice, device)
                .authenticationResult();
        AuthenticationResultType refreshed = pool.cognito.initiateAuth(r -> r.clientId(clientId)
                .authFlow(AuthFlowType.REFRESH_TOKEN_AUTH).authParameters(Map.of("REFRESH_TOKEN",
                        withDevice.refreshToken(), "DEVICE_KEY", device.deviceKey()))).authenticationResult();
        assertThat(refreshed.newDeviceMetadata()).isNull();
        assertThat(pool.verify(refreshed.accessToken()).getStringClaim("device_key")).isEqualTo(device.deviceKey());
    }

    @Test
    void anAttackerWithThePasswordAndTheDeviceKeyButNotTheDeviceSecretDoesNotSkipMfa() {
        rememberedDevicesSkipMfa();
        String alice = pool.confirmedUser(uniqueName("alice"));
        AuthenticationResultType first = pool.tokens(clientId, alice);
        DeviceSecret device = confirmedDevice(first, false);
        totpOn(alice, first.accessToken());

        DeviceSecret guessed = new DeviceSecret(device.groupKey(), device.deviceKey(), "not-the-device-password",
                device.salt(), device.passwordVerifier());
        assertThatThrownBy(() -> proveDevice(signInWithDevice(alice, device.deviceKey()), alice, guessed))
                .isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void aDevicePasswordVerifierSessionIsAnsweredOnce() {
        rememberedDevicesSkipMfa();
        String alice = pool.confirmedUser(uniqueName("alice"));
        DeviceSecret device = confirmedDevice(pool.tokens(clientId, alice), false);

        SrpTestClient srp = new SrpTestClient();
        RespondToAuthChallengeResponse verifier = deviceSrpAuth(signInWithDevice(alice, device.deviceKey()).session(),
                alice, device.deviceKey(), srp);
        Map<String, String> claim = srp.deviceClaim(device, alice, verifier.challengeParameters());
        assertThat(devicePasswordVerifier(verifier.session(), claim).authenticationResult()).isNotNull();
        assertThatThrownBy(() -> devicePasswordVerifier(verifier.session(), claim))
                .isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void aDeviceProofWithABadSrpAOrWithoutItsDeviceKeyIsAnInvalidParameter() {
        rememberedDevicesSkipMfa();
        String alice = pool.confirmedUser(uniqueName("alice"));
        DeviceSecret device = confirmedDevice(pool.tokens(clientId, alice), false);
        for (String srpA : List.of("0", SrpTestClient.multipleOfN(1), "not-hex")) {
            String session = signInWithDevice(alice, device.deviceKey()).session();
            assertThatThrownBy(() -> pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                    .challengeName(ChallengeNameType.DEVICE_SRP_AUTH).session(session).challengeResponses(Map.of(
                            "USERNAME", alice, "DEVICE_KEY", device.deviceKey(), "SRP_A", srpA))))
                    .as(srpA).isInstanceOf(InvalidParameterException.class);
        }
        String session = signInWithDevice(alice, device.deviceKey()).session();
        assertThatThrownBy(() -> pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.DEVICE_SRP_AUTH).session(session)
                .challengeResponses(Map.of("USERNAME", alice, "SRP_A", new SrpTestClient().srpA()))))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void aDeviceRememberedOnlyOnPromptOwesTheSecondFactorUntilTheUserRemembersIt() {
        pool(d -> d.challengeRequiredOnNewDevice(true).deviceOnlyRememberedOnUserPrompt(true));
        String alice = pool.confirmedUser(uniqueName("alice"));
        AuthenticationResultType first = pool.tokens(clientId, alice);
        DeviceSecret device = confirmedDevice(first, true);
        totpOn(alice, first.accessToken());

        assertThat(signInWithDevice(alice, device.deviceKey()).challengeName())
                .isEqualTo(ChallengeNameType.SOFTWARE_TOKEN_MFA);
        pool.cognito.updateDeviceStatus(r -> r.accessToken(first.accessToken()).deviceKey(device.deviceKey())
                .deviceRememberedStatus(DeviceRememberedStatusType.REMEMBERED));
        assertThat(proveDevice(signInWithDevice(alice, device.deviceKey()), alice, device).authenticationResult())
                .isNotNull();
        pool.cognito.adminUpdateDeviceStatus(r -> r.userPoolId(pool.poolId).username(alice).deviceKey(device.deviceKey())
                .deviceRememberedStatus(DeviceRememberedStatusType.NOT_REMEMBERED));
        assertThat(signInWithDevice(alice, device.deviceKey()).challengeName()).as("forgotten by the admin")
                .isEqualTo(ChallengeNameType.SOFTWARE_TOKEN_MFA);
    }

    @Test
    void aPoolWhoseRememberedDevicesDoNotSkipMfaAsksForTheSecondFactor() {
        pool(d -> d.challengeRequiredOnNewDevice(false).deviceOnlyRememberedOnUserPrompt(false));
        String alice = pool.confirmedUser(uniqueName("alice"));
        AuthenticationResultType first = pool.tokens(clientId, alice);
        DeviceSecret device = confirmedDevice(first, false);
        totpOn(alice, first.accessToken());
        assertThat(signInWithDevice(alice, device.deviceKey()).challengeName())
                .isEqualTo(ChallengeNameType.SOFTWARE_TOKEN_MFA);
    }

    AuthenticationResultType refresh(String refreshToken, String deviceKey) {
        return pool.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                .authParameters(Map.of("REFRESH_TOKEN", refreshToken, "DEVICE_KEY", deviceKey))).authenticationResult();
    }

    @Test
    void aRefreshTokenCopiedOffItsDeviceIsRefused() {
        rememberedDevicesSkipMfa();
        String alice = pool.confirmedUser(uniqueName("alice"));
        AuthenticationResultType signedIn = pool.tokens(clientId, alice);
        String device = confirmedDevice(signedIn, false).deviceKey();
        String otherDevice = confirmedDevice(pool.tokens(clientId, alice), false).deviceKey();

        assertThatThrownBy(() -> pool.refresh(clientId, signedIn.refreshToken()))
                .as("no DEVICE_KEY").isInstanceOf(NotAuthorizedException.class).hasMessageStartingWith("Invalid Refresh Token");
        assertThatThrownBy(() -> refresh(signedIn.refreshToken(), otherDevice))
                .as("another device's key").isInstanceOf(NotAuthorizedException.class)
                .hasMessageStartingWith("Invalid Refresh Token");
        assertThatThrownBy(() -> pool.cognito.getTokensFromRefreshToken(r -> r.clientId(clientId)
                .refreshToken(signedIn.refreshToken())))
                .as("GetTokensFromRefreshToken without DeviceKey").isInstanceOf(NotAuthorizedException.class);
        assertThatThrownBy(() -> pool.cognito.getTokensFromRefreshToken(r -> r.clientId(clientId)
                .refreshToken(signedIn.refreshToken()).deviceKey("not a device key")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("deviceKey");
        assertThatThrownBy(() -> refresh(signedIn.refreshToken(), "x".repeat(10_000)))
                .as("an oversized DEVICE_KEY").isInstanceOf(NotAuthorizedException.class);
        assertThat(refresh(signedIn.refreshToken(), device).accessToken()).isNotNull();
        assertThat(pool.cognito.adminInitiateAuth(r -> r.userPoolId(pool.poolId).clientId(clientId)
                .authFlow(AuthFlowType.REFRESH_TOKEN_AUTH).authParameters(Map.of("REFRESH_TOKEN", signedIn.refreshToken(),
                        "DEVICE_KEY", device))).authenticationResult().accessToken()).as("the admin flow").isNotNull();
        assertThatThrownBy(() -> pool.cognito.adminInitiateAuth(r -> r.userPoolId(pool.poolId).clientId(clientId)
                .authFlow(AuthFlowType.REFRESH_TOKEN_AUTH).authParameters(Map.of("REFRESH_TOKEN", signedIn.refreshToken()))))
                .as("the admin flow without DEVICE_KEY").isInstanceOf(NotAuthorizedException.class);
        assertThat(pool.cognito.getTokensFromRefreshToken(r -> r.clientId(clientId).refreshToken(signedIn.refreshToken())
                .deviceKey(device)).authenticationResult().accessToken()).as("Amplify's refresh").isNotNull();

        HttpResponse<String> withoutDevice = tokenEndpoint(Map.of("grant_type", "refresh_token", "client_id", clientId,
                "refresh_token", signedIn.refreshToken()));
        assertThat(withoutDevice.statusCode()).isEqualTo(400);
        assertThat(withoutDevice.body()).contains("invalid_grant");
        assertThat(tokenEndpoint(Map.of("grant_type", "refresh_token", "client_id", clientId,
                "refresh_token", signedIn.refreshToken(), "device_key", device)).statusCode()).isEqualTo(200);
    }

    HttpResponse<String> tokenEndpoint(Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(pool.server.endpoint().resolve("/oauth2/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aRefreshTokenOfADeviceNeverConfirmedWorksOnlyOnceTheAppConfirmsTheDevice() {
        rememberedDevicesSkipMfa();
        String alice = pool.confirmedUser(uniqueName("alice"));
        AuthenticationResultType signedIn = pool.tokens(clientId, alice);
        String handedOut = signedIn.newDeviceMetadata().deviceKey();

        assertThatThrownBy(() -> refresh(signedIn.refreshToken(), handedOut))
                .isInstanceOf(NotAuthorizedException.class).hasMessageStartingWith("Invalid Refresh Token");
        assertThatThrownBy(() -> pool.cognito.getTokensFromRefreshToken(r -> r.clientId(clientId)
                .refreshToken(signedIn.refreshToken()).deviceKey(handedOut)))
                .isInstanceOf(NotAuthorizedException.class).hasMessageStartingWith("Invalid Refresh Token");
        assertThat(tokenEndpoint(Map.of("grant_type", "refresh_token", "client_id", clientId,
                "refresh_token", signedIn.refreshToken(), "device_key", handedOut)).statusCode()).isEqualTo(400);

        confirmedDevice(signedIn, false);
        assertThat(refresh(signedIn.refreshToken(), handedOut).accessToken()).isNotNull();
    }

    @Test
    void forgettingALostDeviceEndsItsRefreshTokensButNotTheOtherDevices() {
        rememberedDevicesSkipMfa();
        String alice = pool.confirmedUser(uniqueName("alice"));
        AuthenticationResultType onLostPhone = pool.tokens(clientId, alice);
        DeviceSecret lostPhone = confirmedDevice(onLostPhone, false);
        AuthenticationResultType onLaptop = pool.tokens(clientId, alice);
        String laptop = confirmedDevice(onLaptop, false).deviceKey();

        pool.cognito.adminForgetDevice(r -> r.userPoolId(pool.poolId).username(alice).deviceKey(lostPhone.deviceKey()));

        assertThatThrownBy(() -> refresh(onLostPhone.refreshToken(), lostPhone.deviceKey()))
                .isInstanceOf(NotAuthorizedException.class).hasMessageStartingWith("Invalid Refresh Token");
        assertThat(refresh(onLaptop.refreshToken(), laptop).accessToken()).isNotNull();
    }

    @Test
    void aRotatedRefreshTokenStaysOnItsDeviceAndForgettingTheDeviceEndsTheOldAndTheNew() {
        rememberedDevicesSkipMfa();
        String rotating = pool.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH,
                        ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)
                .refreshTokenRotation(t -> t.feature(FeatureType.ENABLED).retryGracePeriodSeconds(60))).clientId();
        String alice = pool.confirmedUser(uniqueName("alice"));
        AuthenticationResultType signedIn = pool.tokens(rotating, alice);
        DeviceSecret device = confirmedDevice(signedIn, false);
        AuthenticationResultType rotated = pool.cognito.getTokensFromRefreshToken(r -> r.clientId(rotating)
                .refreshToken(signedIn.refreshToken()).deviceKey(device.deviceKey())).authenticationResult();
        assertThat(rotated.refreshToken()).isNotEqualTo(signedIn.refreshToken());

        assertThatThrownBy(() -> pool.cognito.getTokensFromRefreshToken(r -> r.clientId(rotating)
                .refreshToken(rotated.refreshToken()))).isInstanceOf(NotAuthorizedException.class);

        pool.cognito.forgetDevice(r -> r.accessToken(rotated.accessToken()).deviceKey(device.deviceKey()));
        for (String token : List.of(rotated.refreshToken(), signedIn.refreshToken())) {
            assertThatThrownBy(() -> pool.cognito.getTokensFromRefreshToken(r -> r.clientId(rotating)
                    .refreshToken(token).deviceKey(device.deviceKey())))
                    .isInstanceOf(NotAuthorizedException.class).hasMessageStartingWith("Invalid Refresh Token");
        }
    }

    @Test
    void aForgottenDeviceIsADeviceThatDoesNotExist() {
        rememberedDevicesSkipMfa();
        String alice = pool.confirmedUser(uniqueName("alice"));
        AuthenticationResultType tokens = pool.tokens(clientId, alice);
        DeviceSecret device = confirmedDevice(tokens, false);
        pool.cognito.forgetDevice(r -> r.accessToken(tokens.accessToken()).deviceKey(device.deviceKey()));

        assertThatThrownBy(() -> signInWithDevice(alice, device.deviceKey()))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageStartingWith("Device does not exist.");
        assertThat(pool.cognito.listDevices(r -> r.accessToken(tokens.accessToken())).devices()).isEmpty();
        assertThatThrownBy(() -> pool.cognito.adminForgetDevice(r -> r.userPoolId(pool.poolId).username(alice)
                .deviceKey(device.deviceKey()))).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void anotherUsersDeviceCannotBeUsedSeenOrForgotten() {
        rememberedDevicesSkipMfa();
        String alice = pool.confirmedUser(uniqueName("alice"));
        String mallory = pool.confirmedUser(uniqueName("mallory"));
        DeviceSecret alices = confirmedDevice(pool.tokens(clientId, alice), false);
        String mallorysToken = pool.tokens(clientId, mallory).accessToken();

        assertThatThrownBy(() -> proveDevice(signInWithDevice(mallory, alices.deviceKey()), mallory, alices))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> pool.cognito.getDevice(r -> r.accessToken(mallorysToken).deviceKey(alices.deviceKey())))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> pool.cognito.forgetDevice(r -> r.accessToken(mallorysToken).deviceKey(alices.deviceKey())))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> pool.cognito.updateDeviceStatus(r -> r.accessToken(mallorysToken)
                .deviceKey(alices.deviceKey()).deviceRememberedStatus(DeviceRememberedStatusType.NOT_REMEMBERED)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(pool.cognito.adminListDevices(r -> r.userPoolId(pool.poolId).username(alice)).devices()).hasSize(1);
    }

    @Test
    void aSecondConfirmationCannotReplaceTheDevicesVerifier() {
        rememberedDevicesSkipMfa();
        String alice = pool.confirmedUser(uniqueName("alice"));
        AuthenticationResultType tokens = pool.tokens(clientId, alice);
        DeviceSecret device = confirmedDevice(tokens, false);
        DeviceSecret attackers = SrpTestClient.deviceSecret(device.groupKey(), device.deviceKey());

        assertThatThrownBy(() -> pool.cognito.confirmDevice(r -> r.accessToken(tokens.accessToken())
                .deviceKey(device.deviceKey()).deviceSecretVerifierConfig(v -> v
                        .passwordVerifier(attackers.passwordVerifier()).salt(attackers.salt()))))
                .isInstanceOf(InvalidParameterException.class);
        assertThat(proveDevice(signInWithDevice(alice, device.deviceKey()), alice, device).authenticationResult())
                .as("the first verifier still holds").isNotNull();
    }

    @Test
    void aUserDeletedAndCreatedAgainUnderTheSameNameHasNoneOfTheOldDevices() {
        rememberedDevicesSkipMfa();
        String alice = pool.confirmedUser(uniqueName("alice"));
        DeviceSecret device = confirmedDevice(pool.tokens(clientId, alice), false);
        pool.cognito.adminDeleteUser(r -> r.userPoolId(pool.poolId).username(alice));
        pool.confirmedUser(alice);

        assertThatThrownBy(() -> signInWithDevice(alice, device.deviceKey()))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(pool.cognito.adminListDevices(r -> r.userPoolId(pool.poolId).username(alice)).devices()).isEmpty();
    }

    @Test
    void devicesArePagedAndBadInputIsAnInvalidParameter() {
        rememberedDevicesSkipMfa();
        String alice = pool.confirmedUser(uniqueName("alice"));
        for (int i = 0; i < 3; i++) {
            confirmedDevice(pool.tokens(clientId, alice), false);
        }
        var page = pool.cognito.adminListDevices(r -> r.userPoolId(pool.poolId).username(alice).limit(2));
        assertThat(page.devices()).hasSize(2);
        var rest = pool.cognito.adminListDevices(r -> r.userPoolId(pool.poolId).username(alice).limit(2)
                .paginationToken(page.paginationToken()));
        assertThat(rest.devices()).hasSize(1).extracting(DeviceType::deviceKey)
                .doesNotContainAnyElementsOf(page.devices().stream().map(DeviceType::deviceKey).toList());
        assertThat(rest.paginationToken()).isNull();

        assertThatThrownBy(() -> pool.cognito.adminListDevices(r -> r.userPoolId(pool.poolId).username(alice).limit(61)))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> pool.cognito.adminGetDevice(r -> r.userPoolId(pool.poolId).username(alice)
                .deviceKey("not a device key"))).isInstanceOf(InvalidParameterException.class);
        AuthenticationResultType tokens = pool.tokens(clientId, alice);
        assertThatThrownBy(() -> pool.cognito.confirmDevice(r -> r.accessToken(tokens.accessToken())
                .deviceKey(tokens.newDeviceMetadata().deviceKey())
                .deviceSecretVerifierConfig(v -> v.passwordVerifier("AA==").salt("AQ=="))))
                .as("a verifier of zero would let any proof pass").isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void aDeviceKeyGivenToAPoolThatTracksNoDevicesIsIgnored() {
        pool = SignInPool.create(backend);
        clientId = pool.publicClient();
        String alice = pool.confirmedUser(uniqueName("alice"));
        assertThat(signInWithDevice(alice, "us-east-1_00000000-0000-0000-0000-000000000000").authenticationResult())
                .isNotNull();
    }
}

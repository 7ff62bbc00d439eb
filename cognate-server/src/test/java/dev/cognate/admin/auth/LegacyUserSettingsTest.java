package dev.cognate.admin.auth;

import static dev.cognate.admin.auth.SignInPool.PASSWORD;
import static dev.cognate.admin.auth.SignInPool.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.testing.Backend;
import dev.cognate.testing.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.DeliveryMediumType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MFAOptionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;

/**
 * SetUserSettings and AdminSetUserSettings, the legacy MFAOptions: in Cognito they configure
 * only SMS MFA. Cognate sends no text messages, so asking for SMS (or e-mail) MFA this way is
 * refused with a message that names the way that works, rather than stored as if it protected
 * the user; an empty list, or an option that removes MFA from an attribute, is accepted.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class LegacyUserSettingsTest {
    @Parameter
    Backend backend;

    SignInPool pool;
    String clientId;

    @BeforeEach
    void createPool() {
        pool = SignInPool.on(TestServer.shared(backend), r -> { });
        clientId = pool.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH,
                ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)).clientId();
    }

    @Test
    void smsMfaCannotBeSwitchedOnInAPoolThatDoesNotOfferItAndTheUserStillSignsInWithoutAChallenge() {
        String alice = uniqueName("alice");
        pool.confirmedUser(alice);
        String accessToken = pool.tokens(clientId, alice).accessToken();
        MFAOptionType sms = MFAOptionType.builder().deliveryMedium(DeliveryMediumType.SMS).attributeName("phone_number").build();
        assertThatThrownBy(() -> pool.cognito.setUserSettings(r -> r.accessToken(accessToken).mfaOptions(sms)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("SMS MFA is not configured");
        assertThatThrownBy(() -> pool.cognito.adminSetUserSettings(r -> r.userPoolId(pool.poolId).username(alice).mfaOptions(sms)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("SMS MFA is not configured");
        MFAOptionType email = MFAOptionType.builder().deliveryMedium(DeliveryMediumType.EMAIL).attributeName("email").build();
        assertThatThrownBy(() -> pool.cognito.setUserSettings(r -> r.accessToken(accessToken).mfaOptions(email)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("SetUserMFAPreference");
        assertThat(pool.signIn(clientId, alice, PASSWORD).challengeName()).isNotEqualTo(ChallengeNameType.SMS_MFA);
    }

    @Test
    void noSmsMfaIsWhatTheUserHasSoRemovingItSucceeds() {
        String bob = uniqueName("bob");
        pool.confirmedUser(bob);
        String accessToken = pool.tokens(clientId, bob).accessToken();
        pool.cognito.setUserSettings(r -> r.accessToken(accessToken).mfaOptions(java.util.List.of()));
        pool.cognito.adminSetUserSettings(r -> r.userPoolId(pool.poolId).username(bob)
                .mfaOptions(MFAOptionType.builder().attributeName("phone_number").build()));
        assertThat(pool.cognito.adminGetUser(r -> r.userPoolId(pool.poolId).username(bob)).mfaOptions()).isEmpty();
    }

    @Test
    void theCallerMustBeSignedInOrTheUserMustExist() {
        assertThatThrownBy(() -> pool.cognito.setUserSettings(r -> r.accessToken("not-a-token").mfaOptions(java.util.List.of())))
                .isInstanceOf(NotAuthorizedException.class);
        assertThatThrownBy(() -> pool.cognito.adminSetUserSettings(r -> r.userPoolId(pool.poolId).username("nobody")
                .mfaOptions(java.util.List.of()))).isInstanceOf(UserNotFoundException.class);
    }
}

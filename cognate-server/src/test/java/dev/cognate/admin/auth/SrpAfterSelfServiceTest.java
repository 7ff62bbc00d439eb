package dev.cognate.admin.auth;

import static dev.cognate.admin.auth.SignInPool.PASSWORD;
import static dev.cognate.admin.auth.SignInPool.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.testing.Backend;
import dev.cognate.testing.SrpTestClient;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RespondToAuthChallengeResponse;

/**
 * An app that signs in with USER_SRP_AUTH only (Amplify's default) keeps working after the user
 * signs up or changes the password through the user API: every password stored leaves its verifier.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class SrpAfterSelfServiceTest {
    static final String NEW_PASSWORD = "Another-Horse-2";

    @Parameter
    Backend backend;

    SignInPool pool;
    String clientId;

    @BeforeEach
    void createPool() {
        pool = SignInPool.create(backend);
        clientId = pool.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_SRP_AUTH,
                ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)).clientId();
    }

    RespondToAuthChallengeResponse srpSignIn(String username, String password) {
        SrpTestClient srp = new SrpTestClient();
        InitiateAuthResponse challenge = pool.cognito.initiateAuth(r -> r.clientId(clientId)
                .authFlow(AuthFlowType.USER_SRP_AUTH).authParameters(Map.of("USERNAME", username, "SRP_A", srp.srpA())));
        return pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.PASSWORD_VERIFIER).session(challenge.session())
                .challengeResponses(srp.claim(pool.poolId, password, challenge.challengeParameters())));
    }

    @Test
    void aUserWhoSignedUpSignsInWithSrp() {
        String name = uniqueName("signup");
        pool.cognito.signUp(r -> r.clientId(clientId).username(name).password(PASSWORD));
        pool.cognito.adminConfirmSignUp(r -> r.userPoolId(pool.poolId).username(name));
        assertThat(srpSignIn(name, PASSWORD).authenticationResult().accessToken()).isNotBlank();
    }

    @Test
    void aChangedPasswordSignsInWithSrpAndTheOldOneNoLonger() {
        String name = uniqueName("change");
        pool.cognito.signUp(r -> r.clientId(clientId).username(name).password(PASSWORD));
        pool.cognito.adminConfirmSignUp(r -> r.userPoolId(pool.poolId).username(name));
        String accessToken = srpSignIn(name, PASSWORD).authenticationResult().accessToken();

        pool.cognito.changePassword(r -> r.accessToken(accessToken).previousPassword(PASSWORD).proposedPassword(NEW_PASSWORD));

        assertThat(srpSignIn(name, NEW_PASSWORD).authenticationResult().accessToken()).isNotBlank();
        assertThatThrownBy(() -> srpSignIn(name, PASSWORD)).isInstanceOf(NotAuthorizedException.class);
    }
}

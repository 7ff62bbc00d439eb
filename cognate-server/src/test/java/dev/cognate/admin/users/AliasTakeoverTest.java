package dev.cognate.admin.users;

import static dev.cognate.admin.users.MailedPool.PASSWORD;
import static dev.cognate.admin.users.MailedPool.code;
import static dev.cognate.admin.users.MailedPool.email;
import static dev.cognate.admin.users.MailedPool.newMailTo;
import static dev.cognate.admin.users.MailedPool.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.testing.Backend;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AliasAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AliasExistsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;

/**
 * Alias takeover (security.md): in a pool that signs in by e-mail alias, an address another user
 * holds verified stays theirs. An unverified copy of it, however it got there (a user's own
 * update, a sign-up, an administrator), is no sign-in name and cannot be confirmed into one
 * without ForceAliasCreation.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class AliasTakeoverTest {
    static final String ATTACKER_PASSWORD = "Attacker-Horse-9";

    @Parameter
    Backend backend;

    MailedPool pool;
    String client;
    String bob;
    String victimAddress;

    @BeforeEach
    void aVictimWithAVerifiedEmail() {
        pool = MailedPool.create(backend, r -> r.aliasAttributes(AliasAttributeType.EMAIL));
        client = pool.client();
        bob = uniqueName("bob");
        victimAddress = email(bob);
        pool.confirmedUser(client, bob, victimAddress);
    }

    @Test
    void aliasTakeoverByChangingOnesEmailToAVictimsVerifiedOneIsRefused() {
        String mallory = uniqueName("mallory");
        pool.confirmedUser(client, mallory, email(mallory));
        String token = pool.signIn(client, mallory, PASSWORD).authenticationResult().accessToken();
        pool.cognito.changePassword(r -> r.accessToken(token).previousPassword(PASSWORD).proposedPassword(ATTACKER_PASSWORD));

        pool.cognito.updateUserAttributes(r -> r.accessToken(token).userAttributes(a -> a.name("email").value(victimAddress)));

        assertThat(pool.attribute(mallory, "email_verified")).isEqualTo("false");
        assertThat(pool.attribute(bob, "email_verified")).isEqualTo("true");
        assertSignInNameIsTheVictims();
        String code = code(newMailTo(victimAddress, 1));
        assertThatThrownBy(() -> pool.cognito.verifyUserAttribute(r -> r.accessToken(token).attributeName("email").code(code)))
                .isInstanceOf(AliasExistsException.class);
        assertSignInNameIsTheVictims();
    }

    @Test
    void aliasTakeoverBySigningUpWithAVictimsVerifiedEmailIsRefused() {
        String mallory = uniqueName("mallory");
        pool.cognito.signUp(r -> r.clientId(client).username(mallory).password(ATTACKER_PASSWORD)
                .userAttributes(a -> a.name("email").value(victimAddress)));
        String code = code(newMailTo(victimAddress, 1));

        assertThatThrownBy(() -> pool.cognito.confirmSignUp(r -> r.clientId(client).username(mallory).confirmationCode(code)))
                .isInstanceOf(AliasExistsException.class);
        assertThat(pool.status(mallory)).isEqualTo(UserStatusType.UNCONFIRMED);
        assertSignInNameIsTheVictims();
    }

    @Test
    void aliasTakeoverByAnAdministratorsUnverifiedCopyIsRefused() {
        String mallory = uniqueName("mallory");
        pool.cognito.adminCreateUser(r -> r.userPoolId(pool.poolId).username(mallory).messageAction(MessageActionType.SUPPRESS)
                .userAttributes(a -> a.name("email").value(victimAddress)));
        pool.cognito.adminSetUserPassword(r -> r.userPoolId(pool.poolId).username(mallory).password(ATTACKER_PASSWORD)
                .permanent(true));

        assertSignInNameIsTheVictims();
        assertThatThrownBy(() -> pool.cognito.adminUpdateUserAttributes(r -> r.userPoolId(pool.poolId).username(mallory)
                .userAttributes(a -> a.name("email_verified").value("true"))))
                .isInstanceOf(AliasExistsException.class);
        assertThat(pool.attribute(bob, "email_verified")).isEqualTo("true");
        assertSignInNameIsTheVictims();
    }

    /** The address signs in to the victim's account only: the attacker's password does not open it, the victim's does. */
    private void assertSignInNameIsTheVictims() {
        assertThatThrownBy(() -> pool.signIn(client, victimAddress, ATTACKER_PASSWORD))
                .isInstanceOf(CognitoIdentityProviderException.class);
        String access = pool.cognito.initiateAuth(r -> r.clientId(client).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", victimAddress, "PASSWORD", PASSWORD)))
                .authenticationResult().accessToken();
        assertThat(pool.cognito.getUser(r -> r.accessToken(access)).username()).isEqualTo(bob);
    }
}

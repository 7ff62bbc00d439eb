package dev.cognate.admin.users;

import static dev.cognate.admin.users.MailedPool.PASSWORD;
import static dev.cognate.admin.users.MailedPool.code;
import static dev.cognate.admin.users.MailedPool.email;
import static dev.cognate.admin.users.MailedPool.mailsTo;
import static dev.cognate.admin.users.MailedPool.newMailTo;
import static dev.cognate.admin.users.MailedPool.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.testing.Backend;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AliasAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AliasExistsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeDeliveryDetailsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeMismatchException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;

/**
 * What a signed-in user does to its own account with its access token, through the AWS SDK:
 * UpdateUserAttributes, DeleteUserAttributes, GetUserAttributeVerificationCode,
 * VerifyUserAttribute, DeleteUser; and GetTokensFromRefreshToken.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class SelfServiceTest {
    @Parameter
    Backend backend;

    MailedPool pool;
    String client;
    String alice;
    AuthenticationResultType tokens;

    @BeforeEach
    void signedInUser() {
        pool = MailedPool.create(backend, r -> r.aliasAttributes(AliasAttributeType.EMAIL));
        client = pool.client();
        alice = uniqueName("alice");
        pool.confirmedUser(client, alice, email(alice));
        tokens = pool.signIn(client, alice, PASSWORD).authenticationResult();
    }

    @Test
    void aChangedEmailIsUnverifiedUntilTheCodeSentToItComesBack() {
        String newAddress = email(uniqueName("alice-new"));
        var sent = pool.cognito.updateUserAttributes(r -> r.accessToken(tokens.accessToken())
                .userAttributes(a -> a.name("email").value(newAddress), a -> a.name("given_name").value("Alice")))
                .codeDeliveryDetailsList();

        assertThat(sent).hasSize(1);
        assertThat(sent.getFirst().attributeName()).isEqualTo("email");
        assertThat(sent.getFirst().deliveryMediumAsString()).isEqualTo("EMAIL");
        assertThat(pool.attribute(alice, "email")).isEqualTo(newAddress);
        assertThat(pool.attribute(alice, "email_verified")).isEqualTo("false");
        assertThat(pool.attribute(alice, "given_name")).isEqualTo("Alice");
        String code = code(newMailTo(newAddress, 0));
        String wrong = code.equals("000000") ? "111111" : "000000";
        assertThatThrownBy(() -> pool.cognito.verifyUserAttribute(r -> r.accessToken(tokens.accessToken())
                .attributeName("email").code(wrong)))
                .isInstanceOf(CodeMismatchException.class);

        pool.cognito.verifyUserAttribute(r -> r.accessToken(tokens.accessToken()).attributeName("email").code(code));

        assertThat(pool.attribute(alice, "email_verified")).isEqualTo("true");
    }

    @Test
    void aUserCannotMarkItsOwnEmailVerified() {
        assertThatThrownBy(() -> pool.cognito.updateUserAttributes(r -> r.accessToken(tokens.accessToken())
                .userAttributes(a -> a.name("email").value("someone-else@example.com"),
                        a -> a.name("email_verified").value("true"))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("email_verified");
        assertThat(pool.attribute(alice, "email")).isEqualTo(email(alice));
    }

    @Test
    void getUserAttributeVerificationCodeSendsAFreshCodeToTheAttribute() {
        int seen = mailsTo(email(alice)).size();
        CodeDeliveryDetailsType details = pool.cognito.getUserAttributeVerificationCode(r -> r
                .accessToken(tokens.accessToken()).attributeName("email")).codeDeliveryDetails();
        assertThat(details.destination()).isEqualTo("a***@e***");
        String code = code(newMailTo(email(alice), seen));
        pool.cognito.verifyUserAttribute(r -> r.accessToken(tokens.accessToken()).attributeName("email").code(code));

        assertThatThrownBy(() -> pool.cognito.getUserAttributeVerificationCode(r -> r.accessToken(tokens.accessToken())
                .attributeName("phone_number")))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> pool.cognito.getUserAttributeVerificationCode(r -> r.accessToken(tokens.accessToken())
                .attributeName("given_name")))
                .isInstanceOf(InvalidParameterException.class);
    }

    /** The attack: ask for a code at one's own address, switch the e-mail to the victim's, verify with the code. */
    @Test
    void verifyingAnEmailWithACodeSentToThePreviousAddressFails() {
        int seen = mailsTo(email(alice)).size();
        pool.cognito.getUserAttributeVerificationCode(r -> r.accessToken(tokens.accessToken()).attributeName("email"));
        String code = code(newMailTo(email(alice), seen));
        pool.cognito.updateUserAttributes(r -> r.accessToken(tokens.accessToken())
                .userAttributes(a -> a.name("email").value("ceo@victim.example")));

        assertThatThrownBy(() -> pool.cognito.verifyUserAttribute(r -> r.accessToken(tokens.accessToken())
                .attributeName("email").code(code)))
                .isInstanceOf(CodeMismatchException.class);
        assertThat(pool.attribute(alice, "email_verified")).isEqualTo("false");
    }

    @Test
    void verifyingAnEmailAnotherUserHoldsAsVerifiedAliasIsAliasExistsException() {
        String bob = uniqueName("bob");
        pool.confirmedUser(client, bob, email(bob));
        pool.cognito.updateUserAttributes(r -> r.accessToken(tokens.accessToken())
                .userAttributes(a -> a.name("email").value(email(bob))));
        String code = code(newMailTo(email(bob), 1));

        assertThatThrownBy(() -> pool.cognito.verifyUserAttribute(r -> r.accessToken(tokens.accessToken())
                .attributeName("email").code(code)))
                .isInstanceOf(AliasExistsException.class);
        assertThat(pool.attribute(bob, "email_verified")).isEqualTo("true");
    }

    @Test
    void deleteUserAttributes() {
        pool.cognito.updateUserAttributes(r -> r.accessToken(tokens.accessToken())
                .userAttributes(a -> a.name("given_name").value("Alice")));
        pool.cognito.deleteUserAttributes(r -> r.accessToken(tokens.accessToken()).userAttributeNames("given_name"));
        assertThat(pool.attribute(alice, "given_name")).isNull();
        assertThatThrownBy(() -> pool.cognito.deleteUserAttributes(r -> r.accessToken(tokens.accessToken())
                .userAttributeNames("sub")))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void deleteUserEndsTheAccountAndItsTokens() {
        pool.cognito.deleteUser(r -> r.accessToken(tokens.accessToken()));

        assertThatThrownBy(() -> pool.cognito.adminGetUser(r -> r.userPoolId(pool.poolId).username(alice)))
                .isInstanceOf(UserNotFoundException.class);
        assertThatThrownBy(() -> pool.cognito.getUser(r -> r.accessToken(tokens.accessToken())))
                .isInstanceOf(NotAuthorizedException.class);
        assertThatThrownBy(() -> pool.cognito.getTokensFromRefreshToken(r -> r.clientId(client)
                .refreshToken(tokens.refreshToken())))
                .isInstanceOf(NotAuthorizedException.class);
        assertThatThrownBy(() -> pool.signIn(client, alice, PASSWORD)).isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void getTokensFromRefreshToken() {
        AuthenticationResultType refreshed = pool.cognito.getTokensFromRefreshToken(r -> r.clientId(client)
                .refreshToken(tokens.refreshToken())).authenticationResult();
        assertThat(refreshed.accessToken()).isNotBlank().isNotEqualTo(tokens.accessToken());
        assertThat(refreshed.idToken()).isNotBlank();
        assertThat(refreshed.tokenType()).isEqualTo("Bearer");
        assertThat(pool.cognito.getUser(r -> r.accessToken(refreshed.accessToken())).username()).isEqualTo(alice);

        assertThatThrownBy(() -> pool.cognito.getTokensFromRefreshToken(r -> r.clientId(client).refreshToken("not-a-token")))
                .isInstanceOf(NotAuthorizedException.class).hasMessageContaining("Invalid Refresh Token");
    }

    @Test
    void getTokensFromRefreshTokenWithAClientSecret() {
        var secretClient = pool.cognito.createUserPoolClient(r -> r.userPoolId(pool.poolId).clientName("confidential")
                .generateSecret(true).explicitAuthFlowsWithStrings("ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"))
                .userPoolClient();
        String refreshToken = pool.cognito.adminInitiateAuth(r -> r.userPoolId(pool.poolId).clientId(secretClient.clientId())
                .authFlow("ADMIN_USER_PASSWORD_AUTH").authParameters(java.util.Map.of("USERNAME", alice,
                        "PASSWORD", PASSWORD, "SECRET_HASH", secretHash(secretClient.clientSecret(), alice,
                                secretClient.clientId())))).authenticationResult().refreshToken();

        assertThatThrownBy(() -> pool.cognito.getTokensFromRefreshToken(r -> r.clientId(secretClient.clientId())
                .refreshToken(refreshToken)))
                .isInstanceOf(NotAuthorizedException.class).hasMessageContaining("ClientSecret was not received");
        assertThatThrownBy(() -> pool.cognito.getTokensFromRefreshToken(r -> r.clientId(secretClient.clientId())
                .refreshToken(refreshToken).clientSecret("wrongsecret")))
                .isInstanceOf(NotAuthorizedException.class);
        assertThat(pool.cognito.getTokensFromRefreshToken(r -> r.clientId(secretClient.clientId())
                .refreshToken(refreshToken).clientSecret(secretClient.clientSecret())).authenticationResult().accessToken())
                .isNotBlank();
    }

    private static String secretHash(String secret, String username, String clientId) {
        try {
            return MailedPool.secretHash(secret, username, clientId);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

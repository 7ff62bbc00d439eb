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
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifiedAttributeType;

/**
 * UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate, through the AWS SDK:
 * a user's new e-mail address waits for the code mailed to it, while the old address stays in
 * effect and verified (for sign-in by alias too); VerifyUserAttribute with that code puts the
 * new address in place. An address pending for one user never takes over another's.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class VerifiedBeforeUpdateTest {
    @Parameter
    Backend backend;

    MailedPool pool;
    String client;
    String alice;
    AuthenticationResultType tokens;

    @BeforeEach
    void signedInUser() {
        pool = MailedPool.create(backend, r -> r.aliasAttributes(AliasAttributeType.EMAIL)
                .userAttributeUpdateSettings(s -> s.attributesRequireVerificationBeforeUpdate(VerifiedAttributeType.EMAIL)));
        client = pool.client();
        alice = uniqueName("alice");
        pool.confirmedUser(client, alice, email(alice));
        tokens = pool.signIn(client, alice, PASSWORD).authenticationResult();
    }

    @Test
    void aNewEmailWaitsForItsCodeWhileTheOldOneStaysVerifiedAndSignsIn() {
        String newAddress = email(uniqueName("alice-new"));
        var sent = pool.cognito.updateUserAttributes(r -> r.accessToken(tokens.accessToken())
                .userAttributes(a -> a.name("email").value(newAddress), a -> a.name("given_name").value("Alice")))
                .codeDeliveryDetailsList();

        assertThat(sent).singleElement().satisfies(d -> {
            assertThat(d.attributeName()).isEqualTo("email");
            assertThat(d.deliveryMediumAsString()).isEqualTo("EMAIL");
            assertThat(d.destination()).isEqualTo("a***@e***");
        });
        assertThat(pool.attribute(alice, "email")).isEqualTo(email(alice));
        assertThat(pool.attribute(alice, "email_verified")).isEqualTo("true");
        assertThat(pool.attribute(alice, "given_name")).isEqualTo("Alice");
        assertThat(pool.signIn(client, email(alice), PASSWORD).authenticationResult()).isNotNull();
        assertThatThrownBy(() -> pool.signIn(client, newAddress, PASSWORD)).isInstanceOf(CognitoIdentityProviderException.class);

        String code = code(newMailTo(newAddress, 0));
        String wrong = code.equals("000000") ? "111111" : "000000";
        assertThatThrownBy(() -> pool.cognito.verifyUserAttribute(r -> r.accessToken(tokens.accessToken())
                .attributeName("email").code(wrong)))
                .isInstanceOf(CodeMismatchException.class);
        assertThat(pool.attribute(alice, "email")).isEqualTo(email(alice));

        pool.cognito.verifyUserAttribute(r -> r.accessToken(tokens.accessToken()).attributeName("email").code(code));

        assertThat(pool.attribute(alice, "email")).isEqualTo(newAddress);
        assertThat(pool.attribute(alice, "email_verified")).isEqualTo("true");
        assertThat(pool.signIn(client, newAddress, PASSWORD).authenticationResult()).isNotNull();
        assertThatThrownBy(() -> pool.signIn(client, email(alice), PASSWORD))
                .isInstanceOf(CognitoIdentityProviderException.class);
    }

    @Test
    void aNewCodeWhileAnUpdateIsPendingGoesToTheNewAddressAndTheOldAddressGetsNone() {
        String newAddress = email(uniqueName("alice-new"));
        int toOld = mailsTo(email(alice)).size();
        pool.cognito.updateUserAttributes(r -> r.accessToken(tokens.accessToken())
                .userAttributes(a -> a.name("email").value(newAddress)));
        newMailTo(newAddress, 0);

        CodeDeliveryDetailsType details = pool.cognito.getUserAttributeVerificationCode(r -> r
                .accessToken(tokens.accessToken()).attributeName("email")).codeDeliveryDetails();
        assertThat(details.attributeName()).isEqualTo("email");
        String code = code(newMailTo(newAddress, 1));
        pool.cognito.verifyUserAttribute(r -> r.accessToken(tokens.accessToken()).attributeName("email").code(code));

        assertThat(pool.attribute(alice, "email")).isEqualTo(newAddress);
        assertThat(mailsTo(email(alice))).hasSize(toOld);
    }

    @Test
    void aCodeMailedToTheCurrentAddressDoesNotPutAPendingAddressInPlace() {
        int seen = mailsTo(email(alice)).size();
        pool.cognito.getUserAttributeVerificationCode(r -> r.accessToken(tokens.accessToken()).attributeName("email"));
        String codeAtOldAddress = code(newMailTo(email(alice), seen));
        pool.cognito.updateUserAttributes(r -> r.accessToken(tokens.accessToken())
                .userAttributes(a -> a.name("email").value("ceo@victim.example")));

        assertThatThrownBy(() -> pool.cognito.verifyUserAttribute(r -> r.accessToken(tokens.accessToken())
                .attributeName("email").code(codeAtOldAddress)))
                .isInstanceOf(CodeMismatchException.class);
        assertThat(pool.attribute(alice, "email")).isEqualTo(email(alice));
        assertThat(pool.attribute(alice, "email_verified")).isEqualTo("true");
    }

    /** The attack: claim a victim's verified address as one's own pending e-mail, then verify it. */
    @Test
    void aliasTakeoverThroughAPendingEmailIsRefused() {
        String bob = uniqueName("bob");
        pool.confirmedUser(client, bob, email(bob));
        pool.cognito.updateUserAttributes(r -> r.accessToken(tokens.accessToken())
                .userAttributes(a -> a.name("email").value(email(bob))));

        assertThat(pool.attribute(bob, "email_verified")).isEqualTo("true");
        assertThat(pool.attribute(alice, "email")).isEqualTo(email(alice));
        assertThat(pool.cognito.getUser(r -> r.accessToken(pool.signIn(client, email(bob), PASSWORD)
                .authenticationResult().accessToken())).username()).isEqualTo(bob);

        String code = code(newMailTo(email(bob), 1));
        assertThatThrownBy(() -> pool.cognito.verifyUserAttribute(r -> r.accessToken(tokens.accessToken())
                .attributeName("email").code(code)))
                .isInstanceOf(AliasExistsException.class);
        assertThat(pool.attribute(bob, "email_verified")).isEqualTo("true");
        assertThat(pool.attribute(alice, "email")).isEqualTo(email(alice));
        assertThat(pool.attribute(alice, "email_verified")).isEqualTo("true");
    }

    @Test
    void inAPoolThatSignsInByEmailAPendingAddressAnotherUserHoldsIsRefusedAtVerification() {
        MailedPool byEmail = MailedPool.create(backend, r -> r.usernameAttributes(UsernameAttributeType.EMAIL)
                .userAttributeUpdateSettings(s -> s.attributesRequireVerificationBeforeUpdate(VerifiedAttributeType.EMAIL)));
        String app = byEmail.client();
        String carol = email(uniqueName("carol"));
        String dave = email(uniqueName("dave"));
        byEmail.confirmedUser(app, carol, carol);
        byEmail.confirmedUser(app, dave, dave);
        String carolsToken = byEmail.signIn(app, carol, PASSWORD).authenticationResult().accessToken();

        byEmail.cognito.updateUserAttributes(r -> r.accessToken(carolsToken).userAttributes(a -> a.name("email").value(dave)));
        String code = code(newMailTo(dave, 1));

        assertThatThrownBy(() -> byEmail.cognito.verifyUserAttribute(r -> r.accessToken(carolsToken)
                .attributeName("email").code(code)))
                .isInstanceOf(AliasExistsException.class);
        assertThat(byEmail.cognito.getUser(r -> r.accessToken(carolsToken)).userAttributes())
                .anySatisfy(a -> assertThat(a.name() + "=" + a.value()).isEqualTo("email=" + carol));
        assertThat(byEmail.signIn(app, dave, PASSWORD).authenticationResult()).isNotNull();
    }

    @Test
    void theSettingNeedsItsAttributesVerifiedAutomaticallyAndIsDescribed() {
        assertThatThrownBy(() -> pool.cognito.createUserPool(r -> r.poolName("no-auto-verify")
                .userAttributeUpdateSettings(s -> s.attributesRequireVerificationBeforeUpdate(VerifiedAttributeType.EMAIL))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("All attributes in AttributesRequireVerificationBeforeUpdate must exist in AutoVerifiedAttributes");
        assertThatThrownBy(() -> pool.cognito.updateUserPool(r -> r.userPoolId(pool.poolId)
                .autoVerifiedAttributes(VerifiedAttributeType.EMAIL)
                .userAttributeUpdateSettings(s -> s.attributesRequireVerificationBeforeUpdateWithStrings("email", "phone_number"))))
                .isInstanceOf(InvalidParameterException.class);

        assertThat(pool.cognito.describeUserPool(r -> r.userPoolId(pool.poolId)).userPool().userAttributeUpdateSettings()
                .attributesRequireVerificationBeforeUpdate()).containsExactly(VerifiedAttributeType.EMAIL);
    }
}

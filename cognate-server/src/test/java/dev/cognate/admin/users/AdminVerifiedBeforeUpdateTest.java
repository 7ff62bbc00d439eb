package dev.cognate.admin.users;

import static dev.cognate.admin.users.MailedPool.PASSWORD;
import static dev.cognate.admin.users.MailedPool.code;
import static dev.cognate.admin.users.MailedPool.email;
import static dev.cognate.admin.users.MailedPool.mailsTo;
import static dev.cognate.admin.users.MailedPool.newMailTo;
import static dev.cognate.admin.users.MailedPool.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.store.OutboxStore;
import dev.cognate.store.jdbc.JdbcOutboxStore;
import dev.cognate.testing.Backend;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AliasAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AliasExistsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifiedAttributeType;

/**
 * AttributesRequireVerificationBeforeUpdate for AdminUpdateUserAttributes, through the AWS SDK:
 * an e-mail address an administrator sets waits for the code mailed to it (the old one stays in
 * effect and signs in) until the user sends that code back with VerifyUserAttribute, unless the
 * same call sets email_verified to true. Neither way takes over another user's verified address.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class AdminVerifiedBeforeUpdateTest {
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
    void anAdminSetEmailWaitsForTheCodeMailedToItWhileTheOldOneStaysVerifiedAndSignsIn() {
        String newAddress = email(uniqueName("alice-new"));
        pool.cognito.adminUpdateUserAttributes(r -> r.userPoolId(pool.poolId)
                .username(alice).userAttributes(a -> a.name("email").value(newAddress), a -> a.name("given_name").value("Alice")));

        assertThat(pool.attribute(alice, "email")).isEqualTo(email(alice));
        assertThat(pool.attribute(alice, "email_verified")).isEqualTo("true");
        assertThat(pool.attribute(alice, "given_name")).isEqualTo("Alice");
        assertThat(pool.signIn(client, email(alice), PASSWORD).authenticationResult()).isNotNull();
        assertThatThrownBy(() -> pool.signIn(client, newAddress, PASSWORD)).isInstanceOf(CognitoIdentityProviderException.class);

        String code = code(newMailTo(newAddress, 0));
        pool.cognito.verifyUserAttribute(r -> r.accessToken(tokens.accessToken()).attributeName("email").code(code));

        assertThat(pool.attribute(alice, "email")).isEqualTo(newAddress);
        assertThat(pool.attribute(alice, "email_verified")).isEqualTo("true");
        assertThat(pool.signIn(client, newAddress, PASSWORD).authenticationResult()).isNotNull();
        assertThatThrownBy(() -> pool.signIn(client, email(alice), PASSWORD))
                .isInstanceOf(CognitoIdentityProviderException.class);
    }

    @Test
    void anAdminSetEmailMarkedVerifiedInTheSameCallTakesEffectAtOnceWithoutACode() {
        String newAddress = email(uniqueName("alice-new"));
        pool.cognito.adminUpdateUserAttributes(r -> r.userPoolId(pool.poolId).username(alice)
                .userAttributes(a -> a.name("email").value(newAddress), a -> a.name("email_verified").value("true")));

        assertThat(pool.attribute(alice, "email")).isEqualTo(newAddress);
        assertThat(pool.attribute(alice, "email_verified")).isEqualTo("true");
        assertThat(pool.signIn(client, newAddress, PASSWORD).authenticationResult()).isNotNull();

        // The first mail to the new address is the one asked for now: the update itself sent none.
        pool.cognito.getUserAttributeVerificationCode(r -> r.accessToken(tokens.accessToken()).attributeName("email"));
        newMailTo(newAddress, 0);
        assertThat(mailsTo(newAddress)).hasSize(1);
    }

    @Test
    void anAdminSetEmailLeftUnverifiedStillWaitsForItsCode() {
        String newAddress = email(uniqueName("alice-new"));
        pool.cognito.adminUpdateUserAttributes(r -> r.userPoolId(pool.poolId).username(alice)
                .userAttributes(a -> a.name("email").value(newAddress), a -> a.name("email_verified").value("false")));

        assertThat(pool.attribute(alice, "email")).isEqualTo(email(alice));
        assertThat(pool.attribute(alice, "email_verified")).isEqualTo("true");
        String code = code(newMailTo(newAddress, 0));
        pool.cognito.verifyUserAttribute(r -> r.accessToken(tokens.accessToken()).attributeName("email").code(code));
        assertThat(pool.attribute(alice, "email")).isEqualTo(newAddress);
    }

    @Test
    void inAPoolWithoutTheSettingAnAdminSetEmailChangesAtOnceUnverified() {
        MailedPool plain = MailedPool.create(backend, r -> r.aliasAttributes(AliasAttributeType.EMAIL));
        String app = plain.client();
        String carol = uniqueName("carol");
        plain.confirmedUser(app, carol, email(carol));
        String newAddress = email(uniqueName("carol-new"));

        plain.cognito.adminUpdateUserAttributes(r -> r.userPoolId(plain.poolId).username(carol)
                .userAttributes(a -> a.name("email").value(newAddress)));

        assertThat(plain.attribute(carol, "email")).isEqualTo(newAddress);
        assertThat(plain.attribute(carol, "email_verified")).isEqualTo("false");
    }

    /** The attack: an administrator (or a script acting as one) marks another user's verified address as this user's. */
    @Test
    void aliasTakeoverThroughAnAdminSetVerifiedEmailIsRefused() {
        String bob = uniqueName("bob");
        pool.confirmedUser(client, bob, email(bob));

        assertThatThrownBy(() -> pool.cognito.adminUpdateUserAttributes(r -> r.userPoolId(pool.poolId).username(alice)
                .userAttributes(a -> a.name("email").value(email(bob)), a -> a.name("email_verified").value("true"))))
                .isInstanceOf(AliasExistsException.class)
                .hasMessageContaining("An account with the given email already exists.");
        assertThat(pool.attribute(alice, "email")).isEqualTo(email(alice));
        assertThat(pool.attribute(bob, "email_verified")).isEqualTo("true");
        assertThat(pool.cognito.getUser(r -> r.accessToken(pool.signIn(client, email(bob), PASSWORD)
                .authenticationResult().accessToken())).username()).isEqualTo(bob);
    }

    /** The attack: an admin-set pending address that another user holds verified, confirmed with the code sent there. */
    @Test
    void aliasTakeoverThroughAnAdminSetPendingEmailIsRefusedAtVerification() {
        String bob = uniqueName("bob");
        pool.confirmedUser(client, bob, email(bob));
        pool.cognito.adminUpdateUserAttributes(r -> r.userPoolId(pool.poolId).username(alice)
                .userAttributes(a -> a.name("email").value(email(bob))));
        String code = code(newMailTo(email(bob), 1));

        assertThatThrownBy(() -> pool.cognito.verifyUserAttribute(r -> r.accessToken(tokens.accessToken())
                .attributeName("email").code(code)))
                .isInstanceOf(AliasExistsException.class);
        assertThat(pool.attribute(alice, "email")).isEqualTo(email(alice));
        assertThat(pool.attribute(bob, "email_verified")).isEqualTo("true");
    }

    @Test
    void inAPoolThatSignsInByEmailAnAdminSetVerifiedAddressAnotherUserHoldsIsRefused() {
        MailedPool byEmail = MailedPool.create(backend, r -> r.usernameAttributes(UsernameAttributeType.EMAIL)
                .userAttributeUpdateSettings(s -> s.attributesRequireVerificationBeforeUpdate(VerifiedAttributeType.EMAIL)));
        String app = byEmail.client();
        String carol = email(uniqueName("carol"));
        String dave = email(uniqueName("dave"));
        byEmail.confirmedUser(app, carol, carol);
        byEmail.confirmedUser(app, dave, dave);

        assertThatThrownBy(() -> byEmail.cognito.adminUpdateUserAttributes(r -> r.userPoolId(byEmail.poolId).username(carol)
                .userAttributes(a -> a.name("email").value(dave), a -> a.name("email_verified").value("true"))))
                .isInstanceOf(AliasExistsException.class);
        assertThat(byEmail.attribute(carol, "email")).isEqualTo(carol);
        assertThat(byEmail.signIn(app, dave, PASSWORD).authenticationResult()).isNotNull();
    }

    @Test
    void anAdminSetPhoneNumberWaitsForTheCodeTextedToItUnlessSetVerified() {
        MailedPool phones = MailedPool.create(backend, r -> r
                .autoVerifiedAttributes(VerifiedAttributeType.EMAIL, VerifiedAttributeType.PHONE_NUMBER)
                .userAttributeUpdateSettings(s -> s.attributesRequireVerificationBeforeUpdate(VerifiedAttributeType.PHONE_NUMBER)));
        String app = phones.client();
        String erin = uniqueName("erin");
        phones.confirmedUser(app, erin, email(erin));
        String token = phones.signIn(app, erin, PASSWORD).authenticationResult().accessToken();
        phones.cognito.adminUpdateUserAttributes(r -> r.userPoolId(phones.poolId).username(erin).userAttributes(
                a -> a.name("phone_number").value("+15550001111"), a -> a.name("phone_number_verified").value("true")));

        phones.cognito.adminUpdateUserAttributes(r -> r.userPoolId(phones.poolId).username(erin)
                .userAttributes(a -> a.name("phone_number").value("+15550002222")));

        assertThat(phones.attribute(erin, "phone_number")).isEqualTo("+15550001111");
        assertThat(phones.attribute(erin, "phone_number_verified")).isEqualTo("true");
        List<OutboxStore.Entry> texts = new JdbcOutboxStore(phones.server.server().database().jdbi(), new dev.cognate.crypto.SecretBox(dev.cognate.testing.TestServer.MASTER_KEY))
                .newest(phones.poolId, Instant.now(), 10);
        assertThat(texts).singleElement().satisfies(t -> assertThat(t.destination()).isEqualTo("+15550002222"));
        Matcher code = Pattern.compile("\\b(\\d{6})\\b").matcher(texts.getFirst().body());
        assertThat(code.find()).isTrue();
        phones.cognito.verifyUserAttribute(r -> r.accessToken(token).attributeName("phone_number").code(code.group(1)));
        assertThat(phones.attribute(erin, "phone_number")).isEqualTo("+15550002222");
        assertThat(phones.attribute(erin, "phone_number_verified")).isEqualTo("true");

        phones.cognito.adminUpdateUserAttributes(r -> r.userPoolId(phones.poolId).username(erin).userAttributes(
                a -> a.name("phone_number").value("+15550003333"), a -> a.name("phone_number_verified").value("true")));
        assertThat(phones.attribute(erin, "phone_number")).isEqualTo("+15550003333");
        assertThat(phones.attribute(erin, "phone_number_verified")).isEqualTo("true");
        assertThat(new JdbcOutboxStore(phones.server.server().database().jdbi(), new dev.cognate.crypto.SecretBox(dev.cognate.testing.TestServer.MASTER_KEY)).newest(phones.poolId, Instant.now(), 10))
                .hasSize(1);
    }
}

package dev.cognate.admin.users;

import static dev.cognate.admin.users.MailedPool.PASSWORD;
import static dev.cognate.admin.users.MailedPool.codeMailedTo;
import static dev.cognate.admin.users.MailedPool.email;
import static dev.cognate.admin.users.MailedPool.mailsTo;
import static dev.cognate.admin.users.MailedPool.newMailTo;
import static dev.cognate.admin.users.MailedPool.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMailUtil;
import dev.cognate.testing.Backend;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AliasAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AliasExistsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeMismatchException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.DeliveryMediumType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidPasswordException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.LimitExceededException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PreventUserExistenceErrorTypes;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SchemaAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SignUpResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotConfirmedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameExistsException;

/** SignUp, ConfirmSignUp, ResendConfirmationCode and AdminConfirmSignUp through the AWS SDK, codes read from real mail. */
@ParameterizedClass
@EnumSource(Backend.class)
class SignUpTest {
    @Parameter
    Backend backend;

    @Test
    void signUpMailsACodeAndTheUserCannotSignInUntilConfirmSignUp() throws Exception {
        MailedPool pool = MailedPool.create(backend);
        String client = pool.client();
        String alice = uniqueName("alice");

        SignUpResponse response = pool.cognito.signUp(r -> r.clientId(client).username(alice).password(PASSWORD)
                .userAttributes(a -> a.name("email").value(email(alice))));

        assertThat(response.userConfirmed()).isFalse();
        assertThat(response.userSub()).matches("[0-9a-f-]{36}");
        assertThat(response.codeDeliveryDetails().destination()).isEqualTo("a***@e***");
        assertThat(response.codeDeliveryDetails().deliveryMedium()).isEqualTo(DeliveryMediumType.EMAIL);
        assertThat(response.codeDeliveryDetails().attributeName()).isEqualTo("email");
        assertThat(pool.status(alice)).isEqualTo(UserStatusType.UNCONFIRMED);
        assertThatThrownBy(() -> pool.signIn(client, alice, PASSWORD))
                .isInstanceOf(UserNotConfirmedException.class).hasMessageContaining("User is not confirmed.");

        MimeMessage mail = newMailTo(email(alice), 0);
        assertThat(mail.getSubject()).isEqualTo("Your verification code");
        assertThat(GreenMailUtil.getBody(mail)).matches("Your verification code is \\d{6}\\.\\s*");
        assertThat(mail.getHeader("From", ",")).isEqualTo("cognate@example.test");

        pool.cognito.confirmSignUp(r -> r.clientId(client).username(alice).confirmationCode(MailedPool.code(mail)));

        assertThat(pool.status(alice)).isEqualTo(UserStatusType.CONFIRMED);
        assertThat(pool.attribute(alice, "email_verified")).isEqualTo("true");
        assertThat(pool.signIn(client, alice, PASSWORD).authenticationResult().accessToken()).isNotBlank();
    }

    @Test
    void signUpIsRefusedWhenOnlyAdministratorsCreateUsers() {
        MailedPool pool = MailedPool.create(backend, r -> r.adminCreateUserConfig(c -> c.allowAdminCreateUserOnly(true)));
        String client = pool.client();
        assertThatThrownBy(() -> pool.signUp(client, uniqueName("eve"), email(uniqueName("eve"))))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageContaining("SignUp is not permitted for this user pool");
    }

    @Test
    void signUpOfATakenUsernameIsUsernameExistsException() {
        MailedPool pool = MailedPool.create(backend);
        String client = pool.client();
        String bob = uniqueName("bob");
        pool.signUp(client, bob, email(bob));
        assertThatThrownBy(() -> pool.signUp(client, bob, email(uniqueName("other"))))
                .isInstanceOf(UsernameExistsException.class).hasMessageContaining("User already exists");
    }

    @Test
    void aPasswordAgainstThePolicyIsInvalidPasswordExceptionInCognitosWords() {
        MailedPool pool = MailedPool.create(backend);
        String client = pool.client();
        assertThatThrownBy(() -> pool.cognito.signUp(r -> r.clientId(client).username(uniqueName("carol"))
                .password("nouppercase1!")
                .userAttributes(a -> a.name("email").value("c@example.com"))))
                .isInstanceOf(InvalidPasswordException.class)
                .hasMessageContaining("Password did not conform with policy: Password must have uppercase characters");
        assertThatThrownBy(() -> pool.cognito.signUp(r -> r.clientId(client).username(uniqueName("carol"))
                .password("Sh0rt!").userAttributes(a -> a.name("email").value("c@example.com"))))
                .isInstanceOf(InvalidPasswordException.class)
                .hasMessageContaining("Password did not conform with policy: Password not long enough");
    }

    @Test
    void aMissingRequiredAttributeIsInvalidParameterException() {
        MailedPool pool = MailedPool.create(backend, r -> r.schema(SchemaAttributeType.builder().name("given_name")
                .attributeDataType("String").required(true).mutable(true).build()));
        String client = pool.client();
        assertThatThrownBy(() -> pool.signUp(client, uniqueName("dan"), email(uniqueName("dan"))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("Attributes did not conform to the schema: given_name: The attribute is required");
    }

    @Test
    void aUserCannotMarkItsOwnEmailVerifiedAtSignUp() {
        MailedPool pool = MailedPool.create(backend);
        String client = pool.client();
        String mallory = uniqueName("mallory");
        assertThatThrownBy(() -> pool.cognito.signUp(r -> r.clientId(client).username(mallory).password(PASSWORD)
                .userAttributes(a -> a.name("email").value(email(mallory)), a -> a.name("email_verified").value("true"))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("email_verified");
    }

    @Test
    void aClientWithASecretMustSendTheSecretHash() throws Exception {
        MailedPool pool = MailedPool.create(backend);
        var created = pool.cognito.createUserPoolClient(r -> r.userPoolId(pool.poolId).clientName("secret")
                .generateSecret(true)).userPoolClient();
        String erin = uniqueName("erin");
        assertThatThrownBy(() -> pool.signUp(created.clientId(), erin, email(erin)))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageContaining("Client " + created.clientId() + " is configured with secret but SECRET_HASH was not received");
        assertThatThrownBy(() -> pool.cognito.signUp(r -> r.clientId(created.clientId()).username(erin).password(PASSWORD)
                .secretHash("d3Jvbmc=").userAttributes(a -> a.name("email").value(email(erin)))))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageContaining("Unable to verify secret hash for client " + created.clientId());

        String hash = MailedPool.secretHash(created.clientSecret(), erin, created.clientId());
        pool.cognito.signUp(r -> r.clientId(created.clientId()).username(erin).password(PASSWORD).secretHash(hash)
                .userAttributes(a -> a.name("email").value(email(erin))));
        String code = codeMailedTo(email(erin));
        assertThatThrownBy(() -> pool.cognito.confirmSignUp(r -> r.clientId(created.clientId()).username(erin)
                .confirmationCode(code)))
                .isInstanceOf(NotAuthorizedException.class).hasMessageContaining("SECRET_HASH was not received");
        pool.cognito.confirmSignUp(r -> r.clientId(created.clientId()).username(erin).confirmationCode(code).secretHash(hash));
        assertThat(pool.status(erin)).isEqualTo(UserStatusType.CONFIRMED);
    }

    @Test
    void anUnknownClientIsResourceNotFoundException() {
        MailedPool pool = MailedPool.create(backend);
        assertThatThrownBy(() -> pool.signUp("unknownclient0000000000000", uniqueName("x"), "x@example.com"))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void inAPoolThatSignsInWithEmailTheUsernameIsTheEmailAndTheUserNameIsItsSub() {
        MailedPool pool = MailedPool.create(backend, r -> r.usernameAttributes(UsernameAttributeType.EMAIL));
        String client = pool.client();
        String address = email(uniqueName("fay"));
        SignUpResponse response = pool.cognito.signUp(r -> r.clientId(client).username(address).password(PASSWORD));
        assertThat(response.codeDeliveryDetails().destination()).isEqualTo("f***@e***");
        pool.cognito.confirmSignUp(r -> r.clientId(client).username(address).confirmationCode(codeMailedTo(address)));
        assertThat(pool.cognito.adminGetUser(r -> r.userPoolId(pool.poolId).username(address)).username())
                .isEqualTo(response.userSub());
        assertThat(pool.signIn(client, address, PASSWORD).authenticationResult()).isNotNull();
        assertThatThrownBy(() -> pool.cognito.signUp(r -> r.clientId(client).username(address).password(PASSWORD)))
                .isInstanceOf(UsernameExistsException.class)
                .hasMessageContaining("An account with the given email already exists.");
        assertThatThrownBy(() -> pool.cognito.signUp(r -> r.clientId(client).username("not-an-email").password(PASSWORD)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("Username should be an email.");
    }

    @Test
    void thePoolsVerificationMessageTemplateAndSenderAreUsed() throws Exception {
        MailedPool pool = MailedPool.create(backend, r -> r
                .verificationMessageTemplate(t -> t.emailSubject("Welcome {username}")
                        .emailMessage("Hello {username}, your code: {####}"))
                .emailConfiguration(e -> e.emailSendingAccount("DEVELOPER").from("Sign-up <signup@pool.example>")
                        .sourceArn("arn:aws:ses:us-east-1:000000000000:identity/pool.example")));
        String client = pool.client();
        String gus = uniqueName("gus");
        pool.signUp(client, gus, email(gus));
        MimeMessage mail = newMailTo(email(gus), 0);
        assertThat(mail.getSubject()).isEqualTo("Welcome " + gus);
        assertThat(GreenMailUtil.getBody(mail)).matches("Hello " + gus + ", your code: \\d{6}\\s*");
        assertThat(mail.getHeader("From", ",")).contains("signup@pool.example");
    }

    @Test
    void anHtmlTemplateIsSentAsHtmlWithTheUsernameKeptAsText() throws Exception {
        MailedPool pool = MailedPool.create(backend, r -> r.verificationMessageTemplate(t -> t
                .emailMessage("<p>Hello {username}, your code is <b>{####}</b></p>")));
        String client = pool.client();
        String name = uniqueName("x<a_href='evil'>y");
        String address = email(uniqueName("html"));
        pool.signUp(client, name, address);
        MimeMessage mail = newMailTo(address, 0);
        assertThat(mail.getContentType()).startsWith("text/html");
        assertThat(GreenMailUtil.getBody(mail)).contains("x&lt;a_href=&#39;evil&#39;&gt;y").doesNotContain("<a_href");
    }

    @Test
    void aPlainTemplateStaysPlainWhateverTheUsernameHolds() throws Exception {
        MailedPool pool = MailedPool.create(backend, r -> r.emailVerificationMessage("Hi {username}, code {####}"));
        String client = pool.client();
        String name = uniqueName("<b>bold</b>");
        String address = email(uniqueName("plain"));
        pool.signUp(client, name, address);
        MimeMessage mail = newMailTo(address, 0);
        assertThat(mail.getContentType()).startsWith("text/plain");
        assertThat(GreenMailUtil.getBody(mail)).contains("Hi " + name + ", code ");
    }

    @Test
    void theOlderEmailVerificationMessageAndSubjectAreUsedWithoutATemplate() throws Exception {
        MailedPool pool = MailedPool.create(backend, r -> r.emailVerificationSubject("Confirm it")
                .emailVerificationMessage("Code {####} confirms the account"));
        String client = pool.client();
        String hal = uniqueName("hal");
        pool.signUp(client, hal, email(hal));
        MimeMessage mail = newMailTo(email(hal), 0);
        assertThat(mail.getSubject()).isEqualTo("Confirm it");
        assertThat(GreenMailUtil.getBody(mail)).matches("Code \\d{6} confirms the account\\s*");
    }

    @Test
    void withoutAutoVerifiedAttributesNoCodeIsSentAndAdminConfirmSignUpConfirms() {
        MailedPool pool = MailedPool.create(backend, r -> r.autoVerifiedAttributesWithStrings(java.util.List.of()));
        String client = pool.client();
        String ivy = uniqueName("ivy");
        SignUpResponse response = pool.cognito.signUp(r -> r.clientId(client).username(ivy).password(PASSWORD)
                .userAttributes(a -> a.name("email").value(email(ivy))));
        assertThat(response.codeDeliveryDetails()).isNull();
        assertThatThrownBy(() -> pool.cognito.resendConfirmationCode(r -> r.clientId(client).username(ivy)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("Auto verification not turned on.");

        pool.cognito.adminConfirmSignUp(r -> r.userPoolId(pool.poolId).username(ivy));

        assertThat(pool.status(ivy)).isEqualTo(UserStatusType.CONFIRMED);
        assertThat(pool.attribute(ivy, "email_verified")).isNull();
        assertThat(mailsTo(email(ivy))).isEmpty();
        assertThatThrownBy(() -> pool.cognito.adminConfirmSignUp(r -> r.userPoolId(pool.poolId).username(ivy)))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageContaining("User cannot be confirmed. Current status is CONFIRMED");
        assertThatThrownBy(() -> pool.cognito.adminConfirmSignUp(r -> r.userPoolId(pool.poolId).username("nobody")))
                .isInstanceOf(UserNotFoundException.class).hasMessageContaining("User does not exist.");
    }

    @Test
    void confirmSignUpErrors() {
        MailedPool pool = MailedPool.create(backend);
        String client = pool.client();
        String jay = uniqueName("jay");
        pool.signUp(client, jay, email(jay));
        String code = codeMailedTo(email(jay));
        String wrong = code.equals("000000") ? "111111" : "000000";

        assertThatThrownBy(() -> pool.cognito.confirmSignUp(r -> r.clientId(client).username(jay).confirmationCode(wrong)))
                .isInstanceOf(CodeMismatchException.class)
                .hasMessageContaining("Invalid verification code provided, please try again.");
        String legacy = pool.client(r -> r.preventUserExistenceErrors(PreventUserExistenceErrorTypes.LEGACY));
        assertThatThrownBy(() -> pool.cognito.confirmSignUp(r -> r.clientId(legacy).username(uniqueName("nobody"))
                .confirmationCode(code)))
                .isInstanceOf(UserNotFoundException.class)
                .hasMessageContaining("Username/client id combination not found.");

        pool.cognito.confirmSignUp(r -> r.clientId(client).username(jay).confirmationCode(code));
        assertThatThrownBy(() -> pool.cognito.confirmSignUp(r -> r.clientId(legacy).username(jay).confirmationCode(code)))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageContaining("User cannot be confirmed. Current status is CONFIRMED");
        // With existence errors prevented, a confirmed user reads like an unknown one.
        assertThatThrownBy(() -> pool.cognito.confirmSignUp(r -> r.clientId(client).username(jay).confirmationCode(code)))
                .isInstanceOf(CodeMismatchException.class);
    }

    @Test
    void confirmingAnEmailAnotherUserHoldsAsVerifiedAliasNeedsForceAliasCreation() {
        MailedPool pool = MailedPool.create(backend, r -> r.aliasAttributes(AliasAttributeType.EMAIL));
        String client = pool.client();
        String shared = email(uniqueName("shared"));
        String bob = uniqueName("bob");
        pool.confirmedUser(client, bob, shared);
        String carol = uniqueName("carol");
        pool.signUp(client, carol, shared);
        String code = MailedPool.code(newMailTo(shared, 1));

        assertThatThrownBy(() -> pool.cognito.confirmSignUp(r -> r.clientId(client).username(carol).confirmationCode(code)))
                .isInstanceOf(AliasExistsException.class)
                .hasMessageContaining("An account with the given email already exists.");
        assertThat(pool.status(carol)).isEqualTo(UserStatusType.UNCONFIRMED);

        pool.cognito.confirmSignUp(r -> r.clientId(client).username(carol).confirmationCode(code).forceAliasCreation(true));

        assertThat(pool.status(carol)).isEqualTo(UserStatusType.CONFIRMED);
        assertThat(pool.attribute(carol, "email_verified")).isEqualTo("true");
        assertThat(pool.attribute(bob, "email_verified")).isEqualTo("false");
    }

    @Test
    void resendConfirmationCodeSendsANewCodeThatReplacesTheOldOne() {
        MailedPool pool = MailedPool.create(backend);
        String client = pool.client();
        String kim = uniqueName("kim");
        pool.signUp(client, kim, email(kim));
        String first = codeMailedTo(email(kim));

        var details = pool.cognito.resendConfirmationCode(r -> r.clientId(client).username(kim)).codeDeliveryDetails();
        assertThat(details.destination()).isEqualTo("k***@e***");
        assertThat(details.deliveryMediumAsString()).isEqualTo("EMAIL");
        String second = MailedPool.code(newMailTo(email(kim), 1));

        if (!first.equals(second)) {
            assertThatThrownBy(() -> pool.cognito.confirmSignUp(r -> r.clientId(client).username(kim).confirmationCode(first)))
                    .isInstanceOf(CodeMismatchException.class);
        }
        pool.cognito.confirmSignUp(r -> r.clientId(client).username(kim).confirmationCode(second));
        String legacy = pool.client(r -> r.preventUserExistenceErrors(PreventUserExistenceErrorTypes.LEGACY));
        assertThatThrownBy(() -> pool.cognito.resendConfirmationCode(r -> r.clientId(legacy).username(kim)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("User is already confirmed.");
        assertThatThrownBy(() -> pool.cognito.resendConfirmationCode(r -> r.clientId(legacy).username(uniqueName("nobody"))))
                .isInstanceOf(UserNotFoundException.class).hasMessageContaining("Username/client id combination not found.");
    }

    @Test
    void tooManyCodesInAnHourIsLimitExceededException() {
        MailedPool pool = MailedPool.create(backend);
        String client = pool.client();
        String lee = uniqueName("lee");
        pool.signUp(client, lee, email(lee));
        for (int i = 0; i < 4; i++) {
            pool.cognito.resendConfirmationCode(r -> r.clientId(client).username(lee));
        }
        assertThatThrownBy(() -> pool.cognito.resendConfirmationCode(r -> r.clientId(client).username(lee)))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("Attempt limit exceeded, please try after some time.");
    }

    @Test
    void theSdkSendsSignUpUnsigned() {
        MailedPool pool = MailedPool.create(backend);
        String client = pool.client();
        String name = uniqueName("raw");
        var response = dev.cognate.testing.RawAdminRequest.to(pool.server, "SignUp").unsigned()
                .body("""
                        {"ClientId":"%s","Username":"%s","Password":"%s","UserAttributes":[{"Name":"email","Value":"%s"}]}"""
                        .formatted(client, name, PASSWORD, email(name)))
                .send();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("\"UserConfirmed\":false", "\"UserSub\":",
                "\"CodeDeliveryDetails\":{\"Destination\":\"r***@e***\",\"DeliveryMedium\":\"EMAIL\",\"AttributeName\":\"email\"}");
    }
}

package dev.cognate.admin.users;

import static dev.cognate.admin.users.MailedPool.email;
import static dev.cognate.admin.users.MailedPool.mailsTo;
import static dev.cognate.admin.users.MailedPool.newMailTo;
import static dev.cognate.admin.users.MailedPool.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMailUtil;
import dev.cognate.store.OutboxStore;
import dev.cognate.store.jdbc.JdbcOutboxStore;
import dev.cognate.testing.Backend;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.DeliveryMediumType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;

/** AdminCreateUser invites by e-mail (GreenMail) or SMS (outbox): username and temporary password. */
@ParameterizedClass
@EnumSource(Backend.class)
class InvitationTest {
    static final Pattern TEMPORARY = Pattern.compile("temporary password is (\\S+)\\.(\\s|$)");

    @Parameter
    Backend backend;

    @Test
    void anInvitedUserSignsInWithTheMailedTemporaryPassword() throws Exception {
        MailedPool pool = MailedPool.create(backend);
        String client = pool.client();
        String ann = uniqueName("ann");
        pool.cognito.adminCreateUser(r -> r.userPoolId(pool.poolId).username(ann)
                .desiredDeliveryMediums(DeliveryMediumType.EMAIL)
                .userAttributes(a -> a.name("email").value(email(ann))));

        MimeMessage mail = newMailTo(email(ann), 0);
        assertThat(mail.getSubject()).isEqualTo("Your temporary password");
        assertThat(GreenMailUtil.getBody(mail)).startsWith("Your username is " + ann + " and temporary password is ");
        String temporary = temporaryPassword(GreenMailUtil.getBody(mail));

        assertThat(pool.signIn(client, ann, temporary).challengeNameAsString()).isEqualTo("NEW_PASSWORD_REQUIRED");
    }

    @Test
    void theInviteMessageTemplateIsUsedAndAResendCarriesANewPassword() {
        MailedPool pool = MailedPool.create(backend, r -> r.adminCreateUserConfig(c -> c.inviteMessageTemplate(t -> t
                .emailSubject("Welcome aboard").emailMessage("Hi {username}, your temporary password is {####}. Bye"))));
        String client = pool.client();
        String bo = uniqueName("bo");
        pool.cognito.adminCreateUser(r -> r.userPoolId(pool.poolId).username(bo)
                .desiredDeliveryMediumsWithStrings("EMAIL").userAttributes(a -> a.name("email").value(email(bo))));
        MimeMessage first = newMailTo(email(bo), 0);
        String firstPassword = temporaryPassword(GreenMailUtil.getBody(first));
        assertThat(GreenMailUtil.getBody(first)).startsWith("Hi " + bo + ", your temporary password is ");

        pool.cognito.adminCreateUser(r -> r.userPoolId(pool.poolId).username(bo).messageAction(MessageActionType.RESEND)
                .desiredDeliveryMediumsWithStrings("EMAIL"));
        String secondPassword = temporaryPassword(GreenMailUtil.getBody(newMailTo(email(bo), 1)));

        assertThat(secondPassword).isNotEqualTo(firstPassword);
        assertThatThrownBy(() -> pool.signIn(client, bo, firstPassword)).isInstanceOf(NotAuthorizedException.class);
        assertThat(pool.signIn(client, bo, secondPassword).challengeNameAsString()).isEqualTo("NEW_PASSWORD_REQUIRED");
    }

    @Test
    void suppressSendsNothingAndSmsInvitationsGoToTheOutbox() {
        MailedPool pool = MailedPool.create(backend);
        String quiet = uniqueName("quiet");
        pool.cognito.adminCreateUser(r -> r.userPoolId(pool.poolId).username(quiet).messageAction(MessageActionType.SUPPRESS)
                .desiredDeliveryMediums(DeliveryMediumType.EMAIL).userAttributes(a -> a.name("email").value(email(quiet))));

        String texted = uniqueName("texted");
        pool.cognito.adminCreateUser(r -> r.userPoolId(pool.poolId).username(texted)
                .userAttributes(a -> a.name("phone_number").value("+15550009876"), a -> a.name("email").value(email(texted))));

        List<OutboxStore.Entry> outbox = new JdbcOutboxStore(pool.server.server().database().jdbi(), new dev.cognate.crypto.SecretBox(dev.cognate.testing.TestServer.MASTER_KEY))
                .newest(pool.poolId, Instant.now(), 10);
        assertThat(outbox).hasSize(1);
        assertThat(outbox.getFirst().medium().name()).isEqualTo("SMS");
        assertThat(outbox.getFirst().destination()).isEqualTo("+15550009876");
        assertThat(outbox.getFirst().body()).startsWith("Your username is " + texted + " and temporary password is ");
        // SMS is the default medium, as in Cognito: no e-mail for either user.
        assertThat(mailsTo(email(texted))).isEmpty();
        assertThat(mailsTo(email(quiet))).isEmpty();
    }

    private static String temporaryPassword(String body) {
        Matcher m = TEMPORARY.matcher(body);
        assertThat(m.find()).as(body).isTrue();
        return m.group(1);
    }
}

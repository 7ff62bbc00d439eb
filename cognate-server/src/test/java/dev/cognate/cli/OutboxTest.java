package dev.cognate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.store.OutboxStore;
import dev.cognate.store.jdbc.JdbcOutboxStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.DeliveryMediumType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SignUpResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifiedAttributeType;

/** Without an SMTP server every message, and every SMS in any case, lands in the outbox that `cognate outbox` reads. */
@ParameterizedClass
@EnumSource(Backend.class)
class OutboxTest {
    static final String PASSWORD = "Correct-Horse-1";
    static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    @Parameter
    Backend backend;

    @Test
    void withoutSmtpTheCodeGoesToTheOutboxAndConfirmsTheUser() {
        TestServer server = TestServer.shared(backend);
        CognitoIdentityProviderClient cognito = server.client();
        String poolId = cognito.createUserPool(r -> r.poolName("outbox").autoVerifiedAttributes(VerifiedAttributeType.EMAIL))
                .userPool().id();
        String client = cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("app")).userPoolClient().clientId();
        String name = "olga-" + UUID.randomUUID().toString().substring(0, 8);

        cognito.signUp(r -> r.clientId(client).username(name).password(PASSWORD)
                .userAttributes(a -> a.name("email").value(name + "@example.com")));

        List<OutboxStore.Entry> entries = new JdbcOutboxStore(server.server().database().jdbi(), new dev.cognate.crypto.SecretBox(dev.cognate.testing.TestServer.MASTER_KEY))
                .newest(poolId, Instant.now(), 10);
        assertThat(entries).hasSize(1);
        OutboxStore.Entry entry = entries.getFirst();
        assertThat(entry.destination()).isEqualTo(name + "@example.com");
        assertThat(entry.subject()).isEqualTo("Your verification code");
        assertThat(entry.expiresAt()).isAfter(Instant.now().plusSeconds(23 * 3600));
        cognito.confirmSignUp(r -> r.clientId(client).username(name).confirmationCode(code(entry.body())));
        assertThat(cognito.adminGetUser(r -> r.userPoolId(poolId).username(name)).userStatus())
                .isEqualTo(UserStatusType.CONFIRMED);
    }

    @Test
    void smsCodesGoToTheOutboxAndTheCommandShowsAPoolsMessagesNewestFirst() {
        TestServer server = TestServer.shared(backend);
        CognitoIdentityProviderClient cognito = server.client();
        String poolId = cognito.createUserPool(r -> r.poolName("sms").autoVerifiedAttributes(VerifiedAttributeType.PHONE_NUMBER))
                .userPool().id();
        String client = cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("app")).userPoolClient().clientId();
        List<String> names = new ArrayList<>();
        for (String phone : List.of("+15550001234", "+15550005678")) {
            String name = "sam-" + UUID.randomUUID().toString().substring(0, 8);
            names.add(name);
            SignUpResponse response = cognito.signUp(r -> r.clientId(client).username(name).password(PASSWORD)
                    .userAttributes(a -> a.name("phone_number").value(phone)));
            assertThat(response.codeDeliveryDetails().deliveryMedium()).isEqualTo(DeliveryMediumType.SMS);
            assertThat(response.codeDeliveryDetails().attributeName()).isEqualTo("phone_number");
            assertThat(response.codeDeliveryDetails().destination()).isEqualTo("+*******" + phone.substring(8));
        }

        OutboxCommand command = new OutboxCommand();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        command.out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        command.env = java.util.Map.of("COGNATE_MASTER_KEY", java.util.Base64.getEncoder().encodeToString(TestServer.MASTER_KEY));
        List<String> args = new ArrayList<>(List.of("--pool", poolId, "--data", server.dataDir().toString()));
        if (server.dbUrl() != null) {
            args.addAll(List.of("--db-url", server.dbUrl()));
        }
        int exit = new CommandLine(command).execute(args.toArray(String[]::new));

        assertThat(exit).isZero();
        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(output).contains("SMS  pool " + poolId, "To: +15550005678", "To: +15550001234");
        assertThat(output.indexOf("+15550005678")).isLessThan(output.indexOf("+15550001234"));
        Matcher codes = CODE.matcher(output);
        assertThat(codes.find()).isTrue();
        String newest = codes.group(1);
        cognito.confirmSignUp(r -> r.clientId(client).username(names.get(1)).confirmationCode(newest));
    }

    @Test
    void theStoreKeepsNoCodeInTheClearSoItsFileOrABackupSignsNobodyIn() {
        TestServer server = TestServer.shared(backend);
        CognitoIdentityProviderClient cognito = server.client();
        String poolId = cognito.createUserPool(r -> r.poolName("sealed").autoVerifiedAttributes(VerifiedAttributeType.EMAIL))
                .userPool().id();
        String client = cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("app")).userPoolClient().clientId();
        String name = "sid-" + UUID.randomUUID().toString().substring(0, 8);
        cognito.signUp(r -> r.clientId(client).username(name).password(PASSWORD)
                .userAttributes(a -> a.name("email").value(name + "@example.com")));

        var jdbi = server.server().database().jdbi();
        List<java.util.Map<String, Object>> rows = jdbi.withHandle(h -> h.createQuery(
                "SELECT subject, body FROM outbox_messages WHERE pool_id = :pool").bind("pool", poolId).mapToMap().list());
        String code = code(new JdbcOutboxStore(jdbi, new dev.cognate.crypto.SecretBox(TestServer.MASTER_KEY))
                .newest(poolId, Instant.now(), 1).getFirst().body());

        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.get("body").toString()).startsWith("v1.").doesNotContain(code);
            assertThat(row.get("subject").toString()).startsWith("v1.");
        });
        assertThat(new JdbcOutboxStore(jdbi, new dev.cognate.crypto.SecretBox(new byte[32])).newest(poolId, Instant.now(), 1))
                .as("another master key opens nothing").singleElement()
                .satisfies(e -> assertThat(e.body()).isEqualTo(JdbcOutboxStore.UNREADABLE).doesNotContain(code));
    }

    @Test
    void aMessageKeptBeforeTheOutboxWasSealedIsStillShown() {
        TestServer server = TestServer.shared(backend);
        var jdbi = server.server().database().jdbi();
        String poolId = "us-east-1_Legacy" + UUID.randomUUID().toString().substring(0, 6).replace("-", "");
        long now = Instant.now().toEpochMilli();
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO outbox_messages (id, pool_id, medium, destination, sender, subject, "
                        + "body, created_at, expires_at) VALUES (:id, :pool, 'EMAIL', 'old@example.com', null, "
                        + "'Your verification code', 'Your verification code is 123456.', :now, :expires)")
                .bind("id", UUID.randomUUID().toString()).bind("pool", poolId).bind("now", now)
                .bind("expires", now + 3_600_000).execute());

        assertThat(new JdbcOutboxStore(jdbi, new dev.cognate.crypto.SecretBox(TestServer.MASTER_KEY))
                .newest(poolId, Instant.now(), 1)).singleElement()
                .satisfies(e -> assertThat(e.body()).isEqualTo("Your verification code is 123456."));
    }

    private static String code(String body) {
        Matcher m = CODE.matcher(body);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}

package dev.cognate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.store.jdbc.JdbcOutboxStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.jdbi.v3.core.statement.JdbiStatementEvent;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifiedAttributeType;

/** A flight recording taken to profile a node holds no value the node bound into its SQL. */
class FlightRecordingTest {

    @Test
    void aProfilingRecordingCannotReadConfirmationCodesOutOfTheStatementsThatStoreThem() throws Exception {
        TestServer server = TestServer.shared(Backend.SQLITE);
        CognitoIdentityProviderClient cognito = server.client();
        String poolId = cognito.createUserPool(r -> r.poolName("recorded").autoVerifiedAttributes(VerifiedAttributeType.EMAIL))
                .userPool().id();
        String client = cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("app")).userPoolClient().clientId();
        String name = "rita-" + UUID.randomUUID().toString().substring(0, 8);
        Path file = Files.createTempFile("cognate-", ".jfr");

        try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
            recording.enable(JdbiStatementEvent.NAME);
            recording.start();
            cognito.signUp(r -> r.clientId(client).username(name).password("Correct-Horse-1")
                    .userAttributes(a -> a.name("email").value(name + "@example.com")));
            recording.stop();
            recording.dump(file);
        }
        String body = new JdbcOutboxStore(server.server().database().jdbi(), new dev.cognate.crypto.SecretBox(dev.cognate.testing.TestServer.MASTER_KEY)).newest(poolId, Instant.now(), 1).getFirst().body();
        Matcher code = Pattern.compile("\\b(\\d{6})\\b").matcher(body);
        assertThat(code.find()).isTrue();

        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        Files.delete(file);
        assertThat(events).isNotEmpty();
        List<String> leaking = events.stream()
                .filter(event -> event.getEventType().getName().equals(JdbiStatementEvent.NAME)
                        || event.toString().contains(name + "@example.com")
                        || event.toString().contains("code is " + code.group(1)))
                .map(event -> event.getEventType().getName())
                .distinct().toList();
        assertThat(leaking).as("events that carry the statements or their values").isEmpty();
    }
}

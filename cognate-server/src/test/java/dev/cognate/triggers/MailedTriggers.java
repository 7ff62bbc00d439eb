package dev.cognate.triggers;

import dev.cognate.config.LambdaSettings;
import dev.cognate.testing.Backend;
import dev.cognate.testing.LambdaEndpoint;
import dev.cognate.testing.SmtpInbox;
import dev.cognate.testing.TestServer;
import jakarta.mail.internet.MimeMessage;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

/**
 * A node per backend (for the whole run) whose triggers go to one {@link LambdaEndpoint} and whose
 * e-mail goes to GreenMail, a real SMTP server in this JVM: tests read what users would read.
 */
final class MailedTriggers {
    private static final SmtpInbox MAIL = SmtpInbox.start();
    static final LambdaEndpoint LAMBDA = startLambda();
    private static final Map<Backend, MailedTriggers> NODES = new EnumMap<>(Backend.class);

    final TestServer server;
    final CognitoIdentityProviderClient cognito;

    private MailedTriggers(TestServer server) {
        this.server = server;
        this.cognito = server.clientWithoutRetries();
    }

    private static LambdaEndpoint startLambda() {
        LambdaEndpoint lambda = new LambdaEndpoint();
        Runtime.getRuntime().addShutdownHook(new Thread(lambda::close));
        return lambda;
    }

    static synchronized MailedTriggers on(Backend backend) {
        return NODES.computeIfAbsent(backend, b -> {
            TestServer server = TestServer.startWithMailAndLambda(b, MAIL.settings(),
                    new LambdaSettings(LAMBDA.endpoint(), StaticCredentialsProvider.create(
                            AwsBasicCredentials.create("AKIDLAMBDACALLER0001", "lambda-secret")), LambdaSettings.COGNITO_TIMEOUT));
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            return new MailedTriggers(server);
        });
    }

    /** Waits until more than {@code seen} mails reached {@code address}; returns them all, oldest first. */
    static List<MimeMessage> mailsAfter(String address, int seen) {
        return MAIL.mailsAfter(address, seen);
    }

    static List<MimeMessage> mailsTo(String address) {
        return MAIL.mailsTo(address);
    }
}

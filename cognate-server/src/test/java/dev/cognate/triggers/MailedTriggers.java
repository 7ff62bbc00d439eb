package dev.cognate.triggers;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.cognate.config.LambdaSettings;
import dev.cognate.config.MailSettings;
import dev.cognate.testing.Backend;
import dev.cognate.testing.LambdaEndpoint;
import dev.cognate.testing.TestServer;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

/**
 * A node per backend (for the whole run) whose triggers go to one {@link LambdaEndpoint} and whose
 * e-mail goes to GreenMail, a real SMTP server in this JVM: tests read what users would read.
 */
final class MailedTriggers {
    static final Duration MAIL_WAIT = Duration.ofSeconds(20);
    static final GreenMail SMTP = startSmtp();
    static final LambdaEndpoint LAMBDA = startLambda();
    private static final Map<Backend, MailedTriggers> NODES = new EnumMap<>(Backend.class);

    final TestServer server;
    final CognitoIdentityProviderClient cognito;

    private MailedTriggers(TestServer server) {
        this.server = server;
        this.cognito = CognitoIdentityProviderClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(TestServer.ACCESS_KEY_ID, TestServer.SECRET_ACCESS_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static GreenMail startSmtp() {
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        Runtime.getRuntime().addShutdownHook(new Thread(smtp::stop));
        return smtp;
    }

    private static LambdaEndpoint startLambda() {
        LambdaEndpoint lambda = new LambdaEndpoint();
        Runtime.getRuntime().addShutdownHook(new Thread(lambda::close));
        return lambda;
    }

    static synchronized MailedTriggers on(Backend backend) {
        return NODES.computeIfAbsent(backend, b -> {
            TestServer server = TestServer.startWithMailAndLambda(b,
                    new MailSettings("smtp://127.0.0.1:" + SMTP.getSmtp().getPort(), "cognate@example.test"),
                    new LambdaSettings(LAMBDA.endpoint(), StaticCredentialsProvider.create(
                            AwsBasicCredentials.create("AKIDLAMBDACALLER0001", "lambda-secret")), LambdaSettings.COGNITO_TIMEOUT));
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            return new MailedTriggers(server);
        });
    }

    /** Waits until more than {@code seen} mails reached {@code address}; returns them all, oldest first. */
    static List<MimeMessage> mailsAfter(String address, int seen) {
        long deadline = System.nanoTime() + MAIL_WAIT.toNanos();
        while (true) {
            List<MimeMessage> mails = mailsTo(address);
            if (mails.size() > seen) {
                return mails;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no mail reached " + address + " within " + MAIL_WAIT);
            }
            // Wakes as soon as any mail arrives (GreenMail's own condition), not after a fixed sleep.
            SMTP.waitForIncomingEmail(200, SMTP.getReceivedMessages().length + 1);
        }
    }

    static List<MimeMessage> mailsTo(String address) {
        List<MimeMessage> result = new ArrayList<>();
        for (MimeMessage message : SMTP.getReceivedMessages()) {
            try {
                Address[] to = message.getAllRecipients();
                if (to != null) {
                    for (Address a : to) {
                        if (a.toString().equalsIgnoreCase(address)) {
                            result.add(message);
                        }
                    }
                }
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return result;
    }
}

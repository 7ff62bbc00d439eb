package dev.cognate.hostedui;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.cognate.config.MailSettings;
import dev.cognate.testing.Backend;
import dev.cognate.testing.HostedUiFixture;
import dev.cognate.testing.TestBrowser;
import dev.cognate.testing.TestServer;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CreateUserPoolClientRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CreateUserPoolRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OAuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SchemaAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifiedAttributeType;

/**
 * A pool for the hosted sign-up and password-reset pages on a node (one per backend for the run)
 * that mails through GreenMail, a real SMTP server in this JVM: tests read the codes users would.
 * The pool verifies e-mail addresses and requires one; its app client signs in on the hosted page.
 */
final class MailedHostedPool {
    static final String PASSWORD = "Corr3ct-Horse!";
    static final Duration MAIL_WAIT = Duration.ofSeconds(20);
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    static final GreenMail SMTP = startSmtp();
    private static final Map<Backend, TestServer> SERVERS = new EnumMap<>(Backend.class);

    final TestServer server;
    final CognitoIdentityProviderClient cognito;
    final String poolId;

    private MailedHostedPool(TestServer server, String poolId) {
        this.server = server;
        this.cognito = server.client();
        this.poolId = poolId;
    }

    private static GreenMail startSmtp() {
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        Runtime.getRuntime().addShutdownHook(new Thread(smtp::stop));
        return smtp;
    }

    static synchronized TestServer server(Backend backend) {
        return SERVERS.computeIfAbsent(backend, b -> {
            TestServer s = TestServer.startWithMail(b, new MailSettings(
                    "smtp://127.0.0.1:" + SMTP.getSmtp().getPort(), "cognate@example.test"));
            Runtime.getRuntime().addShutdownHook(new Thread(s::close));
            return s;
        });
    }

    static MailedHostedPool create(Backend backend) {
        return create(backend, r -> { });
    }

    static MailedHostedPool create(Backend backend, Consumer<CreateUserPoolRequest.Builder> settings) {
        TestServer server = server(backend);
        String poolId = server.client().createUserPool(r -> {
            r.poolName("hosted-native-" + UUID.randomUUID().toString().substring(0, 8))
                    .autoVerifiedAttributes(VerifiedAttributeType.EMAIL)
                    .schema(SchemaAttributeType.builder().name("email").attributeDataType("String")
                            .required(true).mutable(true).build());
            settings.accept(r);
        }).userPool().id();
        return new MailedHostedPool(server, poolId);
    }

    /** An app like {@link HostedUiFixture#client()}: code flow, COGNITO, callback {@link HostedUiFixture#CALLBACK}. */
    String client(Consumer<CreateUserPoolClientRequest.Builder> changes) {
        return cognito.createUserPoolClient(r -> {
            r.userPoolId(poolId).clientName("Test App")
                    .allowedOAuthFlowsUserPoolClient(true)
                    .allowedOAuthFlows(OAuthFlowType.CODE)
                    .allowedOAuthScopes("openid", "email")
                    .callbackURLs(HostedUiFixture.CALLBACK)
                    .supportedIdentityProviders("COGNITO");
            changes.accept(r);
        }).userPoolClient().clientId();
    }

    String client() {
        return client(r -> { });
    }

    /** A hosted page's URL with Cognito's hosted-UI parameters (those of {@code /login}). */
    static String hosted(String path, String clientId, String state) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", clientId);
        params.put("redirect_uri", HostedUiFixture.CALLBACK);
        params.put("scope", "openid email");
        params.put("state", state);
        return path + "?" + params.entrySet().stream()
                .map(e -> TestBrowser.enc(e.getKey()) + "=" + TestBrowser.enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    UserStatusType status(String username) {
        return cognito.adminGetUser(r -> r.userPoolId(poolId).username(username)).userStatus();
    }

    /** A CONFIRMED user with a verified e-mail address and {@link #PASSWORD}. */
    void confirmedUser(String username, String email) {
        cognito.adminCreateUser(r -> r.userPoolId(poolId).username(username)
                .userAttributes(a -> a.name("email").value(email), a -> a.name("email_verified").value("true"))
                .messageAction("SUPPRESS"));
        cognito.adminSetUserPassword(r -> r.userPoolId(poolId).username(username).password(PASSWORD).permanent(true));
    }

    int usersNamed(String username) {
        return cognito.listUsers(r -> r.userPoolId(poolId).filter("username = \"" + username + "\"")).users().size();
    }

    /** Waits until more than {@code seen} mails reached {@code address}; the code in the newest. */
    static String codeMailedTo(String address, int seen) {
        return codeMailedTo(address, seen, CODE);
    }

    /** As {@link #codeMailedTo(String, int)}, the code as {@code code}'s first group finds it. */
    static String codeMailedTo(String address, int seen, Pattern code) {
        long deadline = System.nanoTime() + MAIL_WAIT.toNanos();
        while (true) {
            List<MimeMessage> mails = mailsTo(address);
            if (mails.size() > seen) {
                Matcher m = code.matcher(GreenMailUtil.getBody(mails.getLast()));
                if (!m.find()) {
                    throw new AssertionError("no code in the mail");
                }
                return m.group(1);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no mail reached " + address + " within " + MAIL_WAIT);
            }
            SMTP.waitForIncomingEmail(200, SMTP.getReceivedMessages().length + 1);
        }
    }

    static String codeMailedTo(String address) {
        return codeMailedTo(address, 0);
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

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}

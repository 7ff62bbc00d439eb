package dev.cognate.admin.users;

import com.icegreen.greenmail.util.GreenMail;
import dev.cognate.testing.Backend;
import dev.cognate.testing.SmtpInbox;
import dev.cognate.testing.TestServer;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CreateUserPoolClientRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CreateUserPoolRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifiedAttributeType;

/**
 * A fresh pool on a node (one per backend for the whole run) that mails through GreenMail, a
 * real SMTP server in this JVM: tests read the codes users would read. The SDK client never
 * retries, so each answer reaches the test as sent.
 */
final class MailedPool {
    static final String PASSWORD = "Correct-Horse-1";
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    private static final SmtpInbox MAIL = SmtpInbox.start();
    static final GreenMail SMTP = MAIL.smtp();
    private static final Map<Backend, TestServer> SERVERS = new EnumMap<>(Backend.class);

    final TestServer server;
    final CognitoIdentityProviderClient cognito;
    final String poolId;

    private MailedPool(TestServer server, CognitoIdentityProviderClient cognito, String poolId) {
        this.server = server;
        this.cognito = cognito;
        this.poolId = poolId;
    }

    static synchronized TestServer server(Backend backend) {
        return SERVERS.computeIfAbsent(backend, b -> {
            TestServer s = TestServer.startWithMail(b, MAIL.settings());
            Runtime.getRuntime().addShutdownHook(new Thread(s::close));
            return s;
        });
    }

    /** A pool that verifies e-mail addresses automatically, with any further settings. */
    static MailedPool create(Backend backend, Consumer<CreateUserPoolRequest.Builder> settings) {
        TestServer server = server(backend);
        CognitoIdentityProviderClient cognito = server.clientWithoutRetries();
        String poolId = cognito.createUserPool(r -> {
            r.poolName("native-" + UUID.randomUUID().toString().substring(0, 8))
                    .autoVerifiedAttributes(VerifiedAttributeType.EMAIL);
            settings.accept(r);
        }).userPool().id();
        return new MailedPool(server, cognito, poolId);
    }

    static MailedPool create(Backend backend) {
        return create(backend, r -> { });
    }

    String client(Consumer<CreateUserPoolClientRequest.Builder> settings) {
        return cognito.createUserPoolClient(r -> {
            r.userPoolId(poolId).clientName("app").explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH,
                    ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH);
            settings.accept(r);
        }).userPoolClient().clientId();
    }

    String client() {
        return client(r -> { });
    }

    /** Signs {@code username} up with {@link #PASSWORD} and the e-mail address {@code email}. */
    void signUp(String clientId, String username, String email) {
        cognito.signUp(r -> r.clientId(clientId).username(username).password(PASSWORD)
                .userAttributes(a -> a.name("email").value(email)));
    }

    /** Signed up and confirmed with the mailed code: CONFIRMED, e-mail verified. */
    void confirmedUser(String clientId, String username, String email) {
        signUp(clientId, username, email);
        String code = codeMailedTo(email);
        cognito.confirmSignUp(r -> r.clientId(clientId).username(username).confirmationCode(code));
    }

    InitiateAuthResponse signIn(String clientId, String username, String password) {
        return cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", password)));
    }

    UserStatusType status(String username) {
        return cognito.adminGetUser(r -> r.userPoolId(poolId).username(username)).userStatus();
    }

    String attribute(String username, String name) {
        return cognito.adminGetUser(r -> r.userPoolId(poolId).username(username)).userAttributes().stream()
                .filter(a -> a.name().equals(name)).map(a -> a.value()).findFirst().orElse(null);
    }

    /** The code of the newest mail to {@code address} that arrived after {@code seen} earlier ones. */
    static String codeMailedTo(String address) {
        return code(newMailTo(address, 0));
    }

    static String code(MimeMessage message) {
        return SmtpInbox.code(message, CODE);
    }

    /** Waits until more than {@code seen} mails reached {@code address}; returns the newest. */
    static MimeMessage newMailTo(String address, int seen) {
        return MAIL.mailsAfter(address, seen).getLast();
    }

    static List<MimeMessage> mailsTo(String address) {
        return MAIL.mailsTo(address);
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String email(String name) {
        return name + "@example.com";
    }

    static String secretHash(String clientSecret, String username, String clientId) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(clientSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal((username + clientId).getBytes(StandardCharsets.UTF_8)));
    }
}

package dev.cognate.hostedui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.crypto.Hashes;
import dev.cognate.store.AuthorizationCode;
import dev.cognate.store.AuthorizationCodeStore;
import dev.cognate.store.jdbc.JdbcAuthorizationCodeStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.HostedUiFixture;
import dev.cognate.testing.SmtpInbox;
import dev.cognate.testing.TestBrowser;
import dev.cognate.testing.TestBrowser.Page;
import dev.cognate.testing.TestServer;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
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
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    private static final SmtpInbox MAIL = SmtpInbox.start();
    private static final Map<Backend, TestServer> SERVERS = new EnumMap<>(Backend.class);

    final TestServer server;
    final CognitoIdentityProviderClient cognito;
    final String poolId;

    private MailedHostedPool(TestServer server, String poolId) {
        this.server = server;
        this.cognito = server.client();
        this.poolId = poolId;
    }

    static synchronized TestServer server(Backend backend) {
        return SERVERS.computeIfAbsent(backend, b -> {
            TestServer s = TestServer.startWithMail(b, MAIL.settings());
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

    /** Redeems an authorization code the pool's hosted pages issued, as the token endpoint would: what it stood for. */
    AuthorizationCode redeemed(String code) {
        AuthorizationCodeStore codes = new JdbcAuthorizationCodeStore(server.server().database().jdbi());
        if (codes.redeem(Hashes.sha256Hex(code), Instant.now())
                instanceof AuthorizationCodeStore.Redemption.Redeemed(AuthorizationCode stored)) {
            return stored;
        }
        throw new AssertionError("code was not redeemable");
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
        return SmtpInbox.code(MAIL.mailsAfter(address, seen).getLast(), code);
    }

    static String codeMailedTo(String address) {
        return codeMailedTo(address, 0);
    }

    static List<MimeMessage> mailsTo(String address) {
        return MAIL.mailsTo(address);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Posts wrong eight-digit codes (never {@code right}) to {@code action} from {@code form}
     * until one answers 429, at most 30: how many were answered before that, or -1.
     */
    static int wrongCodesUntilThrottled(TestBrowser browser, Page form, String action, String right) {
        for (int guess = 0; guess < 30; guess++) {
            String wrong = "%08d".formatted(guess);
            if (wrong.equals(right)) {
                continue;
            }
            Page answer = browser.submit(form, action, Map.of("code", wrong));
            assertThat(answer.header("Location")).isEmpty();
            if (answer.status() == 429) {
                return guess;
            }
        }
        return -1;
    }
}

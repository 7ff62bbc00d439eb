package dev.cognate.demo;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.cognate.demo.setup.PoolConfiguration;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifiedAttributeType;

/**
 * The demo composition in-process (dev IdP, Cognate, demo app on free ports, a temporary data directory) driven by
 * Chromium the way a person follows the seed guide: the app's "Sign in", Cognate's hosted page, the dev IdP's sign-in
 * and consent pages, and back to the app's page of claims.
 */
@Tag("browser")
class DemoBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What the demo prints while it runs (the outbox), as {@code ./cognate demo} prints it on its console. */
    private static final ByteArrayOutputStream CONSOLE = new ByteArrayOutputStream();

    @TempDir
    static Path data;
    static Demo demo;
    static Chromium chromium;

    BrowserContext context;
    Page page;

    @BeforeAll
    static void start() {
        chromium = Chromium.launch();
        demo = Demo.start(new DemoSettings("127.0.0.1", 0, 0, 0, data, false));
        demo.showOutbox(new PrintStream(CONSOLE, true, StandardCharsets.UTF_8));
        PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
    }

    @AfterAll
    static void stop() {
        if (demo != null) {
            demo.close();
        }
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void newBrowserProfile() {
        context = chromium.browser.newContext(new Browser.NewContextOptions().setViewportSize(1000, 800));
        context.setDefaultTimeout(20_000);
        page = context.newPage();
    }

    @AfterEach
    void closeBrowserProfile() {
        context.close();
    }

    @Test
    void signInThroughEntraShowsTheMappedAttributesAndTheIdentity() throws IOException {
        openTheHostedPageFromTheApp();
        screenshot("demo-hosted-page.png");
        signInWith(PoolConfiguration.SINGLE_TENANT);

        assertThat(page.locator("#appName")).hasText(Demo.REGISTRATION);
        page.locator("input[name=login][value='" + DemoDirectory.ALICE + "']").check();
        page.locator("#i0118").fill(DemoDirectory.PASSWORD);
        screenshot("demo-devidp-sign-in.png");
        page.locator("#idSIButton9").click();

        // Contoso's admin consented for everyone: no consent page, straight back through Cognate to the app.
        assertThat(page.locator("#username")).hasText(Pattern.compile("entra_.+"));
        assertThat(page).hasURL(demo.appUrl() + "/");
        Map<String, Object> identity = onlyIdentity();
        assertThat(identity).containsEntry("providerName", "entra").containsEntry("providerType", "OIDC");
        assertThat(page.locator("#username")).hasText("entra_" + identity.get("userId"));
        assertThat(claim("email")).hasText("alice@contoso.com");
        assertThat(claim("email_verified")).hasText("true");
        assertThat(claim("given_name")).hasText("Alice");
        assertThat(claim("family_name")).hasText("Smith");
        assertThat(claim("cognito:groups")).containsText(demo.poolId() + "_entra");
        assertThat(attribute("email")).hasText("alice@contoso.com");
        assertThat(attribute("given_name")).hasText("Alice");
        assertThat(attribute("family_name")).hasText("Smith");
        assertThat(attribute("username")).hasText("entra_" + identity.get("userId"));
        screenshot("demo-result.png");
    }

    @Test
    void aVisitorSignsUpOnTheHostedPageWithTheCodeTheDemoPrints() {
        openTheHostedPageFromTheApp();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sign up").setExact(true)).click();
        page.locator("#username").fill("carol");
        page.locator("input[name='attribute.email']").fill("carol@example.com");
        page.locator("#password").fill("Demo-Passw0rd!");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign up").setExact(true)).click();
        assertThat(page.locator("#code")).isVisible();

        // The demo's Cognate has no SMTP server: the message is kept in its outbox, and the demo prints it.
        Pattern printed = Pattern.compile("--- \\S+  EMAIL  pool " + Pattern.quote(demo.poolId())
                + "\\RTo: carol@example.com\\R(?:From: .*\\R)?Subject: Your verification code\\R\\R"
                + "Your verification code is (\\d{6})\\.");
        page.waitForCondition(() -> printed.matcher(console()).find());
        Matcher message = printed.matcher(console());
        assertThat(message.find()).isTrue();
        page.locator("#code").fill(message.group(1));
        page.locator("form[action='/confirm'] button[type=submit]").click();

        assertThat(page).hasURL(demo.appUrl() + "/");
        assertThat(page.locator("#username")).hasText("carol");
        assertThat(claim("email")).hasText("carol@example.com");
        assertThat(claim("email_verified")).hasText("true");
    }

    @Test
    void multiTenantProviderLetsInAUserOfAnAllowedTenant() {
        openTheHostedPageFromTheApp();
        signInWith(PoolConfiguration.MULTI_TENANT);
        signInAtTheDevIdp(DemoDirectory.ALICE);

        assertThat(page.locator("#username")).hasText(Pattern.compile("entra-multi_.+"));
        assertThat(onlyIdentity()).containsEntry("providerName", PoolConfiguration.MULTI_TENANT);
        assertThat(claim("email")).hasText("alice@contoso.com");
    }

    @Test
    void multiTenantProviderRefusesAUserOfAnotherTenantOnAPageNamingIt() {
        openTheHostedPageFromTheApp();
        signInWith(PoolConfiguration.MULTI_TENANT);
        signInAtTheDevIdp(DemoDirectory.BOB);

        // Fabrikam's admin never consented to Contoso's multi-tenant app: Bob is asked himself.
        assertThat(page.getByRole(AriaRole.HEADING)).hasText("Permissions requested");
        page.locator("#idSIButton9").click();

        assertThat(page.getByRole(AriaRole.HEADING)).hasText("Your organization cannot sign in here");
        assertThat(page.locator("main")).containsText("Microsoft Entra tenant " + DemoDirectory.FABRIKAM);
        assertThat(page.url()).startsWith(demo.cognateUrl() + "/oauth2/idpresponse");
    }

    @Test
    void anIdpUserWithAnotherUsersUnverifiedEmailGetsASeparateAccount() {
        String janeSub;
        try (var cognito = demo.adminClient()) {
            janeSub = cognito.adminCreateUser(r -> r.userPoolId(demo.poolId()).username("jane")
                            .messageAction(MessageActionType.SUPPRESS)
                            .userAttributes(userAttribute("email", DemoDirectory.MALLORY_EMAIL), userAttribute("email_verified", "true")))
                    .user().attributes().stream().filter(a -> a.name().equals("sub")).findFirst().orElseThrow().value();
        }

        openTheHostedPageFromTheApp();
        signInWith(PoolConfiguration.SINGLE_TENANT);
        signInAtTheDevIdp(DemoDirectory.MALLORY);

        assertThat(page.locator("#username")).hasText(Pattern.compile("entra_.+"));
        assertThat(claim("email")).hasText(DemoDirectory.MALLORY_EMAIL);
        assertThat(claim("email_verified")).hasText("false");
        assertThat(claim("sub")).not().hasText(janeSub);
        try (var cognito = demo.adminClient()) {
            List<UserType> withThatEmail = cognito.listUsers(r -> r.userPoolId(demo.poolId())
                    .filter("email = \"" + DemoDirectory.MALLORY_EMAIL + "\"")).users();
            assertThat(withThatEmail).extracting(UserType::username)
                    .containsExactlyInAnyOrder("jane", page.locator("#username").textContent());
            UserType jane = withThatEmail.stream().filter(u -> u.username().equals("jane")).findFirst().orElseThrow();
            assertThat(jane.attributes()).noneMatch(a -> a.name().equals("identities"));
        }
    }

    @Test
    void signOutEndsTheSessionSoTheNextSignInShowsTheHostedPageAgain() {
        openTheHostedPageFromTheApp();
        signInWith(PoolConfiguration.SINGLE_TENANT);
        signInAtTheDevIdp(DemoDirectory.ALICE);
        assertThat(page.locator("#username")).hasText(Pattern.compile("entra_.+"));

        page.locator("#sign-out").click();
        assertThat(page).hasURL(demo.appUrl() + "/signed-out");
        assertThat(page.getByRole(AriaRole.HEADING)).hasText("You are signed out");
        assertThat(context.cookies(demo.cognateUrl())).noneMatch(c -> c.name.equals("cognate_session"));

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();
        assertThat(page).hasTitle("Sign in to " + PoolConfiguration.CLIENT_NAME);
        page.navigate(demo.appUrl());
        assertThat(page.locator("#sign-in")).isVisible();
    }

    /** demo-pool.yaml's user, resource server and scope, applied by the demo as `cognate apply` would. */
    @Test
    void theDeclarationsDemoUserSignsInWithItsPasswordAndItsResourceServerIsThere() {
        openTheHostedPageFromTheApp();
        page.locator("#username").fill(PoolConfiguration.DEMO_USER);
        page.locator("#password").fill(PoolConfiguration.DEMO_USER_PASSWORD);
        page.locator("form[action='/login'] button[type=submit]").click();

        assertThat(page).hasURL(demo.appUrl() + "/");
        assertThat(page.locator("#username")).hasText(PoolConfiguration.DEMO_USER);
        assertThat(claim("email")).hasText("demo@example.com");
        try (var cognito = demo.adminClient()) {
            assertThat(cognito.describeResourceServer(r -> r.userPoolId(demo.poolId())
                    .identifier("https://api.cognate-demo.local")).resourceServer().scopes())
                    .extracting(s -> s.scopeName()).containsExactly("read");
            assertThat(cognito.describeUserPoolClient(r -> r.userPoolId(demo.poolId()).clientId(demo.clientId()))
                    .userPoolClient().allowedOAuthScopes()).contains("https://api.cognate-demo.local/read");
        }
    }

    @Test
    void aSecondRunOnTheSameDataReusesThePoolWithTheNewAppRegistrations(@TempDir Path ownData) {
        String firstPool;
        String firstClient;
        String firstAppId;
        try (Demo first = Demo.start(new DemoSettings("127.0.0.1", 0, 0, 0, ownData, false));
             var cognito = first.adminClient()) {
            firstPool = first.poolId();
            firstClient = first.clientId();
            firstAppId = entraClientId(cognito, firstPool);
            assertThat(first.reusedPool()).isFalse();
            // As a pool of a demo from before visitors could sign up.
            cognito.updateUserPool(r -> r.userPoolId(firstPool).autoVerifiedAttributes(List.of()));
        }
        try (Demo second = Demo.start(new DemoSettings("127.0.0.1", 0, 0, 0, ownData, false));
             var cognito = second.adminClient()) {
            assertThat(second.reusedPool()).isTrue();
            assertThat(second.poolId()).isEqualTo(firstPool);
            assertThat(second.clientId()).isEqualTo(firstClient);
            assertThat(cognito.describeUserPool(r -> r.userPoolId(firstPool)).userPool().autoVerifiedAttributes())
                    .containsExactly(VerifiedAttributeType.EMAIL);
            // The dev IdP forgot the first registration; the provider now names the new one, and sign-in works.
            assertThat(entraClientId(cognito, firstPool)).isNotEqualTo(firstAppId);
            assertThat(cognito.describeUserPoolClient(r -> r.userPoolId(firstPool).clientId(firstClient))
                    .userPoolClient().callbackURLs()).containsExactly(second.callbackUrl());
            page.navigate(second.appUrl());
            page.locator("#sign-in").click();
            signInWith(PoolConfiguration.SINGLE_TENANT);
            signInAtTheDevIdp(DemoDirectory.ALICE);
            assertThat(page.locator("#username")).hasText(Pattern.compile("entra_.+"));
        }
        try (Demo reset = Demo.start(new DemoSettings("127.0.0.1", 0, 0, 0, ownData, true))) {
            assertThat(reset.reusedPool()).isFalse();
            assertThat(reset.poolId()).isNotEqualTo(firstPool);
        }
    }

    private void openTheHostedPageFromTheApp() {
        page.navigate(demo.appUrl());
        page.locator("#sign-in").click();
        assertThat(page).hasTitle("Sign in to " + PoolConfiguration.CLIENT_NAME);
        assertThat(page.url()).startsWith(demo.cognateUrl() + "/login?");
    }

    private void signInWith(String provider) {
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sign in with " + provider).setExact(true)).click();
        assertThat(page.locator("#i0118")).isVisible();
    }

    private void signInAtTheDevIdp(String user) {
        page.locator("input[name=login][value='" + user + "']").check();
        page.locator("#i0118").fill(DemoDirectory.PASSWORD);
        page.locator("#idSIButton9").click();
    }

    private static String console() {
        return CONSOLE.toString(StandardCharsets.UTF_8);
    }

    private Locator claim(String name) {
        return page.locator("[data-claim='" + name + "']");
    }

    private Locator attribute(String name) {
        return page.locator("[data-attribute='" + name + "']");
    }

    private Map<String, Object> onlyIdentity() {
        try {
            List<Map<String, Object>> identities = JSON.readValue(claim("identities").textContent(), new TypeReference<>() {});
            assertThat(identities).hasSize(1);
            return identities.getFirst();
        } catch (IOException e) {
            throw new AssertionError("identities is not JSON", e);
        }
    }

    private static AttributeType userAttribute(String name, String value) {
        return AttributeType.builder().name(name).value(value).build();
    }

    private static String entraClientId(software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient cognito,
                                        String poolId) {
        return cognito.describeIdentityProvider(r -> r.userPoolId(poolId).providerName(PoolConfiguration.SINGLE_TENANT))
                .identityProvider().providerDetails().get("client_id");
    }

    /**
     * The README's screenshots: written under target/ on every run, and over docs/ only when asked
     * ({@code -Ddemo.screenshots=docs}), so that a test run leaves the work tree as it was.
     */
    private void screenshot(String name) throws IOException {
        java.nio.file.Path dir = "docs".equals(System.getProperty("demo.screenshots")) ? Repository.docs()
                : java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "screenshots"));
        page.screenshot(new Page.ScreenshotOptions().setPath(dir.resolve(name)).setFullPage(true));
    }
}

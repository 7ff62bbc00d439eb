package dev.cognate.testing;

import com.google.gson.JsonObject;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Chromium, headless, driven by Playwright (no browser download): what a class of
 * browser tests launches once. Skips the class on a machine without it.
 */
public final class HeadlessChromium implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private final Playwright playwright;
    private final Browser browser;

    private HeadlessChromium(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    public static HeadlessChromium launch() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
                "browser tests need Debian's Chromium at /usr/bin/chromium (apt-get install -y chromium)");
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            return new HeadlessChromium(playwright, playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(CHROMIUM)
                    .setHeadless(true)
                    .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                            "--disable-component-update", "--disable-sync", "--no-first-run"))));
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    public Browser browser() {
        return browser;
    }

    /**
     * Gives the page of {@code devtools} a platform authenticator (DevTools' WebAuthn domain:
     * CTAP2, internal, resident keys, a user it always verifies). @return its id
     */
    public static String addVirtualAuthenticator(CDPSession devtools) {
        devtools.send("WebAuthn.enable");
        JsonObject authenticator = new JsonObject();
        authenticator.addProperty("protocol", "ctap2");
        authenticator.addProperty("transport", "internal");
        authenticator.addProperty("hasResidentKey", true);
        authenticator.addProperty("hasUserVerification", true);
        authenticator.addProperty("isUserVerified", true);
        JsonObject options = new JsonObject();
        options.add("options", authenticator);
        return devtools.send("WebAuthn.addVirtualAuthenticator", options).get("authenticatorId").getAsString();
    }

    @Override
    public void close() {
        playwright.close();
    }
}

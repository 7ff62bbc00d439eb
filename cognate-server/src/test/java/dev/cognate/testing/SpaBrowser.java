package dev.cognate.testing;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium (Debian's, driven by Playwright) and the {@link SpaSite} its pages come from:
 * what a class of single-page-app tests launches once. Skips the class on a machine without
 * Chromium or node.
 */
public final class SpaBrowser implements AutoCloseable {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private final SpaSite site;
    private final Playwright playwright;
    private final Browser browser;

    private SpaBrowser(SpaSite site, Playwright playwright, Browser browser) {
        this.site = site;
        this.playwright = playwright;
        this.browser = browser;
    }

    public static SpaBrowser launch() throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
                "browser tests need Debian's Chromium at /usr/bin/chromium (apt-get install -y chromium)");
        Assumptions.assumeTrue(NodeScript.nodeIsPresent(), "node is not installed: the app cannot be bundled");
        SpaSite site = SpaSite.start();
        try {
            Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                    .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
            Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(CHROMIUM)
                    .setHeadless(true)
                    .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                            "--disable-component-update", "--disable-sync", "--no-first-run")));
            return new SpaBrowser(site, playwright, browser);
        } catch (RuntimeException e) {
            site.close();
            throw e;
        }
    }

    public SpaSite site() {
        return site;
    }

    /**
     * Opens the site's {@code page} in a browser context of its own, gives its app {@code settings}
     * (the app keeps them and reads them when the page loads again) and waits until it says it is
     * signed out.
     */
    public SpaPage open(String page, String cognate, Map<String, String> settings) {
        return SpaPage.open(browser.newContext(), page, site.url(page), cognate, settings);
    }

    @Override
    public void close() {
        try {
            playwright.close();
        } finally {
            site.close();
        }
    }
}

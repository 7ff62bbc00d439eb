package dev.cognate.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium (Debian's, driven by Playwright) and the {@link SpaSite} its pages come from:
 * what a class of single-page-app tests launches once. Skips the class on a machine without
 * Chromium or node.
 */
public final class SpaBrowser implements AutoCloseable {
    private final SpaSite site;
    private final HeadlessChromium chromium;

    private SpaBrowser(SpaSite site, HeadlessChromium chromium) {
        this.site = site;
        this.chromium = chromium;
    }

    public static SpaBrowser launch() throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(HeadlessChromium.CHROMIUM),
                "browser tests need Debian's Chromium at /usr/bin/chromium (apt-get install -y chromium)");
        Assumptions.assumeTrue(NodeScript.nodeIsPresent(), "node is not installed: the app cannot be bundled");
        SpaSite site = SpaSite.start();
        try {
            return new SpaBrowser(site, HeadlessChromium.launch());
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
        return SpaPage.open(chromium.browser().newContext(), page, site.url(page), cognate, settings);
    }

    @Override
    public void close() {
        try {
            chromium.close();
        } finally {
            site.close();
        }
    }
}

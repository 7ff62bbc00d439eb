package dev.cognate.testing;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A page of the {@link SpaSite} open in its own browser context ({@link SpaBrowser#open}): it keeps
 * the requests the page sends to Cognate and what its console says, printed when it closes.
 */
public final class SpaPage implements AutoCloseable {
    /** A first sign-in on a cold server and a busy machine can take more than Playwright's 5 s. */
    public static final LocatorAssertions.HasTextOptions SLOW = new LocatorAssertions.HasTextOptions().setTimeout(30_000);

    private final String name;
    private final BrowserContext context;
    private final Page page;
    private final List<Request> toCognate = new CopyOnWriteArrayList<>();
    private final List<String> console = new CopyOnWriteArrayList<>();

    private SpaPage(String name, BrowserContext context) {
        this.name = name;
        this.context = context;
        this.page = context.newPage();
    }

    static SpaPage open(BrowserContext context, String name, String url, String cognate, Map<String, String> settings) {
        SpaPage spa = new SpaPage(name, context);
        try {
            spa.load(url, cognate, settings);
        } catch (RuntimeException | Error e) {
            spa.close();
            throw e;
        }
        return spa;
    }

    private void load(String url, String cognate, Map<String, String> settings) {
        page.onRequest(request -> {
            if (request.url().startsWith(cognate)) {
                toCognate.add(request);
            }
        });
        page.onConsoleMessage(message -> console.add(message.type() + ": " + message.text()));
        page.onPageError(error -> console.add("page error: " + error));
        page.onRequestFailed(request -> console.add("failed: " + request.method() + " " + request.url() + " "
                + request.failure()));
        page.navigate(url);
        page.evaluate("s => app.configure(s)", settings);
        page.reload();
        assertThat(status()).hasText("signed out", SLOW);
    }

    public BrowserContext context() {
        return context;
    }

    public Page page() {
        return page;
    }

    /** The requests the page sent to Cognate so far, oldest first. */
    public List<Request> toCognate() {
        return toCognate;
    }

    /** What the app says it is doing: "signed out", "signed in…", "failed"… */
    public Locator status() {
        return page.locator("#status");
    }

    public Locator button(String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    @Override
    public void close() {
        console.forEach(line -> System.out.println("[" + name + "] " + line));
        context.close();
    }
}

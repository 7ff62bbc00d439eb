package dev.cognate.hostedui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cognate.authn.Passkeys;
import dev.cognate.clients.AppClient;
import dev.cognate.clients.ScriptSchemes;
import dev.cognate.oauth.BrowserSessions;
import dev.cognate.oauth.ErrorPage;
import dev.cognate.pools.UserPool;
import dev.cognate.store.AppClientStore;
import dev.cognate.store.BrowserSession;
import dev.cognate.store.UserPoolStore;
import dev.cognate.users.User;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Managed login's passkey registration page, {@code /passkeys/add?client_id=..&redirect_uri=..}:
 * a user signed in on the hosted pages adds a passkey, then goes back to the app. {@code GET}
 * shows the page with the registration's creation options (the API's StartWebAuthnRegistration);
 * its script ({@code /static/passkey.js}) asks the browser to create the passkey and posts the
 * answer to {@code POST /passkeys/add} with the page's CSRF token, which verifies and keeps it
 * (CompleteWebAuthnRegistration) and redirects to {@code redirect_uri}.
 *
 * <p>{@code redirect_uri} must be one of the client's callback URLs exactly (no open redirect), of
 * a client that uses OAuth, in no scheme a browser runs in the page; the pool must allow passkeys. The browser's session with the client's pool is the proof of
 * who adds the passkey, and only a recent one will do ({@link #RECENT}): a passkey outlives the
 * session, so a session cookie taken from a browser must not be turned into a lasting way in.
 * Older sessions are asked to sign in again from the app. (Cognito documents no such window:
 * this is Cognate's own.) Only a CONFIRMED, enabled user of the pool's own
 * registers a passkey (a user of an external IdP is signed in by that IdP).
 */
public final class PasskeyAddEndpoints {
    /** How recent the sign-in must be to add a passkey. */
    static final Duration RECENT = Duration.ofMinutes(15);
    private static final Pattern CLIENT_ID = Pattern.compile("[\\w+]{1,128}");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AppClientStore clients;
    private final UserPoolStore pools;
    private final BrowserSessions sessions;
    private final Passkeys passkeys;
    private final Csrf csrf;
    private final Pages pages;
    private final Clock clock;

    public PasskeyAddEndpoints(AppClientStore clients, UserPoolStore pools, BrowserSessions sessions, Passkeys passkeys,
                               Csrf csrf, Pages pages, Clock clock) {
        this.clients = clients;
        this.pools = pools;
        this.sessions = sessions;
        this.passkeys = passkeys;
        this.csrf = csrf;
        this.pages = pages;
        this.clock = clock;
    }

    /** Who adds a passkey, through which app, back to where. */
    private record Target(AppClient client, UserPool pool, User user, String redirectUri) {}

    /** {@code GET /passkeys/add}. */
    public void show(Context ctx) {
        target(ctx, ctx.queryParam("client_id"), ctx.queryParam("redirect_uri")).ifPresent(t -> page(ctx, 200, t, null));
    }

    /** {@code POST /passkeys/add}: the browser's RegistrationResponseJSON as {@code credential}. */
    public void add(Context ctx) {
        if (!csrf.verify(ctx)) {
            pages.error(ctx, 403, new ErrorPage("This form has expired",
                    "The passkey form was not sent by this browser's current page, or it has expired.",
                    "Go back to the app and try again."));
            return;
        }
        Optional<Target> target = target(ctx, ctx.formParam("client_id"), ctx.formParam("redirect_uri"));
        if (target.isEmpty()) {
            return;
        }
        Target t = target.get();
        String credential = ctx.formParam("credential");
        JsonNode answer = null;
        if (credential != null && credential.length() <= LoginEndpoints.MAX_CREDENTIAL) {
            try {
                answer = JSON.readTree(credential);
            } catch (java.io.IOException e) {
                answer = null;
            }
        }
        if (answer == null || !answer.isObject()) {
            page(ctx, 400, t, "The browser's answer was not a passkey. Try again.");
            return;
        }
        try {
            passkeys.completeRegistration(t.pool(), t.user(), answer);
        } catch (Passkeys.Refused e) {
            page(ctx, 400, t, "The passkey was not added: " + e.getMessage());
            return;
        }
        ctx.redirect(t.redirectUri(), HttpStatus.FOUND);
    }

    /** The page again with what went wrong; the page that says so alone where no new passkey may be started. */
    private void page(Context ctx, int status, Target t, String error) {
        try {
            pages.passkeyAdd(ctx, status, new PasskeyAddPage(t.client().clientName(), t.user().username(),
                    csrf.tokenFor(ctx), t.client().clientId(), t.redirectUri(),
                    passkeys.startRegistration(t.pool(), t.user()).toString(), error));
        } catch (Passkeys.Refused e) {
            // the most passkeys a user may have (another tab may just have added the last one)
            refuse(ctx, 400, "Cannot add a passkey", e.getMessage(), t);
        }
    }

    /** The checks of both requests; empty, with the page that says why written, when one fails. */
    private Optional<Target> target(Context ctx, String clientId, String redirectUri) {
        Optional<AppClient> client = clientId != null && CLIENT_ID.matcher(clientId).matches()
                ? clients.find(clientId) : Optional.empty();
        if (client.isEmpty()) {
            pages.error(ctx, 400, new ErrorPage("Unknown app client",
                    "The request names no app client this server knows (client_id).", null));
            return Optional.empty();
        }
        // a callback URL stored before script schemes were refused is still not linked to
        if (redirectUri == null || !client.get().hasCallbackUrl(redirectUri) || ScriptSchemes.runsInPage(redirectUri)
                || !Boolean.TRUE.equals(client.get().allowedOAuthFlowsUserPoolClient())) {
            pages.error(ctx, 400, new ErrorPage("Redirect URL not registered",
                    "The redirect_uri is not a callback URL registered for the app client "
                            + client.get().clientName() + ".",
                    "The browser goes back only to a callback URL registered exactly as sent."));
            return Optional.empty();
        }
        Optional<UserPool> pool = pools.find(client.get().userPoolId());
        if (pool.isEmpty() || !Passkeys.enabledIn(pool.get())) {
            pages.error(ctx, 400, new ErrorPage("Passkeys are not enabled",
                    "The app " + client.get().clientName() + " does not offer sign-in with passkeys.", null));
            return Optional.empty();
        }
        Optional<BrowserSession> session = sessions.current(ctx).filter(s -> s.poolId().equals(pool.get().id()));
        Optional<User> user = session.flatMap(sessions::user);
        if (user.isEmpty() || !session.get().authTime().isAfter(clock.instant().minus(RECENT))) {
            // no link: a sign-in begun here would reach the app with a code it never asked for
            pages.error(ctx, 401, new ErrorPage("Sign in to add a passkey",
                    user.isEmpty() ? "You are not signed in to " + client.get().clientName() + "."
                            : "For your security, a passkey is added only shortly after you sign in.",
                    "Go back to the app, sign in again, then add the passkey."));
            return Optional.empty();
        }
        Target target = new Target(client.get(), pool.get(), user.get(), redirectUri);
        if (!Passkeys.maySignIn(user.get())) {
            refuse(ctx, 400, "Cannot add a passkey", "This account cannot add a passkey"
                    + (user.get().status() == dev.cognate.users.UserStatus.EXTERNAL_PROVIDER
                    ? ": its identity provider signs it in." : " now."), target);
            return Optional.empty();
        }
        return Optional.of(target);
    }

    private void refuse(Context ctx, int status, String title, String message, Target t) {
        pages.error(ctx, status, new ErrorPage(title, message, null).withLink(t.redirectUri(), "Back to the app"));
    }

}

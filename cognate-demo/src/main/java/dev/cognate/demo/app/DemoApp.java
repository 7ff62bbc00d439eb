package dev.cognate.demo.app;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.AuthenticationSuccessResponse;
import dev.cognate.demo.app.AppPages.HomePage;
import dev.cognate.demo.app.AppPages.MessagePage;
import dev.cognate.demo.app.AppPages.ProfilePage;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's relying party: a home page with "Sign in", {@code /callback} that checks the state, redeems the code
 * (PKCE) and validates the ID token (nonce), a page of the user's claims and attributes, and sign-out through
 * Cognate's {@code /logout}. It listens before Cognate knows it (its callback URL goes into the app client), and
 * answers 503 until {@link #connect} gives it the pool and client.
 */
public final class DemoApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoApp.class);

    private final Javalin server;
    private final String baseUrl;
    private final AtomicReference<Connection> connection;

    private record Connection(String poolId, CognateRelyingParty relyingParty) {}

    private DemoApp(Javalin server, String baseUrl, AtomicReference<Connection> connection) {
        this.server = server;
        this.baseUrl = baseUrl;
        this.connection = connection;
    }

    /** Listens on {@code host:port} (0: any free port); reached at {@code http://localhost:<port>}. */
    public static DemoApp start(String host, int port) {
        AppPages pages = new AppPages();
        AppSessions sessions = new AppSessions(Clock.systemUTC());
        AtomicReference<Connection> connection = new AtomicReference<>();
        Handlers handlers = new Handlers(pages, sessions, connection);
        Javalin server = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.jetty.host = host;
            c.jetty.port = port;
            // No graceful stop: a browser's idle keep-alive connection would only delay Ctrl-C.
            c.jetty.modifyServer(s -> s.setStopTimeout(0));
            c.staticFiles.add(sf -> {
                sf.hostedPath = "/static";
                sf.directory = "/static";
                sf.location = io.javalin.http.staticfiles.Location.CLASSPATH;
            });
            c.routes.before(ctx -> ctx.header("X-Frame-Options", "DENY"));
            c.routes.get("/", handlers::home);
            c.routes.get("/sign-in", handlers::signIn);
            c.routes.get("/callback", handlers::callback);
            c.routes.get("/sign-out", handlers::signOut);
            c.routes.get("/signed-out", handlers::signedOut);
            c.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("demo app: {} {} failed", ctx.method(), ctx.path(), e);
                pages.message(ctx, 500, new MessagePage("Something went wrong", "The demo app failed; its log says why.", null));
            });
        });
        server.start();
        return new DemoApp(server, "http://localhost:" + server.port(), connection);
    }

    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return server.port();
    }

    public String callbackUrl() {
        return baseUrl + "/callback";
    }

    public String signOutUrl() {
        return baseUrl + "/signed-out";
    }

    /** From now on the app signs users in to {@code poolId} through {@code relyingParty}. */
    public void connect(String poolId, CognateRelyingParty relyingParty) {
        connection.set(new Connection(poolId, relyingParty));
    }

    @Override
    public void close() {
        server.stop();
    }

    private record Handlers(AppPages pages, AppSessions sessions, AtomicReference<Connection> connection) {
        void home(Context ctx) {
            Optional<Connection> connected = connected(ctx);
            if (connected.isEmpty()) {
                return;
            }
            Optional<CognateRelyingParty.SignedIn> user = sessions.existing(ctx).map(s -> s.user);
            if (user.isPresent()) {
                pages.profile(ctx, ProfilePage.of(user.get()));
            } else {
                pages.home(ctx, new HomePage(connected.get().poolId()));
            }
        }

        void signIn(Context ctx) {
            Optional<Connection> connected = connected(ctx);
            if (connected.isEmpty()) {
                return;
            }
            AppSessions.Session session = sessions.getOrCreate(ctx);
            CognateRelyingParty.Pending pending = CognateRelyingParty.Pending.fresh();
            sessions.start(session, pending);
            ctx.redirect(connected.get().relyingParty().authorizationRequest(pending).toString(), HttpStatus.FOUND);
        }

        void callback(Context ctx) {
            Optional<Connection> connected = connected(ctx);
            if (connected.isEmpty()) {
                return;
            }
            AuthenticationResponse response;
            try {
                response = AuthenticationResponseParser.parse(URI.create(ctx.fullUrl()));
            } catch (ParseException | IllegalArgumentException e) {
                pages.message(ctx, 400, new MessagePage("Not a sign-in answer",
                        "The callback got neither a code nor an error from Cognate.", null));
                return;
            }
            if (!response.indicatesSuccess()) {
                ErrorObject error = response.toErrorResponse().getErrorObject();
                pages.message(ctx, 400, new MessagePage("Sign-in failed",
                        error.getDescription() != null ? error.getDescription() : "Cognate answered " + error.getCode() + ".",
                        "Cognate's error: " + error.getCode()));
                return;
            }
            AuthenticationSuccessResponse success = response.toSuccessResponse();
            if (success.getState() == null) {
                // The seed's step-10 URL has no state, nonce or PKCE: Cognate answered, but the app redeems only its own sign-ins.
                pages.message(ctx, 200, new MessagePage("Cognate answered with an authorization code",
                        "The hosted page signed you in and sent a code to this callback: the seed's step 10 works. "
                                + "This app redeems only codes of sign-ins it started itself (with state, nonce and PKCE), "
                                + "so it did not use this one.",
                        "Sign in from the app to see your claims."));
                return;
            }
            Optional<AppSessions.Session> session = sessions.existing(ctx);
            Optional<CognateRelyingParty.Pending> pending = session.flatMap(s -> sessions.take(s, success.getState().getValue()));
            if (pending.isEmpty() || success.getAuthorizationCode() == null) {
                pages.message(ctx, 400, new MessagePage("Unexpected sign-in answer",
                        "This browser did not start this sign-in, it expired, or it was already completed.", null));
                return;
            }
            try {
                session.get().user = connected.get().relyingParty().redeem(success.getAuthorizationCode().getValue(), pending.get());
            } catch (CognateRelyingParty.Refused e) {
                pages.message(ctx, 502, new MessagePage("Sign-in could not be completed", e.getMessage(), null));
                return;
            }
            ctx.redirect("/", HttpStatus.FOUND);
        }

        void signOut(Context ctx) {
            Optional<Connection> connected = connected(ctx);
            if (connected.isEmpty()) {
                return;
            }
            sessions.existing(ctx).ifPresent(s -> s.user = null);
            ctx.redirect(connected.get().relyingParty().logoutRequest().toString(), HttpStatus.FOUND);
        }

        void signedOut(Context ctx) {
            pages.message(ctx, 200, new MessagePage("You are signed out",
                    "The app forgot you, and Cognate ended its session: signing in again shows its hosted page.", null));
        }

        private Optional<Connection> connected(Context ctx) {
            Connection current = connection.get();
            if (current == null) {
                pages.message(ctx, 503, new MessagePage("Starting", "The demo is still setting up Cognate; reload in a moment.", null));
            }
            return Optional.ofNullable(current);
        }
    }
}

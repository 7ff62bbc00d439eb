package dev.cognate;

import dev.cognate.admin.AdminApi;
import dev.cognate.admin.OperationFamily;
import dev.cognate.admin.OperationRegistry;
import dev.cognate.admin.SigV4Verifier;
import dev.cognate.admin.auth.AuthOperations;
import dev.cognate.admin.auth.TokenOperations;
import dev.cognate.admin.clients.AppClientOperations;
import dev.cognate.admin.domains.DomainPoolFacts;
import dev.cognate.admin.domains.UserPoolDomainOperations;
import dev.cognate.admin.groups.GroupOperations;
import dev.cognate.admin.pools.PoolFacts;
import dev.cognate.admin.pools.UserPoolOperations;
import dev.cognate.admin.providers.IdentityProviderOperations;
import dev.cognate.admin.resourceservers.ResourceServerOperations;
import dev.cognate.admin.users.IdentityLinkOperations;
import dev.cognate.admin.users.UserOperations;
import dev.cognate.config.Secrets;
import dev.cognate.config.Settings;
import dev.cognate.crypto.KeyedHash;
import dev.cognate.crypto.SecretBox;
import dev.cognate.hostedui.BrowserSessions;
import dev.cognate.hostedui.Csrf;
import dev.cognate.hostedui.HostedCookies;
import dev.cognate.hostedui.HostedHandlers;
import dev.cognate.hostedui.LoginEndpoints;
import dev.cognate.hostedui.Pages;
import dev.cognate.federation.BrowserBinding;
import dev.cognate.federation.FederatedLogin;
import dev.cognate.federation.FederatedSignIn;
import dev.cognate.federation.FederationMaintenance;
import dev.cognate.federation.FederationMetrics;
import dev.cognate.federation.IdpResponseEndpoint;
import dev.cognate.federation.SecretExpiryMonitor;
import dev.cognate.federation.oidc.IdpHttp;
import dev.cognate.federation.oidc.OidcConnector;
import dev.cognate.hostedui.SignInCompletion;
import dev.cognate.store.jdbc.JdbcFederatedIdentityStore;
import dev.cognate.store.jdbc.JdbcFederationStateStore;
import dev.cognate.store.jdbc.JdbcIdpGroupStore;
import dev.cognate.federation.oidc.OidcDiscovery;
import dev.cognate.http.BodyRefused;
import dev.cognate.http.BodyRefusals;
import dev.cognate.http.Listeners;
import dev.cognate.http.RequestBodies;
import dev.cognate.http.SecurityHeaders;
import dev.cognate.http.SlowClientWatchdog;
import dev.cognate.hostedui.ErrorPage;
import dev.cognate.oauth.token.OAuthResponses;
import dev.cognate.oauth.AuthorizationIssuer;
import dev.cognate.oauth.AuthorizeChecks;
import dev.cognate.oauth.AuthorizeEndpoint;
import dev.cognate.oauth.AuthorizeResponder;
import dev.cognate.oauth.LogoutEndpoint;
import dev.cognate.store.Database;
import dev.cognate.store.SettingsCache;
import dev.cognate.store.jdbc.JdbcAppClientStore;
import dev.cognate.store.jdbc.JdbcGroupStore;
import dev.cognate.store.jdbc.JdbcIdentityLinkStore;
import dev.cognate.store.jdbc.JdbcIdentityProviderStore;
import dev.cognate.store.jdbc.JdbcResourceServerStore;
import dev.cognate.store.jdbc.JdbcSigningKeyStore;
import dev.cognate.store.jdbc.JdbcUserPoolDomainStore;
import dev.cognate.store.jdbc.JdbcUserPoolStore;
import dev.cognate.store.jdbc.JdbcUserStore;
import dev.cognate.store.jdbc.JdbcAuthorizationCodeStore;
import dev.cognate.store.jdbc.JdbcBrowserSessionStore;
import dev.cognate.store.jdbc.JdbcRefreshTokenStore;
import dev.cognate.store.jdbc.JdbcSignInFailureStore;
import dev.cognate.tokens.AccessTokenVerifier;
import dev.cognate.tokens.TokenIssuer;
import dev.cognate.tokens.TokenMinter;
import dev.cognate.users.NewPasswordChallenge;
import dev.cognate.users.PasswordHasher;
import dev.cognate.users.PasswordSignIn;
import dev.cognate.users.SignInThrottle;
import dev.cognate.users.UserDirectory;
import dev.cognate.oauth.DiscoveryEndpoints;
import dev.cognate.oauth.Issuers;
import dev.cognate.oauth.token.AllowedScopes;
import dev.cognate.oauth.token.AuthorizationCodeGrantHandler;
import dev.cognate.oauth.token.ClientAuthenticator;
import dev.cognate.oauth.token.ClientCredentialsGrantHandler;
import dev.cognate.oauth.token.RefreshTokenGrantHandler;
import dev.cognate.oauth.token.RevocationEndpoint;
import dev.cognate.oauth.token.TokenEndpoint;
import dev.cognate.oauth.token.UserInfoEndpoint;
import dev.cognate.tokens.KeyRing;
import dev.cognate.tokens.SigningProvider;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root: builds every part of a node from its settings, and runs it. */
public final class CognateServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CognateServer.class);

    private final Database database;
    private final Javalin app;
    private final String publicUrl;
    private final KeyRing keyRing;
    private final AutoCloseable maintenance;
    private final SlowClientWatchdog watchdog;

    private CognateServer(Database database, Javalin app, String publicUrl, KeyRing keyRing, AutoCloseable maintenance,
                          SlowClientWatchdog watchdog) {
        this.database = database;
        this.watchdog = watchdog;
        this.keyRing = keyRing;
        this.app = app;
        this.publicUrl = publicUrl;
        this.maintenance = maintenance;
    }

    public static CognateServer start(Settings settings, Secrets.Resolved secrets) {
        Clock clock = Clock.systemUTC();
        Database database = Database.connect(settings.dbUrl(), settings.dbUser(), settings.dbPassword(), settings.dataDir());
        // Every client is bounded in bytes, time and connections; bodies are read before any endpoint runs.
        var watchdog = new SlowClientWatchdog(settings.limits());
        try {
            // Migrations run while the rest of the node is built and its HTTP server starts (on a
            // cold JVM both are mostly class loading, and a node has two cores or more); no
            // request is served before they are done. The first query through JDBI follows them
            // on the same thread, so the first request does not pay for it.
            CompletableFuture<Void> migrated = new CompletableFuture<>();
            Thread.ofPlatform().name("cognate-migrate").start(() -> {
                try {
                    database.migrate();
                    if (!database.isReachable()) {
                        throw new IllegalStateException("the store does not answer after its migrations");
                    }
                    migrated.complete(null);
                } catch (Throwable e) {
                    migrated.completeExceptionally(e);
                }
            });
            SecretBox secretBox = new SecretBox(secrets.masterKey());
            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

            // Pools, clients and custom scopes are read by every token request: cached briefly (SettingsCache).
            var settingsCache = new SettingsCache();
            var poolStore = settingsCache.pools(new JdbcUserPoolStore(database.jdbi()));
            var domainStore = new JdbcUserPoolDomainStore(database.jdbi());
            var userStore = new JdbcUserStore(database.jdbi());
            PoolFacts.Source poolFacts = new DomainPoolFacts(domainStore, userStore::countUsers);
            var poolOperations = new UserPoolOperations(poolStore, poolFacts, clock);
            var resourceServerStore = settingsCache.resourceServers(new JdbcResourceServerStore(database.jdbi()));
            var clientStore = settingsCache.clients(new JdbcAppClientStore(database.jdbi(), secretBox));
            var providerStore = new JdbcIdentityProviderStore(database.jdbi(), secretBox);
            var idpHttp = new IdpHttp();
            var providerOperations = new IdentityProviderOperations(providerStore, poolOperations,
                    new OidcDiscovery(idpHttp, clock), clock);
            var domainOperations = new UserPoolDomainOperations(poolOperations, domainStore, clock);
            var resourceServerOperations = new ResourceServerOperations(poolOperations, resourceServerStore);
            var clientOperations = new AppClientOperations(poolOperations, clientStore, resourceServerStore,
                    providerStore::exists, clock);

            var refreshTokenStore = new JdbcRefreshTokenStore(database.jdbi());
            var userOperations = new UserOperations(poolOperations, userStore, new PasswordHasher(), refreshTokenStore, clock);
            var identityLinkOperations = new IdentityLinkOperations(poolOperations, userOperations, userStore,
                    new JdbcIdentityLinkStore(database.jdbi()), providerStore::exists, clock);
            var groupOperations = new GroupOperations(poolOperations, userOperations,
                    new JdbcGroupStore(database.jdbi()), userStore, clock);

            // ACCP's native library takes most of a second to load on a cold JVM: it loads once the
            // node is ready (below), and the first signature waits for it if it has to.
            var signingProvider = new CompletableFuture<SigningProvider>();
            var keyRing = new KeyRing(new JdbcSigningKeyStore(database.jdbi(), secretBox), clock, signingProvider::join);
            var boundUrl = new java.util.concurrent.atomic.AtomicReference<String>();
            var issuers = new Issuers(boundUrl::get, settings.issuerTemplate());
            var discovery = new DiscoveryEndpoints(poolStore, issuers, keyRing, resourceServerStore::scopesOf);

            // Sign-in and tokens, shared by the OAuth endpoints, the hosted UI and InitiateAuth.
            var groupStore = new JdbcGroupStore(database.jdbi());
            var passwordHasher = new PasswordHasher();
            var passwordSignIn = new PasswordSignIn(new UserDirectory(userStore), passwordHasher,
                    new SignInThrottle(new JdbcSignInFailureStore(database.jdbi()),
                            KeyedHash.derive(secrets.masterKey(), SignInThrottle.HASH_PURPOSE), clock), clock);
            var newPasswordChallenge = new NewPasswordChallenge(secretBox, userStore, passwordHasher, clock);
            var tokenMinter = new TokenMinter(keyRing, issuers, clock);
            var idpGroupStore = new JdbcIdpGroupStore(database.jdbi());
            var tokenIssuer = new TokenIssuer(tokenMinter, refreshTokenStore, userStore, groupStore, idpGroupStore, clock);
            var accessTokens = new AccessTokenVerifier(keyRing, issuers, poolStore, userStore, refreshTokenStore, clock);
            var codeStore = new JdbcAuthorizationCodeStore(database.jdbi());
            var sessionStore = new JdbcBrowserSessionStore(database.jdbi());

            // OAuth token side: token (one handler per grant), userInfo, revoke.
            var clientAuthenticator = new ClientAuthenticator(clientStore, poolStore);
            var allowedScopes = new AllowedScopes(resourceServerStore);
            var tokenEndpoint = new TokenEndpoint(clientAuthenticator, List.of(
                    new AuthorizationCodeGrantHandler(codeStore, refreshTokenStore, userStore, tokenIssuer, allowedScopes, clock),
                    new RefreshTokenGrantHandler(tokenIssuer),
                    new ClientCredentialsGrantHandler(tokenMinter, allowedScopes)));
            var userInfoEndpoint = new UserInfoEndpoint(accessTokens, clientStore);
            var revocationEndpoint = new RevocationEndpoint(clientAuthenticator, refreshTokenStore, clock);

            var authOperations = new AuthOperations(poolOperations, clientStore, userStore, passwordSignIn,
                    newPasswordChallenge, tokenIssuer, refreshTokenStore, clock);
            var tokenOperations = new TokenOperations(clientStore, accessTokens, refreshTokenStore, userStore, clock);

            // Hosted UI: authorize, sign-in pages, browser session, logout.
            var pages = new Pages();
            var hostedCookies = new HostedCookies(boundUrl::get);
            var browserSessions = new BrowserSessions(sessionStore, userStore, hostedCookies, clock);
            // Sign-in through upstream OIDC IdPs (/oauth2/idpresponse); authorize hands over to it.
            var federationStates = new JdbcFederationStateStore(database.jdbi(), secretBox);
            var federatedSignIn = new FederatedSignIn(userStore, new JdbcIdentityLinkStore(database.jdbi()),
                    new JdbcFederatedIdentityStore(database.jdbi()), groupStore, idpGroupStore, clock);
            var federatedLogin = new FederatedLogin(federationStates, providerStore, poolStore, clientStore,
                    new OidcConnector(idpHttp, new OidcDiscovery(idpHttp, clock), clock), federatedSignIn,
                    new BrowserBinding(boundUrl::get), new FederationMetrics(metrics), boundUrl::get, clock);
            var signInCompletion = new SignInCompletion(codeStore, browserSessions, tokenIssuer, clock);
            var idpResponse = new IdpResponseEndpoint(federatedLogin, signInCompletion, pages);
            var secretExpiry = new SecretExpiryMonitor(providerStore, metrics, clock);
            var authorizeChecks = new AuthorizeChecks(clientStore, poolStore, providerStore, resourceServerStore);
            var authorizationIssuer = new AuthorizationIssuer(codeStore, tokenIssuer, userStore, clock);
            var authorizeResponder = new AuthorizeResponder(pages, authorizationIssuer, federatedLogin, providerStore);
            var authorizeEndpoint = new AuthorizeEndpoint(authorizeChecks, browserSessions, authorizeResponder);
            var loginEndpoints = new LoginEndpoints(authorizeChecks, authorizeResponder, authorizationIssuer,
                    browserSessions, new Csrf(hostedCookies), providerStore, passwordSignIn, newPasswordChallenge, pages);
            var logoutEndpoint = new LogoutEndpoint(clientStore, browserSessions, pages);

            List<OperationFamily> families = List.of(poolOperations, domainOperations, resourceServerOperations,
                    clientOperations, providerOperations, userOperations, identityLinkOperations, groupOperations,
                    authOperations, tokenOperations);
            OperationRegistry registry = new OperationRegistry();
            families.forEach(f -> f.registerWith(registry));
            AdminApi adminApi = new AdminApi(registry, new SigV4Verifier(secrets.credentials(), clock));

            var requestBodies = new RequestBodies(settings.limits(), watchdog);
            BodyRefusals.Answer hostedRefusal = (ctx, refused) -> pages.error(ctx, refused.status(), new ErrorPage(
                    refused.status() == 413 ? "Request too large" : "Request too slow", refused.getMessage(),
                    "Go back to the app and try signing in again."));
            var bodyRefusals = new BodyRefusals(java.util.Map.of(
                    "/", AdminApi::answer,
                    "/oauth2/token", OAuthResponses::bodyRefused,
                    "/oauth2/revoke", OAuthResponses::bodyRefused,
                    "/login", hostedRefusal,
                    "/login/new-password", hostedRefusal,
                    FederatedLogin.CALLBACK_PATH, hostedRefusal));

            Javalin app = Javalin.create(config -> {
                config.startup.showJavalinBanner = false;
                config.startup.showOldJavalinVersionWarning = false;
                Listeners.configure(config, new Listeners.Addresses(settings.host(), settings.port(),
                        settings.managementHost(), settings.managementPort()), settings.limits(), watchdog);
                config.jetty.modifyServer(server -> server.setStopTimeout(2_000));
                config.routes.before(Listeners::separate);
                config.routes.before(ctx -> migrated.join());
                config.routes.before(SecurityHeaders::apply);
                config.routes.before(requestBodies::read);
                config.staticFiles.add(sf -> {
                    sf.hostedPath = "/static";
                    sf.directory = "/static";
                    sf.location = io.javalin.http.staticfiles.Location.CLASSPATH;
                });
                config.routes.get("/oauth2/authorize", HostedHandlers.guarded(pages, authorizeEndpoint::authorize));
                config.routes.get("/login", HostedHandlers.guarded(pages, loginEndpoints::show));
                config.routes.post("/login", HostedHandlers.guarded(pages, loginEndpoints::signIn));
                config.routes.post("/login/new-password", HostedHandlers.guarded(pages, loginEndpoints::changePassword));
                config.routes.get("/logout", HostedHandlers.guarded(pages, logoutEndpoint::logout));
                config.routes.post("/", adminApi::handle);
                config.routes.get(FederatedLogin.CALLBACK_PATH, idpResponse::handle);
                config.routes.post(FederatedLogin.CALLBACK_PATH, idpResponse::handle);
                config.routes.get("/{poolId}/.well-known/openid-configuration", discovery::configuration);
                config.routes.get("/{poolId}/.well-known/jwks.json", discovery::jwks);
                config.routes.post("/oauth2/token", tokenEndpoint::handle);
                // Cognito's documented path is /oauth2/userInfo; OIDC clients often spell it in lower case.
                for (String path : List.of("/oauth2/userInfo", "/oauth2/userinfo")) {
                    config.routes.get(path, userInfoEndpoint::handle);
                    config.routes.post(path, userInfoEndpoint::handle);
                }
                config.routes.post("/oauth2/revoke", revocationEndpoint::handle);
                // fixed JSON, not ctx.json: a probe must not wait for Javalin's own JSON mapper to load
                config.routes.get("/health", ctx -> ctx.contentType("application/json").result("{\"status\":\"UP\"}"));
                config.routes.get("/ready", ctx -> {
                    boolean ready = database.isReachable();
                    ctx.status(ready ? 200 : 503).contentType("application/json")
                            .result(ready ? "{\"status\":\"READY\"}" : "{\"status\":\"DATABASE_UNREACHABLE\"}");
                });
                config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(metrics.scrape()));
                config.routes.exception(BodyRefused.class, bodyRefusals::answer);
                config.routes.exception(Exception.class, (e, ctx) -> {
                    LOG.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
                    ctx.status(500).contentType("application/json").result("{\"message\":\"Internal server error.\"}");
                });
            });
            app.start();
            boundUrl.set(settings.publicBaseUrl(app.port()));
            awaitMigrations(migrated, app);
            Thread.ofPlatform().daemon().name("cognate-signing-provider").start(() -> {
                SigningProvider provider = SigningProvider.jdk();
                try {
                    provider = SigningProvider.detect();
                } finally {
                    signingProvider.complete(provider);
                }
                LOG.info("Tokens are signed (RS256) by {}", provider.description());
            });
            var maintenance = new FederationMaintenance(federationStates, secretExpiry, clock);
            return new CognateServer(database, app, boundUrl.get(), keyRing, maintenance, watchdog);
        } catch (RuntimeException e) {
            watchdog.close();
            database.close();
            throw e;
        }
    }

    private static void awaitMigrations(CompletableFuture<Void> migrated, Javalin app) {
        try {
            migrated.join();
        } catch (CompletionException e) {
            app.stop();
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    public int port() {
        return app.port();
    }

    /** The management listener's port (/metrics, /health, /ready), -1 when it is off. */
    public int managementPort() {
        return Listeners.managementPort(app.jettyServer().server());
    }

    public String publicUrl() {
        return publicUrl;
    }

    public KeyRing keyRing() {
        return keyRing;
    }

    public Database database() {
        return database;
    }

    @Override
    public void close() {
        try {
            maintenance.close();
            app.stop();
            watchdog.close();
        } catch (Exception e) {
            LOG.warn("stopping the node failed", e);
        } finally {
            database.close();
        }
    }
}

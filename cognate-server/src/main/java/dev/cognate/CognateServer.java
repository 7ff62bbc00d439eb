package dev.cognate;

import dev.cognate.admin.AdminApi;
import dev.cognate.admin.OperationFamily;
import dev.cognate.admin.OperationRegistry;
import dev.cognate.admin.SigV4Verifier;
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
import dev.cognate.crypto.SecretBox;
import dev.cognate.federation.BrowserBinding;
import dev.cognate.federation.FederatedLogin;
import dev.cognate.federation.FederatedSignIn;
import dev.cognate.federation.FederationMaintenance;
import dev.cognate.federation.FederationMetrics;
import dev.cognate.federation.IdpResponseEndpoint;
import dev.cognate.federation.SecretExpiryMonitor;
import dev.cognate.federation.oidc.IdpHttp;
import dev.cognate.federation.oidc.OidcConnector;
import dev.cognate.hostedui.Pages;
import dev.cognate.hostedui.SignInCompletion;
import dev.cognate.oauth.FederatedAuthorizeEntry;
import dev.cognate.store.jdbc.JdbcFederatedIdentityStore;
import dev.cognate.store.jdbc.JdbcFederationStateStore;
import dev.cognate.store.jdbc.JdbcIdpGroupStore;
import dev.cognate.federation.oidc.OidcDiscovery;
import dev.cognate.http.SecurityHeaders;
import dev.cognate.store.Database;
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
import dev.cognate.tokens.KeyRing;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;
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

    private CognateServer(Database database, Javalin app, String publicUrl, KeyRing keyRing, AutoCloseable maintenance) {
        this.database = database;
        this.keyRing = keyRing;
        this.app = app;
        this.publicUrl = publicUrl;
        this.maintenance = maintenance;
    }

    public static CognateServer start(Settings settings, Secrets.Resolved secrets) {
        Clock clock = Clock.systemUTC();
        Database database = Database.open(settings.dbUrl(), settings.dbUser(), settings.dbPassword(), settings.dataDir());
        try {
            SecretBox secretBox = new SecretBox(secrets.masterKey());
            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

            var poolStore = new JdbcUserPoolStore(database.jdbi());
            var domainStore = new JdbcUserPoolDomainStore(database.jdbi());
            var userStore = new JdbcUserStore(database.jdbi());
            PoolFacts.Source poolFacts = new DomainPoolFacts(domainStore, userStore::countUsers);
            var poolOperations = new UserPoolOperations(poolStore, poolFacts, clock);
            var resourceServerStore = new JdbcResourceServerStore(database.jdbi());
            var clientStore = new JdbcAppClientStore(database.jdbi(), secretBox);
            var providerStore = new JdbcIdentityProviderStore(database.jdbi(), secretBox);
            var idpHttp = new IdpHttp();
            var providerOperations = new IdentityProviderOperations(providerStore, poolOperations,
                    new OidcDiscovery(idpHttp, clock), clock);
            var domainOperations = new UserPoolDomainOperations(poolOperations, domainStore, clock);
            var resourceServerOperations = new ResourceServerOperations(poolOperations, resourceServerStore);
            var clientOperations = new AppClientOperations(poolOperations, clientStore, resourceServerStore,
                    providerStore::exists, clock);

            var userOperations = new UserOperations(poolOperations, userStore, new PasswordHasher(), clock);
            var identityLinkOperations = new IdentityLinkOperations(poolOperations, userOperations, userStore,
                    new JdbcIdentityLinkStore(database.jdbi()), providerStore::exists, clock);
            var groupOperations = new GroupOperations(poolOperations, userOperations,
                    new JdbcGroupStore(database.jdbi()), userStore, clock);

            var keyRing = new KeyRing(new JdbcSigningKeyStore(database.jdbi(), secretBox), clock);
            var boundUrl = new java.util.concurrent.atomic.AtomicReference<String>();
            var issuers = new Issuers(boundUrl::get, settings.issuerTemplate());
            var discovery = new DiscoveryEndpoints(poolStore, issuers, keyRing, resourceServerStore::scopesOf);

            // Sign-in and tokens, shared by the OAuth endpoints, the hosted UI and InitiateAuth.
            var groupStore = new JdbcGroupStore(database.jdbi());
            var passwordHasher = new PasswordHasher();
            var passwordSignIn = new PasswordSignIn(new UserDirectory(userStore), passwordHasher,
                    new SignInThrottle(new JdbcSignInFailureStore(database.jdbi()), clock), clock);
            var newPasswordChallenge = new NewPasswordChallenge(secretBox, userStore, passwordHasher, clock);
            var tokenMinter = new TokenMinter(keyRing, issuers, clock);
            var refreshTokenStore = new JdbcRefreshTokenStore(database.jdbi());
            var idpGroupStore = new JdbcIdpGroupStore(database.jdbi());
            var tokenIssuer = new TokenIssuer(tokenMinter, refreshTokenStore, userStore, groupStore, idpGroupStore, clock);
            var accessTokens = new AccessTokenVerifier(keyRing, issuers, poolStore, userStore, refreshTokenStore, clock);
            var codeStore = new JdbcAuthorizationCodeStore(database.jdbi());
            var sessionStore = new JdbcBrowserSessionStore(database.jdbi());

            // Sign-in through upstream OIDC IdPs: /oauth2/idpresponse, and authorize with identity_provider.
            var pages = new Pages();
            var federationStates = new JdbcFederationStateStore(database.jdbi(), secretBox);
            var federatedSignIn = new FederatedSignIn(userStore, new JdbcIdentityLinkStore(database.jdbi()),
                    new JdbcFederatedIdentityStore(database.jdbi()), groupStore, idpGroupStore, clock);
            var federatedLogin = new FederatedLogin(federationStates, providerStore, poolStore, clientStore,
                    new OidcConnector(idpHttp, new OidcDiscovery(idpHttp, clock), clock), federatedSignIn,
                    new BrowserBinding(boundUrl::get), new FederationMetrics(metrics), boundUrl::get, clock);
            var signInCompletion = new SignInCompletion(codeStore, sessionStore, tokenIssuer, boundUrl::get, clock);
            var idpResponse = new IdpResponseEndpoint(federatedLogin, signInCompletion, pages);
            var federatedAuthorize = new FederatedAuthorizeEntry(clientStore, poolStore, providerStore, federatedLogin, pages);
            var secretExpiry = new SecretExpiryMonitor(providerStore, metrics, clock);

            List<OperationFamily> families = List.of(poolOperations, domainOperations, resourceServerOperations,
                    clientOperations, providerOperations, userOperations, identityLinkOperations, groupOperations);
            OperationRegistry registry = new OperationRegistry();
            families.forEach(f -> f.registerWith(registry));
            AdminApi adminApi = new AdminApi(registry, new SigV4Verifier(secrets.credentials(), clock));

            Javalin app = Javalin.create(config -> {
                config.startup.showJavalinBanner = false;
                config.startup.showOldJavalinVersionWarning = false;
                config.jetty.host = settings.host();
                config.jetty.port = settings.port();
                config.jetty.modifyServer(server -> server.setStopTimeout(2_000));
                config.routes.before(SecurityHeaders::apply);
                config.routes.post("/", ctx -> {
                    if (AdminApi.isAdminRequest(ctx)) {
                        adminApi.handle(ctx);
                    } else {
                        ctx.status(404).json(java.util.Map.of("message", "POST / is the Cognito admin API: "
                                + "send X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>"));
                    }
                });
                config.routes.get("/oauth2/authorize", federatedAuthorize::authorize);
                config.routes.get(FederatedLogin.CALLBACK_PATH, idpResponse::handle);
                config.routes.post(FederatedLogin.CALLBACK_PATH, idpResponse::handle);
                config.routes.get("/{poolId}/.well-known/openid-configuration", discovery::configuration);
                config.routes.get("/{poolId}/.well-known/jwks.json", discovery::jwks);
                config.routes.get("/health", ctx -> ctx.json(java.util.Map.of("status", "UP")));
                config.routes.get("/ready", ctx -> {
                    boolean ready = database.isReachable();
                    ctx.status(ready ? 200 : 503).json(java.util.Map.of("status", ready ? "READY" : "DATABASE_UNREACHABLE"));
                });
                config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(metrics.scrape()));
                config.routes.exception(Exception.class, (e, ctx) -> {
                    LOG.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
                    ctx.status(500).json(java.util.Map.of("message", "Internal server error."));
                });
            });
            app.start();
            boundUrl.set(settings.publicBaseUrl(app.port()));
            var maintenance = new FederationMaintenance(federationStates, secretExpiry, clock);
            return new CognateServer(database, app, boundUrl.get(), keyRing, maintenance);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    public int port() {
        return app.port();
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
        } catch (Exception e) {
            LOG.warn("stopping the node failed", e);
        } finally {
            database.close();
        }
    }
}

package dev.cognate;

import dev.cognate.admin.AdminApi;
import dev.cognate.admin.AdminChanges;
import dev.cognate.admin.users.AuthEventOperations;
import dev.cognate.audit.AuditLog;
import dev.cognate.audit.AuditTrail;
import dev.cognate.config.AuditSettings;
import dev.cognate.store.jdbc.JdbcAuditStore;
import dev.cognate.admin.OperationFamily;
import dev.cognate.admin.OperationRegistry;
import dev.cognate.admin.SigV4Verifier;
import dev.cognate.admin.auth.AuthFactorOperations;
import dev.cognate.admin.auth.AuthOperations;
import dev.cognate.admin.auth.TokenOperations;
import dev.cognate.admin.branding.ManagedLoginBrandingOperations;
import dev.cognate.admin.clients.AppClientOperations;
import dev.cognate.admin.domains.DomainPoolFacts;
import dev.cognate.admin.domains.UserPoolDomainOperations;
import dev.cognate.admin.groups.GroupOperations;
import dev.cognate.admin.mfa.MfaConfigOperations;
import dev.cognate.admin.logs.LogDeliveryOperations;
import dev.cognate.admin.risk.RiskConfigurationOperations;
import dev.cognate.admin.tags.TagOperations;
import dev.cognate.admin.terms.TermsOperations;
import dev.cognate.admin.ui.UiCustomizationOperations;
import dev.cognate.admin.pools.PoolFacts;
import dev.cognate.admin.pools.UserPoolOperations;
import dev.cognate.admin.providers.IdentityProviderOperations;
import dev.cognate.admin.resourceservers.ResourceServerOperations;
import dev.cognate.admin.users.IdentityLinkOperations;
import dev.cognate.admin.users.UserImportOperations;
import dev.cognate.admin.users.UserOperations;
import dev.cognate.config.Secrets;
import dev.cognate.config.MailSettings;
import dev.cognate.config.SmsSettings;
import dev.cognate.config.Settings;
import dev.cognate.admin.auth.AuthClients;
import dev.cognate.admin.auth.SignedInUsers;
import dev.cognate.admin.users.PasswordRecoveryOperations;
import dev.cognate.admin.users.SelfServiceOperations;
import dev.cognate.admin.users.SignUpOperations;
import dev.cognate.mail.MessageDelivery;
import dev.cognate.store.jdbc.JdbcOutboxStore;
import dev.cognate.store.jdbc.JdbcVerificationCodeStore;
import dev.cognate.authn.CodeSender;
import dev.cognate.authn.PasswordRecovery;
import dev.cognate.authn.SignUp;
import dev.cognate.authn.EmailOtp;
import dev.cognate.authn.SmsOtp;
import dev.cognate.authn.EmailMfaSetup;
import dev.cognate.authn.VerificationCodes;
import dev.cognate.crypto.KeyedHash;
import dev.cognate.config.LambdaSettings;
import dev.cognate.triggers.CustomSenders;
import dev.cognate.triggers.LambdaInvoker;
import dev.cognate.triggers.PreTokenGeneration;
import dev.cognate.triggers.Triggers;
import dev.cognate.crypto.SecretBox;
import dev.cognate.oauth.BrowserSessions;
import dev.cognate.hostedui.Csrf;
import dev.cognate.http.HostedCookies;
import dev.cognate.hostedui.HostedHandlers;
import dev.cognate.hostedui.StaticAsset;
import dev.cognate.hostedui.AddressLimit;
import dev.cognate.hostedui.CodeSignInEndpoints;
import dev.cognate.hostedui.PasskeyAddEndpoints;
import dev.cognate.hostedui.ForgotPasswordEndpoints;
import dev.cognate.hostedui.LoginEndpoints;
import dev.cognate.hostedui.MfaSetupEndpoints;
import dev.cognate.hostedui.SignUpEndpoints;
import dev.cognate.hostedui.Pages;
import dev.cognate.hostedui.UiCustomizationImages;
import dev.cognate.pools.UiCustomization;
import dev.cognate.oauth.BrowserBinding;
import dev.cognate.federation.Connectors;
import dev.cognate.federation.FederatedLogin;
import dev.cognate.federation.GoogleConnector;
import dev.cognate.federation.FederatedSignIn;
import dev.cognate.federation.FederationMetrics;
import dev.cognate.federation.IdpResponseEndpoint;
import dev.cognate.federation.SecretExpiryMonitor;
import dev.cognate.federation.oidc.IdpHttp;
import dev.cognate.federation.oidc.AppleConnector;
import dev.cognate.federation.oidc.OidcConnector;
import dev.cognate.federation.oidc.ProfileConnector;
import dev.cognate.store.jdbc.JdbcFederatedIdentityStore;
import dev.cognate.store.jdbc.JdbcIdpGroupStore;
import dev.cognate.store.jdbc.JdbcLogDeliveryStore;
import dev.cognate.store.jdbc.JdbcManagedLoginBrandingStore;
import dev.cognate.store.jdbc.JdbcMfaPreferenceStore;
import dev.cognate.store.jdbc.JdbcMfaFactorStore;
import dev.cognate.store.jdbc.JdbcRiskConfigurationStore;
import dev.cognate.store.jdbc.JdbcTermsStore;
import dev.cognate.store.jdbc.JdbcUiCustomizationStore;
import dev.cognate.store.jdbc.JdbcUserImportJobStore;
import dev.cognate.federation.oidc.OidcDiscovery;
import dev.cognate.http.CrossOrigin;
import dev.cognate.http.RateLimit;
import dev.cognate.http.BodyRefused;
import dev.cognate.http.BodyRefusals;
import dev.cognate.http.Listeners;
import dev.cognate.http.RequestBodies;
import dev.cognate.http.SecurityHeaders;
import dev.cognate.http.ServerErrors;
import dev.cognate.http.SlowClientWatchdog;
import dev.cognate.oauth.ErrorPage;
import dev.cognate.oauth.token.OAuthResponses;
import dev.cognate.oauth.AuthorizeChecks;
import dev.cognate.oauth.BrowserBinding;
import dev.cognate.oauth.BrowserSessions;
import dev.cognate.oauth.SignInCompletion;
import dev.cognate.oauth.SignInResponder;
import dev.cognate.oauth.SignInTransactions;
import dev.cognate.http.HostedCookies;
import dev.cognate.tokens.Issuers;
import dev.cognate.store.jdbc.JdbcSignInTransactionStore;
import dev.cognate.oauth.AuthorizeEndpoint;
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
import dev.cognate.authn.NewPasswordChallenge;
import dev.cognate.users.PasswordHasher;
import dev.cognate.authn.SrpChallenge;
import dev.cognate.authn.SoftwareTokenMfa;
import dev.cognate.admin.auth.SoftwareTokenOperations;
import dev.cognate.store.jdbc.JdbcSoftwareTokenStore;
import dev.cognate.authn.SrpVerifiers;
import dev.cognate.store.jdbc.JdbcSrpVerifierStore;
import dev.cognate.store.jdbc.JdbcDeviceStore;
import dev.cognate.authn.Devices;
import dev.cognate.authn.Passkeys;
import dev.cognate.admin.auth.PasskeyOperations;
import dev.cognate.store.jdbc.JdbcPasskeyStore;
import dev.cognate.admin.devices.DeviceOperations;
import dev.cognate.admin.clients.ClientSecretOperations;
import dev.cognate.authn.PasswordSignIn;
import dev.cognate.authn.SignInThrottle;
import dev.cognate.authn.UserDirectory;
import dev.cognate.oauth.DiscoveryEndpoints;
import dev.cognate.tokens.Issuers;
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
import dev.cognate.admin.sessions.SessionOperations;
import dev.cognate.audit.Origin;
import dev.cognate.sessions.CurrentOrigin;
import dev.cognate.sessions.UserSessions;
import dev.cognate.store.jdbc.JdbcUserSessionStore;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root: builds every part of a node from its settings, and runs it. */
public final class CognateServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CognateServer.class);
    /** Ended codes and sign-ins are kept this long past their expiry, so that a replay reads as a replay. */
    static final java.time.Duration KEEP_FOR_REPLAYS = java.time.Duration.ofHours(1);
    private static final java.time.Duration STOP_GRACE = java.time.Duration.ofSeconds(10);

    private final Database database;
    private final Javalin app;
    private final String publicUrl;
    private final KeyRing keyRing;
    private final Maintenance maintenance;
    private final PrometheusMeterRegistry metrics;
    private final OperationRegistry operations;
    private final AutoCloseable messageDelivery;
    private final SlowClientWatchdog watchdog;
    private final AuditTrail audit;

    private CognateServer(Database database, Javalin app, String publicUrl, KeyRing keyRing, Maintenance maintenance,
                          PrometheusMeterRegistry metrics, OperationRegistry operations, AutoCloseable messageDelivery,
                          SlowClientWatchdog watchdog, AuditTrail audit) {
        this.audit = audit;
        this.messageDelivery = messageDelivery;
        this.watchdog = watchdog;
        this.metrics = metrics;
        this.database = database;
        this.operations = operations;
        this.keyRing = keyRing;
        this.app = app;
        this.publicUrl = publicUrl;
        this.maintenance = maintenance;
    }

    public static CognateServer start(Settings settings, Secrets.Resolved secrets) {
        return start(settings, secrets, MailSettings.OUTBOX, Clock.systemUTC());
    }

    public static CognateServer start(Settings settings, Secrets.Resolved secrets, MailSettings mail) {
        return start(settings, secrets, mail, Clock.systemUTC());
    }

    /** A node on {@code clock} (tests move it instead of waiting). */
    public static CognateServer start(Settings settings, Secrets.Resolved secrets, Clock clock) {
        return start(settings, secrets, MailSettings.OUTBOX, clock, LambdaSettings.DEFAULT);
    }

    /** A node that invokes pools' Lambda triggers as {@code lambda} says. */
    public static CognateServer start(Settings settings, Secrets.Resolved secrets, LambdaSettings lambda) {
        return start(settings, secrets, MailSettings.OUTBOX, Clock.systemUTC(), lambda);
    }

    public static CognateServer start(Settings settings, Secrets.Resolved secrets, Clock clock, LambdaSettings lambda) {
        return start(settings, secrets, MailSettings.OUTBOX, clock, lambda);
    }

    public static CognateServer start(Settings settings, Secrets.Resolved secrets, MailSettings mail, LambdaSettings lambda) {
        return start(settings, secrets, mail, Clock.systemUTC(), lambda);
    }

    public static CognateServer start(Settings settings, Secrets.Resolved secrets, MailSettings mail, Clock clock) {
        return start(settings, secrets, mail, clock, LambdaSettings.DEFAULT);
    }

    public static CognateServer start(Settings settings, Secrets.Resolved secrets, MailSettings mail, Clock clock,
                                      LambdaSettings lambda) {
        return start(settings, secrets, mail, clock, lambda, AuditSettings.DEFAULT);
    }

    /** A node whose audit trail is also streamed and kept as {@code audit} says. */
    public static CognateServer start(Settings settings, Secrets.Resolved secrets, MailSettings mail, Clock clock,
                                      LambdaSettings lambda, AuditSettings audit) {
        return start(settings, secrets, mail, SmsSettings.OUTBOX, clock, lambda, audit);
    }

    /** A node that sends e-mail as {@code mail} says and text messages as {@code sms} says. */
    public static CognateServer start(Settings settings, Secrets.Resolved secrets, MailSettings mail, SmsSettings sms,
                                      Clock clock, LambdaSettings lambda, AuditSettings audit) {
        Database database = Database.connect(settings.dbUrl(), settings.dbUser(), settings.dbPassword(), settings.dataDir());
        // Every client is bounded in bytes, time and connections; bodies are read before any endpoint runs.
        var watchdog = new SlowClientWatchdog(settings.limits());
        AuditTrail auditTrail = null;
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
            SecretBox secretBox = new SecretBox(secrets.masterKey(), secrets.previousMasterKeys());
            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

            // Pools, clients and custom scopes are read by every token request: cached briefly (SettingsCache).
            var settingsCache = new SettingsCache();
            var poolStore = settingsCache.pools(new JdbcUserPoolStore(database.jdbi()));
            // The audit trail: admin changes and users' sign-in events, in the store and the --audit-log stream.
            var auditStore = new JdbcAuditStore(database.jdbi());
            // Names that are no user's are kept as keyed hashes only (people type passwords into them).
            auditTrail = new AuditTrail(auditStore, audit.log() == null ? null : AuditLog.open(audit.log()), clock,
                    KeyedHash.derive(secrets.masterKey(), AuditTrail.NAME_HASH_PURPOSE));
            var domainStore = new JdbcUserPoolDomainStore(database.jdbi());
            var userStore = new JdbcUserStore(database.jdbi());
            PoolFacts.Source poolFacts = new DomainPoolFacts(domainStore, userStore::countUsers);
            var poolOperations = new UserPoolOperations(poolStore, poolFacts, clock);
            var mfaFactorStore = new JdbcMfaFactorStore(database.jdbi());
            var mfaOperations = new MfaConfigOperations(poolOperations, mfaFactorStore, clock);
            var tagOperations = new TagOperations(poolOperations);
            var logDeliveryOperations = new LogDeliveryOperations(poolOperations, new JdbcLogDeliveryStore(database.jdbi()));
            var resourceServerStore = settingsCache.resourceServers(new JdbcResourceServerStore(database.jdbi()));
            var clientStore = settingsCache.clients(new JdbcAppClientStore(database.jdbi(), secretBox));
            // A federated sign-in reads its IdP at authorize, on the way out and at the callback: cached as those are
            // (the admin API reads the store itself; its changes drop the cache).
            var jdbcProviderStore = new JdbcIdentityProviderStore(database.jdbi(), secretBox);
            var providerStore = settingsCache.identityProvidersForChanges(jdbcProviderStore);
            var signInProviders = settingsCache.identityProviders(jdbcProviderStore);
            var idpHttp = new IdpHttp();
            var providerOperations = new IdentityProviderOperations(providerStore, poolOperations,
                    new OidcDiscovery(idpHttp, clock), clock);
            var domainOperations = new UserPoolDomainOperations(poolOperations, domainStore, clock);
            var resourceServerOperations = new ResourceServerOperations(poolOperations, resourceServerStore);
            var clientOperations = new AppClientOperations(poolOperations, clientStore, resourceServerStore,
                    providerStore::exists, clock);

            // The public base URL, known once the port is bound: logo URLs, upload URLs, issuers, cookies.
            var boundUrl = new java.util.concurrent.atomic.AtomicReference<String>();
            var uiCustomizationStore = new JdbcUiCustomizationStore(database.jdbi());
            var uiOperations = new UiCustomizationOperations(poolOperations, clientStore, uiCustomizationStore, clock,
                    boundUrl::get);
            var riskOperations = new RiskConfigurationOperations(poolOperations, clientStore,
                    new JdbcRiskConfigurationStore(database.jdbi()), clock);
            var termsOperations = new TermsOperations(poolOperations, clientStore, new JdbcTermsStore(database.jdbi()), clock);
            var brandingOperations = new ManagedLoginBrandingOperations(poolOperations, clientStore,
                    new JdbcManagedLoginBrandingStore(database.jdbi()), clock);

            // Pools' Lambda triggers: PreSignUp, sign-in hooks, the tokens' claims customizer.
            var lambdaInvoker = new LambdaInvoker(lambda.endpoint(), lambda.credentials(), lambda.timeout(), metrics);
            var triggers = new Triggers(lambdaInvoker);
            LOG.info("Pools' Lambda triggers are invoked at {}", lambda.endpoint() != null ? lambda.endpoint()
                    : "AWS Lambda in each function's region (credentials from the AWS SDK's default chain)");
            var refreshTokenStore = new JdbcRefreshTokenStore(database.jdbi());
            // Every password set or proven leaves its SRP verifier (USER_SRP_AUTH), sealed.
            var srpVerifiers = new SrpVerifiers(new JdbcSrpVerifierStore(database.jdbi()), secretBox);
            var signInFailures = new JdbcSignInFailureStore(database.jdbi());
            var signInThrottle = new SignInThrottle(signInFailures,
                    KeyedHash.derive(secrets.masterKey(), SignInThrottle.HASH_PURPOSE), clock);
            // TOTP as a second factor; wrong codes throttled like wrong passwords.
            var softwareTokenStore = new JdbcSoftwareTokenStore(database.jdbi());
            var softwareTokenMfa = new SoftwareTokenMfa(softwareTokenStore, mfaFactorStore, secretBox, signInThrottle, clock);
            String publicHost = java.net.URI.create(settings.publicBaseUrl(settings.port())).getHost();
            var outbox = new JdbcOutboxStore(database.jdbi(), secretBox);
            var verificationCodeStore = new JdbcVerificationCodeStore(database.jdbi());
            var messageDelivery = new MessageDelivery(mail, sms, publicHost, outbox, metrics, clock);
            LOG.info("Text messages are {}", sms.sns() ? "published with Amazon SNS at " + (sms.snsEndpoint() != null
                    ? sms.snsEndpoint() : "each pool's SNS region") + ", as the role of the pool's SmsConfiguration"
                    : "kept in the outbox");
            // A pool's CustomEmailSender/CustomSMSSender takes its messages of that medium over (codes encrypted by KMS).
            var customSenders = CustomSenders.of(lambdaInvoker, lambda, metrics);
            var codeSender = new CodeSender(messageDelivery, triggers, customSenders);
            var verificationCodes = new VerificationCodes(verificationCodeStore, secrets.masterKey(), clock);
            // E-mail codes at sign-in: USER_AUTH's EMAIL_OTP and the EMAIL_OTP second factor.
            var emailOtp = new EmailOtp(verificationCodes, codeSender, mfaFactorStore,
                    new JdbcMfaPreferenceStore(database.jdbi(), JdbcMfaPreferenceStore.Factor.EMAIL));
            // Texted codes as the second factor (SMS_MFA).
            var smsOtp = new SmsOtp(verificationCodes, codeSender, mfaFactorStore,
                    new JdbcMfaPreferenceStore(database.jdbi(), JdbcMfaPreferenceStore.Factor.SMS), userStore,
                    signInThrottle, clock);
            var userOperations = new UserOperations(poolOperations, userStore, new PasswordHasher(), srpVerifiers,
                    softwareTokenMfa, refreshTokenStore, codeSender, clock, triggers, emailOtp, smsOtp, verificationCodes);
            var identityLinkOperations = new IdentityLinkOperations(poolOperations, userOperations, userStore,
                    new JdbcIdentityLinkStore(database.jdbi()), providerStore::exists, clock);
            var groupOperations = new GroupOperations(poolOperations, userOperations,
                    new JdbcGroupStore(database.jdbi()), userStore, clock);
            // Bulk import from CSV: the file goes to the job's PreSignedUrl, served here (boundUrl, set once bound).
            var importOperations = new UserImportOperations(poolOperations, poolStore, userStore,
                    new JdbcUserImportJobStore(database.jdbi()), secrets.masterKey(), boundUrl::get, watchdog, smsOtp, clock);

            // ACCP's native library takes most of a second to load on a cold JVM: it loads once the
            // node is ready (below), and the first signature waits for it if it has to.
            var signingProvider = new CompletableFuture<SigningProvider>();
            var signingKeys = new JdbcSigningKeyStore(database.jdbi(), secretBox);
            var keyRing = new KeyRing(signingKeys, clock, signingProvider::join);
            var issuers = new Issuers(boundUrl::get, settings.issuerTemplate());
            var discovery = new DiscoveryEndpoints(poolStore, issuers, keyRing, resourceServerStore::scopesOf);

            // Sign-in and tokens, shared by the OAuth endpoints, the hosted UI and InitiateAuth.
            var groupStore = new JdbcGroupStore(database.jdbi());
            var passwordHasher = new PasswordHasher();
            var passwordSignIn = new PasswordSignIn(new UserDirectory(userStore), passwordHasher, srpVerifiers,
                    signInThrottle, clock, triggers, userOperations.migrations());
            var newPasswordChallenge = new NewPasswordChallenge(secretBox, userStore, passwordHasher, srpVerifiers, clock);
            var srpChallenge = new SrpChallenge(new UserDirectory(userStore), srpVerifiers, passwordSignIn, secretBox, clock);
            var tokenMinter = new TokenMinter(keyRing, issuers, clock);
            var idpGroupStore = new JdbcIdpGroupStore(database.jdbi());
            var preTokenGeneration = new PreTokenGeneration(triggers);
            // Session tracking: the token sessions sign-ins open, when the pool keeps them.
            var userSessionStore = settingsCache.userSessions(new JdbcUserSessionStore(database.jdbi()));
            var browserSessionStore = new JdbcBrowserSessionStore(database.jdbi());
            var userSessions = new UserSessions(userSessionStore, refreshTokenStore, browserSessionStore, clock);
            var deviceStore = new JdbcDeviceStore(database.jdbi());
            var tokenIssuer = new TokenIssuer(tokenMinter, refreshTokenStore, userStore, groupStore, idpGroupStore, clock,
                    preTokenGeneration, new dev.cognate.store.jdbc.JdbcOneConnection(database.jdbi()), userSessions,
                    deviceStore);
            var accessTokens = new AccessTokenVerifier(keyRing, issuers, poolStore, userStore, refreshTokenStore, clock);
            var codeStore = new JdbcAuthorizationCodeStore(database.jdbi());
            var sessionStore = browserSessionStore;

            // OAuth token side: token (one handler per grant), userInfo, revoke.
            var clientAuthenticator = new ClientAuthenticator(clientStore, poolStore);
            var allowedScopes = new AllowedScopes(resourceServerStore);
            var tokenEndpoint = new TokenEndpoint(clientAuthenticator, List.of(
                    new AuthorizationCodeGrantHandler(codeStore, refreshTokenStore, userStore, tokenIssuer, allowedScopes, clock),
                    new RefreshTokenGrantHandler(tokenIssuer),
                    new ClientCredentialsGrantHandler(tokenMinter, allowedScopes, preTokenGeneration)));
            var userInfoEndpoint = new UserInfoEndpoint(accessTokens, clientStore);
            var revocationEndpoint = new RevocationEndpoint(clientAuthenticator, refreshTokenStore, clock);

            // Passkeys: WebAuthn credentials, registered by signed-in users, USER_AUTH's WEB_AUTHN factor.
            var passkeys = new Passkeys(new JdbcPasskeyStore(database.jdbi()), mfaFactorStore, secretBox,
                    () -> java.net.URI.create(boundUrl.get()), clock);
            // Device tracking: devices handed out at sign-in, confirmed and remembered by the apps.
            var devices = new Devices(deviceStore, refreshTokenStore, secretBox, clock);
            var authOperations = new AuthOperations(poolOperations, clientStore, userStore, passwordSignIn,
                    newPasswordChallenge, srpChallenge, softwareTokenMfa, emailOtp, smsOtp, tokenIssuer, refreshTokenStore, clock,
                    triggers, secretBox, auditTrail, devices, passkeys);
            var deviceOperations = new DeviceOperations(new SignedInUsers(accessTokens), poolOperations, userOperations,
                    devices);
            var authEventOperations = new AuthEventOperations(poolOperations, userOperations, auditStore, clock);
            var softwareTokenOperations = new SoftwareTokenOperations(poolOperations, userStore, softwareTokenMfa,
                    emailOtp, smsOtp, accessTokens, passkeys);
            var authFactorOperations = new AuthFactorOperations(poolOperations, userStore, softwareTokenMfa, emailOtp,
                    smsOtp, accessTokens, passkeys);
            var tokenOperations = new TokenOperations(clientStore, accessTokens, refreshTokenStore, userStore,
                    softwareTokenMfa, emailOtp, smsOtp, userSessions, clock);

            // Native users: sign-up, confirmation and password reset with codes by e-mail (or the outbox).
            var authClients = new AuthClients(poolOperations, clientStore);
            var signUp = new SignUp(userStore, passwordHasher, srpVerifiers, verificationCodes, codeSender, clock, triggers);
            var passwordRecovery = new PasswordRecovery(userStore, passwordHasher, srpVerifiers, verificationCodes, codeSender,
                    clock, triggers, userOperations.migrations());
            var signUpOperations = new SignUpOperations(authClients, poolOperations, userOperations, signUp,
                    new dev.cognate.admin.auth.SignUpSessions(softwareTokenMfa), auditTrail);
            var recoveryOperations = new PasswordRecoveryOperations(authClients, poolOperations, userOperations,
                    passwordRecovery, auditTrail);
            var selfServiceOperations = new SelfServiceOperations(new SignedInUsers(accessTokens), poolOperations,
                    userOperations, userStore, refreshTokenStore, passwordHasher, signInThrottle, verificationCodes, codeSender,
                    clock, auditTrail);

            // The sign-in transaction: authorize begins it, the hosted pages and upstream IdPs move it
            // on, SignInCompletion ends it (code or implicit tokens, browser session, redirect).
            var pages = new Pages();
            var stylesheet = StaticAsset.load(StaticAsset.STYLESHEET, "text/css; charset=utf-8");
            var passkeyScript = StaticAsset.load(StaticAsset.PASSKEY_SCRIPT, "text/javascript; charset=utf-8");
            var icon = StaticAsset.load(StaticAsset.ICON, "image/svg+xml");
            var hostedCookies = new HostedCookies(boundUrl::get);
            var browserSessions = new BrowserSessions(sessionStore, userStore, hostedCookies, userSessions, clock);
            var browserBinding = new BrowserBinding(boundUrl::get);
            var transactionStore = new JdbcSignInTransactionStore(database.jdbi(), secretBox);
            var transactions = new SignInTransactions(transactionStore, poolStore, clientStore, clock);
            var completion = new SignInCompletion(transactions, codeStore, browserSessions, tokenIssuer, userStore, auditTrail);
            var signInResponder = new SignInResponder(browserSessions, pages);
            // Sign-in through upstream OIDC IdPs and Cognito's social ones (Google, Apple, Facebook, Amazon) (/oauth2/idpresponse): authorize hands over to it.
            var federatedSignIn = new FederatedSignIn(userStore, new JdbcIdentityLinkStore(database.jdbi()),
                    new JdbcFederatedIdentityStore(database.jdbi()), groupStore, idpGroupStore, clock, triggers);
            var oidcConnector = new OidcConnector(idpHttp, new OidcDiscovery(idpHttp, clock), clock);
            var federatedLogin = new FederatedLogin(transactions, signInProviders,
                    new Connectors(oidcConnector, new GoogleConnector(oidcConnector, settings.social().google()),
                            new AppleConnector(oidcConnector, settings.social().apple(), clock),
                            new ProfileConnector(oidcConnector, ProfileConnector.Api.FACEBOOK, settings.social().facebook()),
                            new ProfileConnector(oidcConnector, ProfileConnector.Api.AMAZON, settings.social().amazon())), federatedSignIn,
                    new FederationMetrics(metrics), boundUrl::get, auditTrail);
            var idpResponse = new IdpResponseEndpoint(federatedLogin, browserBinding, completion, signInResponder, pages);
            var secretExpiry = new SecretExpiryMonitor(providerStore, metrics, clock);
            var authorizeChecks = new AuthorizeChecks(clientStore, poolStore, signInProviders, resourceServerStore,
                    userSessionStore, clock);
            var authorizeEndpoint = new AuthorizeEndpoint(authorizeChecks, browserSessions, browserBinding, transactions,
                    completion, signInResponder, federatedLogin, pages,
                    new RateLimit(settings.limits().signInsPerAddressPerMinute(), 100_000, clock));
            var csrf = new Csrf(hostedCookies);
            var loginEndpoints = new LoginEndpoints(authorizeEndpoint, transactions, completion, signInResponder,
                    browserBinding, csrf, signInProviders, passwordSignIn, newPasswordChallenge,
                    softwareTokenMfa, emailOtp, smsOtp, new UserDirectory(userStore), pages, passkeys);
            // Hosted sign-up and password reset: the same SignUp and PasswordRecovery as the API.
            var mailingsPerAddress = new AddressLimit(
                    new RateLimit(settings.limits().signInsPerAddressPerMinute(), 100_000, clock), pages);
            var signUpEndpoints = new SignUpEndpoints(loginEndpoints, transactions, csrf, signUp, mailingsPerAddress, pages);
            var forgotPasswordEndpoints = new ForgotPasswordEndpoints(loginEndpoints, transactions, csrf, passwordRecovery,
                    mailingsPerAddress, pages);
            var mfaSetupEndpoints = new MfaSetupEndpoints(loginEndpoints, emailOtp, new EmailMfaSetup(userStore, clock), csrf,
                    mailingsPerAddress, pages);
            var emailSignInEndpoints = new CodeSignInEndpoints(CodeSignInEndpoints.Medium.email(emailOtp), loginEndpoints,
                    csrf, mailingsPerAddress, pages);
            var smsSignInEndpoints = new CodeSignInEndpoints(CodeSignInEndpoints.Medium.sms(smsOtp), loginEndpoints,
                    csrf, mailingsPerAddress, pages);
            var passkeyAddEndpoints = new PasskeyAddEndpoints(clientStore, poolStore, browserSessions, passkeys, csrf, pages,
                    clock);
            var logoutEndpoint = new LogoutEndpoint(clientStore, browserSessions, pages);

            List<OperationFamily> families = List.of(poolOperations, domainOperations, resourceServerOperations,
                    clientOperations, providerOperations, userOperations, identityLinkOperations, groupOperations,
                    authOperations, tokenOperations, mfaOperations, tagOperations, uiOperations, riskOperations,
                    logDeliveryOperations, termsOperations, brandingOperations, signUpOperations, recoveryOperations,
                    selfServiceOperations, softwareTokenOperations, authFactorOperations, authEventOperations,
                    importOperations, deviceOperations, new ClientSecretOperations(poolOperations, clientStore, clock),
                    new dev.cognate.admin.providers.SigningCertificateOperations(poolOperations,
                            new dev.cognate.tokens.PoolCertificates(
                                    new dev.cognate.store.jdbc.JdbcPoolCertificateStore(database.jdbi(), secretBox), clock)),
                    new PasskeyOperations(new SignedInUsers(accessTokens), poolOperations, passkeys),
                    new SessionOperations(new SignedInUsers(accessTokens), poolOperations, userOperations, clientStore,
                            userSessionStore, userSessions));
            OperationRegistry registry = new OperationRegistry(new AdminChanges(auditTrail));
            families.forEach(f -> f.registerWith(registry));
            AdminApi adminApi = new AdminApi(registry, new SigV4Verifier(secrets.credentials(), clock));

            var requestBodies = new RequestBodies(settings.limits(), watchdog);
            BodyRefusals.Answer hostedRefusal = (ctx, refused) -> pages.error(ctx, refused.status(), new ErrorPage(
                    refused.status() == 413 ? "Request too large" : "Request too slow", refused.getMessage(),
                    "Go back to the app and try signing in again."));
            var refusedBodies = new java.util.HashMap<String, BodyRefusals.Answer>(java.util.Map.of(
                    "/", AdminApi::answer,
                    "/oauth2/token", OAuthResponses::bodyRefused,
                    "/oauth2/revoke", OAuthResponses::bodyRefused,
                    "/login", hostedRefusal,
                    "/login/new-password", hostedRefusal,
                    FederatedLogin.CALLBACK_PATH, hostedRefusal));
            for (String hosted : List.of("/passkeys/add", "/login/passkey", "/login/email-sign-in", "/login/email-sign-in/code",
                    "/login/email-sign-in/resend", "/login/totp", "/login/totp-setup", "/login/email-code",
                    "/login/email-code/resend", "/login/sms-code", "/login/sms-code/resend", "/login/sms-sign-in",
                    "/login/sms-sign-in/code", "/login/sms-sign-in/resend", "/login/mfa-choice", "/login/mfa-setup", "/login/email-setup",
                    "/login/email-setup/resend", "/login/email-setup/code", "/signup", "/confirm", "/confirm/resend", "/forgotPassword", "/confirmForgotPassword")) {
                refusedBodies.put(hosted, hostedRefusal);
            }
            var bodyRefusals = new BodyRefusals(refusedBodies);

            Javalin app = Javalin.create(config -> {
                config.startup.showJavalinBanner = false;
                config.startup.showOldJavalinVersionWarning = false;
                Listeners.configure(config, new Listeners.Addresses(settings.host(), settings.port(),
                        settings.managementHost(), settings.managementPort()), settings.limits(), watchdog);
                // A stop waits this long for requests in flight (a Lambda trigger alone may take Cognito's
                // 5 s); connections that wait for a next request are closed at once (Listeners).
                config.jetty.modifyServer(server -> server.setStopTimeout(STOP_GRACE.toMillis()));
                config.routes.before(ctx -> CurrentOrigin.set(new Origin(ctx.ip(), ctx.userAgent())));
                config.routes.after(ctx -> CurrentOrigin.clear());
                config.routes.before(Listeners::separate);
                config.routes.before(ctx -> migrated.join());
                config.routes.before(SecurityHeaders::apply);
                config.routes.before(ctx -> {
                    if (!dev.cognate.admin.users.UserImportUploads.isUpload(ctx)) {
                        requestBodies.read(ctx);
                    }
                });
                CrossOrigin.install(config.routes, adminApi::targetsSignedOperation);
                for (StaticAsset asset : List.of(stylesheet, passkeyScript, icon)) {
                    config.routes.get(asset.path(), asset::serve);
                    config.routes.head(asset.path(), asset::serve);
                }
                config.routes.get("/oauth2/authorize", HostedHandlers.guarded(pages, authorizeEndpoint::authorize));
                config.routes.get("/login", HostedHandlers.guarded(pages, loginEndpoints::show));
                config.routes.post("/login", HostedHandlers.guarded(pages, loginEndpoints::signIn));
                config.routes.post("/login/passkey", HostedHandlers.guarded(pages, loginEndpoints::passkey));
                config.routes.get("/passkeys/add", HostedHandlers.guarded(pages, passkeyAddEndpoints::show));
                config.routes.post("/passkeys/add", HostedHandlers.guarded(pages, passkeyAddEndpoints::add));
                config.routes.post("/login/email-sign-in", HostedHandlers.guarded(pages, emailSignInEndpoints::start));
                config.routes.post("/login/email-sign-in/code", HostedHandlers.guarded(pages, emailSignInEndpoints::code));
                config.routes.post("/login/email-sign-in/resend", HostedHandlers.guarded(pages, emailSignInEndpoints::resend));
                config.routes.post("/login/sms-sign-in", HostedHandlers.guarded(pages, smsSignInEndpoints::start));
                config.routes.post("/login/sms-sign-in/code", HostedHandlers.guarded(pages, smsSignInEndpoints::code));
                config.routes.post("/login/sms-sign-in/resend", HostedHandlers.guarded(pages, smsSignInEndpoints::resend));
                config.routes.post("/login/new-password", HostedHandlers.guarded(pages, loginEndpoints::changePassword));
                config.routes.post("/login/totp", HostedHandlers.guarded(pages, loginEndpoints::totp));
                config.routes.post("/login/totp-setup", HostedHandlers.guarded(pages, loginEndpoints::totpSetup));
                config.routes.post("/login/email-code", HostedHandlers.guarded(pages, loginEndpoints::emailCode));
                config.routes.post("/login/email-code/resend", HostedHandlers.guarded(pages, loginEndpoints::resendEmailCode));
                config.routes.post("/login/sms-code", HostedHandlers.guarded(pages, loginEndpoints::smsCode));
                config.routes.post("/login/sms-code/resend", HostedHandlers.guarded(pages, loginEndpoints::resendSmsCode));
                config.routes.post("/login/mfa-choice", HostedHandlers.guarded(pages, loginEndpoints::chooseMfa));
                config.routes.post("/login/mfa-setup", HostedHandlers.guarded(pages, mfaSetupEndpoints::choose));
                config.routes.post("/login/email-setup", HostedHandlers.guarded(pages, mfaSetupEndpoints::address));
                config.routes.post("/login/email-setup/resend", HostedHandlers.guarded(pages, mfaSetupEndpoints::resend));
                config.routes.post("/login/email-setup/code", HostedHandlers.guarded(pages, mfaSetupEndpoints::code));
                config.routes.get("/signup", HostedHandlers.guarded(pages, signUpEndpoints::show));
                config.routes.post("/signup", HostedHandlers.guarded(pages, signUpEndpoints::signUp));
                config.routes.get("/confirm", HostedHandlers.guarded(pages, signUpEndpoints::showConfirm));
                config.routes.post("/confirm", HostedHandlers.guarded(pages, signUpEndpoints::confirm));
                config.routes.post("/confirm/resend", HostedHandlers.guarded(pages, signUpEndpoints::resend));
                config.routes.get("/forgotPassword", HostedHandlers.guarded(pages, forgotPasswordEndpoints::show));
                config.routes.post("/forgotPassword", HostedHandlers.guarded(pages, forgotPasswordEndpoints::forgot));
                config.routes.get("/confirmForgotPassword", HostedHandlers.guarded(pages, forgotPasswordEndpoints::showConfirm));
                config.routes.post("/confirmForgotPassword", HostedHandlers.guarded(pages, forgotPasswordEndpoints::confirm));
                config.routes.get("/logout", HostedHandlers.guarded(pages, logoutEndpoint::logout));
                config.routes.post("/", adminApi::handle);
                config.routes.put(UserImportOperations.uploadPath(), importOperations.uploads()::upload);
                config.routes.get(FederatedLogin.CALLBACK_PATH, idpResponse::handle);
                config.routes.post(FederatedLogin.CALLBACK_PATH, idpResponse::handle);
                config.routes.get("/{poolId}/.well-known/openid-configuration", discovery::configuration);
                config.routes.get("/{poolId}/.well-known/jwks.json", discovery::jwks);
                config.routes.get(UiCustomization.IMAGE_ROUTE, new UiCustomizationImages(uiCustomizationStore)::handle);
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
                    boolean ready = database.isReachableWithin(java.time.Duration.ofSeconds(2));
                    ctx.status(ready ? 200 : 503).contentType("application/json")
                            .result(ready ? "{\"status\":\"READY\"}" : "{\"status\":\"DATABASE_UNREACHABLE\"}");
                });
                config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(metrics.scrape()));
                ServerErrors.install(config);
                config.routes.exception(BodyRefused.class, bodyRefusals::answer);
                config.routes.exception(Exception.class, (e, ctx) -> {
                    dev.cognate.store.StoreFaults.log(LOG, "unhandled error on " + ctx.method() + " " + ctx.path(), e);
                    if (ctx.path().startsWith("/oauth2/")) {
                        OAuthResponses.serverError(ctx);
                    } else {
                        ServerErrors.answer(ctx);
                    }
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
            var maintenance = new Maintenance(List.of(
                    new Maintenance.Purge("authorization_codes", now -> codeStore.purgeExpired(now.minus(KEEP_FOR_REPLAYS))),
                    new Maintenance.Purge("sign_in_transactions",
                            now -> transactionStore.purgeExpired(now.minus(KEEP_FOR_REPLAYS))),
                    new Maintenance.Purge("browser_sessions", sessionStore::purgeExpired),
                    new Maintenance.Purge("refresh_tokens", refreshTokenStore::purgeExpired),
                    new Maintenance.Purge("user_sessions", userSessions::purgeExpired),
                    new Maintenance.Purge("revoked_origins",
                            // access tokens live a day at most (Cognito's limit): none of a revoked event is valid after
                            now -> refreshTokenStore.purgeRevokedOrigins(now.minus(java.time.Duration.ofDays(1)))),
                    new Maintenance.Purge("used_mfa_sessions", softwareTokenStore::purgeUsedSessions),
                    new Maintenance.Purge("unconfirmed_devices",
                            now -> deviceStore.purgeUnconfirmed(now.minus(Devices.UNCONFIRMED_FOR))),
                    new Maintenance.Purge("sign_in_failures",
                            now -> signInFailures.purgeOlderThan(now.minus(SignInThrottle.MEMORY))),
                    new Maintenance.Purge("verification_codes", verificationCodeStore::purgeExpired),
                    new Maintenance.Purge("outbox_messages", outbox::purgeExpired),
                    new Maintenance.Purge("audit_records", now -> auditStore.purgeOlderThan(now.minus(audit.retention()))),
                    new Maintenance.Purge("retired_signing_keys", now -> signingKeys.deleteRetiredBefore(
                            now.minus(KeyRing.PUBLISH_RETIRED_FOR).minus(KeyRing.PUBLISH_RETIRED_FOR)))),
                    List.of(secretExpiry::check, importOperations::endAbandonedJobs), metrics, clock)
                    .start(Maintenance.INTERVAL);
            AutoCloseable messages = () -> {
                customSenders.close();
                messageDelivery.close();
            };
            return new CognateServer(database, app, boundUrl.get(), keyRing, maintenance, metrics, registry,
                    messages, watchdog, auditTrail);
        } catch (RuntimeException e) {
            if (auditTrail != null) {
                auditTrail.close();
            }
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

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    /** The node's upkeep loop (tests run a pass at a time they choose). */
    public Maintenance maintenance() {
        return maintenance;
    }

    public Database database() {
        return database;
    }

    /** The operations the admin API dispatches (the README lists them). */
    public List<OperationRegistry.Registered<?>> adminOperations() {
        return operations.all();
    }

    @Override
    public void close() {
        try {
            maintenance.stop();
            try {
                app.stop();
            } catch (io.javalin.util.JavalinException e) {
                // Jetty stops its connectors all the same; only the wait for open exchanges ran out.
                LOG.debug("the node stopped without waiting for every open exchange: {}", e.getMessage());
            }
            messageDelivery.close();
            watchdog.close();
            audit.close();
        } catch (Exception e) {
            LOG.warn("stopping the node failed", e);
        } finally {
            maintenance.close();
            database.close();
        }
    }
}

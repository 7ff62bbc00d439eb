package dev.cognate.devidp;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.cognate.devidp.crypto.Certificates;
import dev.cognate.devidp.crypto.RandomValues;
import dev.cognate.devidp.crypto.SigningKeys;
import dev.cognate.devidp.directory.Directory;
import dev.cognate.devidp.graph.GraphApi;
import dev.cognate.devidp.oauth.EntraEndpoints;
import dev.cognate.devidp.oauth.Endpoints;
import dev.cognate.devidp.pages.Pages;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running development IdP that behaves like Microsoft Entra ID's v2.0 endpoints: embeddable in tests and
 * tools ({@code try (DevIdp idp = DevIdp.start(config)) {...}}) and run on its own by {@link DevIdpMain}.
 */
public final class DevIdp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DevIdp.class);

    private final Javalin app;
    private final Directory directory;
    private final SigningKeys keys;
    private final String adminToken;
    private final X509Certificate tlsCertificate;
    private volatile String baseUrl;

    private DevIdp(Javalin app, Directory directory, SigningKeys keys, String adminToken, X509Certificate tlsCertificate) {
        this.app = app;
        this.directory = directory;
        this.keys = keys;
        this.adminToken = adminToken;
        this.tlsCertificate = tlsCertificate;
    }

    public static DevIdp start(DevIdpConfig config) {
        return start(config, Clock.systemUTC());
    }

    /** Starts a dev IdP whose notion of time is {@code clock} (tests move it to expire codes, secrets and tokens). */
    public static DevIdp start(DevIdpConfig config, Clock clock) {
        Directory directory = DirectorySeed.build(config, clock);
        SigningKeys keys = new SigningKeys(config.signingKeysOrDefault());
        String adminToken = config.adminToken() != null && !config.adminToken().isBlank() ? config.adminToken() : RandomValues.token(24);
        boolean tls = config.tlsOrDefault();
        Certificates.SelfSigned tlsIdentity = tls ? Certificates.generate("localhost", Duration.ofDays(365), "localhost", "127.0.0.1") : null;
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        // Known before start unless the port is picked by the system (port 0): then nobody can call before start returns.
        String scheme = tls ? "https" : "http";
        AtomicReference<String> base = new AtomicReference<>(config.publicUrl() != null && !config.publicUrl().isBlank()
                ? config.publicUrl().replaceAll("/+$", "")
                : config.portOrDefault() != 0 ? scheme + "://localhost:" + config.portOrDefault() : null);
        Endpoints endpoints = new Endpoints(base::get);
        Pages pages = new Pages();
        EntraEndpoints entra = new EntraEndpoints(directory, keys, endpoints, pages, clock,
                tls || (config.publicUrl() != null && config.publicUrl().startsWith("https:")));
        GraphApi graph = new GraphApi(directory, keys, adminToken, endpoints, json, clock);

        Javalin app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.jsonMapper(new JavalinJackson(json, false));
            c.http.maxRequestSize = 256 * 1024;
            if (tls) {
                c.jetty.addConnector((server, http) -> tlsConnector(server, http, tlsIdentity, config));
            } else {
                c.jetty.host = config.hostOrDefault();
                c.jetty.port = config.portOrDefault();
            }
            c.jetty.modifyServer(server -> server.setStopTimeout(2_000));
            c.routes.before(DevIdp::securityHeaders);
            entra.register(c.routes);
            graph.register(c.routes);
            c.routes.get("/", ctx -> ctx.json(Map.of("service", "Cognate development IdP (Entra ID v2.0 stand-in)",
                    "tenants", directory.tenants().stream().map(t -> endpoints.issuer(t.id())).toList())));
            c.routes.get("/health", ctx -> ctx.json(Map.of("status", "UP")));
            c.routes.get("/error", ctx -> ctx.contentType("text/plain; charset=utf-8")
                    .result("Look up AADSTS" + ctx.queryParam("code") + " in Microsoft Entra's error code reference."));
            c.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
                ctx.status(500).json(Map.of("error", "server_error", "error_description", "Internal error of the development IdP."));
            });
        });
        app.start();
        DevIdp idp = new DevIdp(app, directory, keys, adminToken, tlsIdentity == null ? null : tlsIdentity.certificate());
        base.compareAndSet(null, scheme + "://localhost:" + app.port());
        idp.baseUrl = base.get();
        return idp;
    }

    private static ServerConnector tlsConnector(org.eclipse.jetty.server.Server server, HttpConfiguration http,
                                                Certificates.SelfSigned identity, DevIdpConfig config) {
        try {
            char[] password = RandomValues.token(16).toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("devidp", identity.keyPair().getPrivate(), password, new X509Certificate[] {identity.certificate()});
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(store);
            ssl.setKeyStorePassword(new String(password));
            ssl.setSniRequired(false);
            HttpConfiguration https = new HttpConfiguration(http);
            SecureRequestCustomizer customizer = new SecureRequestCustomizer();
            customizer.setSniHostCheck(false);
            https.addCustomizer(customizer);
            ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
            connector.setHost(config.hostOrDefault());
            connector.setPort(config.portOrDefault());
            return connector;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot set up TLS", e);
        }
    }

    private static void securityHeaders(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
    }

    /** The public base URL, e.g. {@code http://localhost:9339}; authorities are {@code <base>/<tenant>/v2.0}. */
    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return app.port();
    }

    /** {@code <base>/<tenant>/v2.0} for a tenant GUID, a domain, common, organizations or consumers. */
    public String authority(String tenant) {
        return baseUrl + "/" + tenant + "/v2.0";
    }

    /** The bearer token of the Graph-shaped API. */
    public String adminToken() {
        return adminToken;
    }

    public Directory directory() {
        return directory;
    }

    /** Publishes a new signing key and signs with it from now on; returns its kid. */
    public String rotateSigningKeys() {
        return keys.rotate();
    }

    /** The self-signed TLS certificate when serving https. */
    public Optional<X509Certificate> tlsCertificate() {
        return Optional.ofNullable(tlsCertificate);
    }

    /** An SSLContext trusting this IdP's TLS certificate, for clients in tests and demos. */
    public SSLContext clientSslContext() {
        X509Certificate certificate = tlsCertificate().orElseThrow(() -> new IllegalStateException("the dev IdP runs without TLS"));
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("devidp", certificate);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            app.stop();
        } catch (io.javalin.util.JavalinException e) {
            // Jetty stops every connector all the same; only its wait for open exchanges (a client
            // that keeps its connection) ran out, which is no failure of the IdP.
            LOG.debug("the dev IdP stopped without waiting for every open exchange: {}", e.getMessage());
        }
    }
}

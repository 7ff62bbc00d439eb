package dev.cognate.federation;

import dev.cognate.oauth.BrowserBinding;

import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.cognate.clients.AppClient;
import dev.cognate.crypto.Hashes;
import dev.cognate.crypto.RandomIds;
import dev.cognate.pools.UserPool;
import dev.cognate.providers.IdentityProvider;
import dev.cognate.providers.ProviderType;
import dev.cognate.store.AppClientStore;
import dev.cognate.store.FederationStateStore;
import dev.cognate.store.FederationStateStore.Consumption;
import dev.cognate.store.IdentityProviderStore;
import dev.cognate.store.UserPoolStore;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in through an upstream IdP, both legs:
 * <ol>
 *   <li>{@link #begin}: the authorize side hands over a validated {@link PendingAuthorization};
 *       an unguessable state, nonce and PKCE verifier are kept (sealed, single use, bound to
 *       this browser and to this provider, 5 minutes) and the browser is sent to the IdP;</li>
 *   <li>{@link #complete}: at {@code /oauth2/idpresponse} the state is consumed atomically, checked
 *       against the browser, its age and the RFC 9207 {@code iss} parameter, the connector
 *       proves the identity, and {@link FederatedSignIn} makes it a pool user.</li>
 * </ol>
 * Whatever the IdP or the browser sends, {@code complete} answers an outcome (never throws):
 * the app hears of failures through its callback when the state ties the answer to a validated
 * request from this browser, else a page says what happened.
 */
public final class FederatedLogin {
    private static final Logger LOG = LoggerFactory.getLogger(FederatedLogin.class);
    public static final String CALLBACK_PATH = "/oauth2/idpresponse";
    public static final Duration STATE_LIFETIME = Duration.ofMinutes(5);
    private static final Pattern STATE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final String INVALID_REQUEST = "invalid_request";

    private final FederationStateStore states;
    private final IdentityProviderStore providers;
    private final UserPoolStore pools;
    private final AppClientStore clients;
    private final Connector connector;
    private final FederatedSignIn signIn;
    private final BrowserBinding binding;
    private final FederationMetrics metrics;
    private final Supplier<String> publicUrl;
    private final Clock clock;

    public FederatedLogin(FederationStateStore states, IdentityProviderStore providers, UserPoolStore pools,
                          AppClientStore clients, Connector connector, FederatedSignIn signIn, BrowserBinding binding,
                          FederationMetrics metrics, Supplier<String> publicUrl, Clock clock) {
        this.states = states;
        this.providers = providers;
        this.pools = pools;
        this.clients = clients;
        this.connector = connector;
        this.signIn = signIn;
        this.binding = binding;
        this.metrics = metrics;
        this.publicUrl = publicUrl;
        this.clock = clock;
    }

    /**
     * Starts the sign-in at {@code provider} for a validated authorization request.
     *
     * @return where to send the browser (302)
     * @throws IdpFailure when the IdP's sign-in URL cannot be made (its discovery document is out of reach)
     * @throws IllegalArgumentException when the provider is not an OIDC provider of the request's pool
     */
    public URI begin(Context ctx, PendingAuthorization pending, IdentityProvider provider, Connector.Hints hints)
            throws IdpFailure {
        if (provider.type() != ProviderType.OIDC || !provider.poolId().equals(pending.poolId())) {
            throw new IllegalArgumentException("sign-in through " + provider.type().awsName() + " provider "
                    + provider.name() + " of pool " + provider.poolId() + " is not supported here");
        }
        String state = RandomIds.token();
        String nonce = RandomIds.token();
        String verifier = provider.oidc().pkce() ? new CodeVerifier().getValue() : null;
        Connector.Attempt attempt = new Connector.Attempt(state, nonce, verifier, callbackUri());
        URI login = connector.loginUrl(provider, attempt, hints == null ? Connector.Hints.NONE : hints);
        Instant now = clock.instant();
        states.save(Hashes.sha256Hex(state), new UpstreamState(provider.poolId(), provider.name(), binding.bind(ctx),
                nonce, verifier, pending, now, now.plus(STATE_LIFETIME)));
        return login;
    }

    public URI begin(Context ctx, PendingAuthorization pending, IdentityProvider provider) throws IdpFailure {
        return begin(ctx, pending, provider, Connector.Hints.NONE);
    }

    /** The callback at {@code /oauth2/idpresponse} (query, or form for {@code form_post}). */
    public FederatedOutcome complete(Context ctx) {
        String state = parameter(ctx, "state");
        if (state == null || !STATE.matcher(state).matches()) {
            return page(null, null, "state_invalid", "This sign-in cannot be completed",
                    "The identity provider's answer does not carry a sign-in Cognate started.");
        }
        Consumption consumption = states.consume(Hashes.sha256Hex(state), clock.instant());
        return switch (consumption) {
            case Consumption.Unknown unknown -> page(null, null, "state_invalid", "This sign-in cannot be completed",
                    "The identity provider's answer does not belong to a sign-in Cognate started, or that sign-in "
                            + "was cleaned up long ago.");
            case Consumption.Replayed replayed -> page(replayed.poolId(), replayed.providerName(), "state_replayed",
                    "This sign-in was already completed",
                    "The identity provider's answer was already used once; an answer is good for one sign-in only.");
            case Consumption.Consumed consumed -> completeConsumed(ctx, consumed.state());
        };
    }

    private FederatedOutcome completeConsumed(Context ctx, UpstreamState state) {
        String provider = state.providerName();
        if (!binding.isBoundTo(ctx, state.browserBindingHash())) {
            return page(state.poolId(), provider, "state_foreign_browser", "This sign-in was started elsewhere",
                    "The identity provider's answer belongs to a sign-in started in another browser (or this browser's "
                            + "cookies were cleared), so it cannot sign you in here.");
        }
        PendingAuthorization pending = state.pending();
        try {
            Optional<UserPool> pool = pools.find(state.poolId());
            Optional<AppClient> client = clients.find(state.poolId(), pending.clientId())
                    .filter(c -> c.hasCallbackUrl(pending.redirectUri()));
            if (pool.isEmpty() || client.isEmpty()) {
                return page(state.poolId(), provider, "app_gone", "This sign-in cannot be completed",
                        "The app that asked for this sign-in no longer exists or no longer accepts it.");
            }
            if (clock.instant().isAfter(state.expiresAt())) {
                return failed(pending, provider, "state_expired", INVALID_REQUEST, "The sign-in through " + provider
                        + " was not completed within " + STATE_LIFETIME.toMinutes() + " minutes; start again.");
            }
            Optional<IdentityProvider> idp = providers.find(state.poolId(), provider)
                    .filter(p -> client.get().supportsIdentityProvider(p.name()));
            if (idp.isEmpty()) {
                return failed(pending, provider, "provider_gone", INVALID_REQUEST, provider
                        + " is no longer an identity provider of this app.");
            }
            Connector.Callback callback = new Connector.Callback(parameter(ctx, "code"), parameter(ctx, "error"),
                    parameter(ctx, "error_description"), parameter(ctx, "iss"));
            if (callback.issuer() != null && !connector.isIssuerOf(idp.get(), callback.issuer())) {
                return failed(pending, provider, "mix_up", INVALID_REQUEST, "The answer came from the issuer "
                        + clip(callback.issuer()) + ", but this sign-in was sent to " + provider + " (mix-up refused).");
            }
            Identity identity = connector.complete(idp.get(), new Connector.Attempt(null, state.nonce(),
                    state.codeVerifier(), callbackUri()), callback);
            return switch (signIn.signIn(pool.get(), idp.get(), identity)) {
                case FederatedSignIn.Result.SignedIn signedIn -> {
                    metrics.signIn(state.poolId(), provider, "signed_in");
                    yield new FederatedOutcome.SignedIn(pool.get(), client.get(), signedIn.user(), pending,
                            clock.instant());
                }
                case FederatedSignIn.Result.Refused refused -> failed(pending, provider, "user_refused",
                        INVALID_REQUEST, refused.description());
            };
        } catch (IdpFailure failure) {
            if (failure.kind() == IdpFailure.Kind.TENANT_NOT_ALLOWED) {
                return page(state.poolId(), provider, failure.kind().metricName(), "Your organization cannot sign in here",
                        "Accounts of the Microsoft Entra tenant " + failure.tenant() + " cannot sign in to this app through "
                                + provider + ". Sign in with an account of an organization the app accepts.");
            }
            return failed(pending, provider, failure.kind().metricName(), INVALID_REQUEST, failure.getMessage());
        } catch (RuntimeException e) {
            LOG.error("sign-in through {} of pool {} failed", provider, state.poolId(), e);
            return failed(pending, provider, "error", "server_error", "The sign-in through " + provider
                    + " failed because of an error in Cognate.");
        }
    }

    private URI callbackUri() {
        return URI.create(publicUrl.get() + CALLBACK_PATH);
    }

    private FederatedOutcome failed(PendingAuthorization pending, String provider, String outcome, String error,
                                    String description) {
        metrics.signIn(pending.poolId(), provider, outcome);
        LOG.info("sign-in through {} of pool {} failed ({}): {}", provider, pending.poolId(), outcome, description);
        return new FederatedOutcome.FailedWithRedirect(pending, error, description);
    }

    private FederatedOutcome page(String poolId, String provider, String outcome, String title, String message) {
        metrics.signIn(poolId, provider, outcome);
        LOG.info("callback refused ({}) for provider {} of pool {}", outcome, provider, poolId);
        return new FederatedOutcome.FailedPage(400, title, message);
    }

    private static String parameter(Context ctx, String name) {
        String value = ctx.method().name().equals("POST") ? ctx.formParam(name) : ctx.queryParam(name);
        return value == null || value.isEmpty() ? null : value;
    }

    private static String clip(String text) {
        String printable = text.replaceAll("\\p{Cntrl}", " ");
        return printable.length() <= 200 ? printable : printable.substring(0, 200) + "...";
    }
}

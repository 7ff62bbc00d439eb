package dev.cognate.federation;

import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.cognate.audit.AuditTrail;
import dev.cognate.audit.Origin;
import dev.cognate.crypto.ConstantTime;
import dev.cognate.crypto.Hashes;
import dev.cognate.crypto.RandomIds;
import dev.cognate.oauth.OpenSignIn;
import dev.cognate.oauth.SignInTransactions;
import dev.cognate.oauth.UpstreamSignIn;
import dev.cognate.providers.IdentityProvider;
import dev.cognate.store.IdentityProviderStore;
import dev.cognate.store.SignInTransaction;
import dev.cognate.store.SignInTransactionStore.UpstreamAnswer;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in through an upstream IdP, both legs, on plain values (no HTTP here):
 * <ol>
 *   <li>{@link #begin}: the sign-in transaction moves to the IdP with an unguessable state
 *       (only its hash is kept), a nonce and a PKCE verifier, sealed in the transaction, which
 *       is bound to the browser; the browser is sent to the IdP;</li>
 *   <li>{@link #complete}: at {@code /oauth2/idpresponse} the state is consumed atomically,
 *       checked against the browser, its age and the RFC 9207 {@code iss} parameter, the
 *       connector proves the identity, and {@link FederatedSignIn} makes it a pool user.</li>
 * </ol>
 * Whatever the IdP or the browser sends, {@code complete} answers an outcome (never throws for
 * their mistakes): the app hears of failures through its callback when the state ties the
 * answer to a sign-in of this browser, else a page says what happened. A failure whose state
 * names a pool is that pool's audit event (with the IdP's name and a short reason); a state that
 * names no sign-in at all (unknown, malformed) is anyone's to send and is only counted.
 */
public final class FederatedLogin implements UpstreamSignIn {
    private static final Logger LOG = LoggerFactory.getLogger(FederatedLogin.class);
    public static final String CALLBACK_PATH = "/oauth2/idpresponse";
    /** How long a round trip through the IdP may take (as Cognito's). */
    public static final Duration STATE_LIFETIME = Duration.ofMinutes(5);
    private static final Pattern STATE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final String INVALID_REQUEST = "invalid_request";

    private final SignInTransactions transactions;
    private final IdentityProviderStore providers;
    private final Connector connector;
    private final FederatedSignIn signIn;
    private final FederationMetrics metrics;
    private final Supplier<String> publicUrl;
    private final AuditTrail audit;

    public FederatedLogin(SignInTransactions transactions, IdentityProviderStore providers, Connector connector,
                          FederatedSignIn signIn, FederationMetrics metrics, Supplier<String> publicUrl) {
        this(transactions, providers, connector, signIn, metrics, publicUrl, null);
    }

    /** @param audit where failed callbacks are recorded, or null for nowhere */
    public FederatedLogin(SignInTransactions transactions, IdentityProviderStore providers, Connector connector,
                          FederatedSignIn signIn, FederationMetrics metrics, Supplier<String> publicUrl, AuditTrail audit) {
        this.audit = audit;
        this.transactions = transactions;
        this.providers = providers;
        this.connector = connector;
        this.signIn = signIn;
        this.metrics = metrics;
        this.publicUrl = publicUrl;
    }

    /**
     * What the IdP sent back to {@code /oauth2/idpresponse}, the browser's binding hash (null when
     * it has none) and where the request came from (for the audit trail).
     */
    public record CallbackRequest(String state, String code, String error, String errorDescription, String issuer,
                                  String user, String browserBindingHash, Origin origin) {
        public CallbackRequest(String state, String code, String error, String errorDescription, String issuer,
                               String browserBindingHash) {
            this(state, code, error, errorDescription, issuer, null, browserBindingHash, Origin.UNKNOWN);
        }

        @Override
        public String toString() {
            return "CallbackRequest[error=" + error + ", issuer=" + issuer + "]";
        }
    }

    @Override
    public Start begin(OpenSignIn open, String providerName) {
        Optional<IdentityProvider> provider = providers.find(open.pool().id(), providerName);
        if (provider.isEmpty() || !connector.supports(provider.get().type())) {
            return new Start.Unavailable("Sign-in through " + providerName + " is not available: Cognate signs users in "
                    + "through OpenID Connect and social identity providers only, not SAML.");
        }
        String state = RandomIds.token();
        String nonce = RandomIds.token();
        String verifier = connector.pkce(provider.get()) ? new CodeVerifier().getValue() : null;
        try {
            URI login = connector.loginUrl(provider.get(), new Connector.Attempt(state, nonce, verifier, callbackUri()),
                    hints(open.transaction()));
            SignInTransaction.Step atIdp = new SignInTransaction.Step(SignInTransaction.Step.Kind.UPSTREAM, null,
                    providerName, nonce, verifier, transactions.now());
            if (transactions.advance(open, atIdp, Hashes.sha256Hex(state)).isEmpty()) {
                return new Start.Unavailable("This sign-in was already completed or changed in another tab; start again.");
            }
            return new Start.Redirect(login.toString());
        } catch (IdpFailure e) {
            return new Start.Unavailable(e.getMessage());
        }
    }

    /** prompt=select_account/consent and login_hint pass through to the IdP; none and login are Cognate's own. */
    private static Connector.Hints hints(SignInTransaction t) {
        String prompt = t.prompt().stream().filter(p -> p.equals("select_account") || p.equals("consent"))
                .findFirst().orElse(null);
        return new Connector.Hints(prompt, t.loginHint());
    }

    /** The callback at {@code /oauth2/idpresponse}. */
    public FederatedOutcome complete(CallbackRequest callback) {
        if (callback.state() == null || !STATE.matcher(callback.state()).matches()) {
            return page(callback, null, null, null, "state_invalid", null, "This sign-in cannot be completed",
                    "The identity provider's answer does not carry a sign-in Cognate started.");
        }
        return switch (transactions.consumeUpstream(callback.state())) {
            case UpstreamAnswer.Unknown unknown -> page(callback, null, null, null, "state_invalid", null,
                    "This sign-in cannot be completed",
                    "The identity provider's answer does not belong to a sign-in Cognate started, or that sign-in "
                            + "was cleaned up long ago.");
            case UpstreamAnswer.Replayed replayed -> page(callback, replayed.poolId(), null, replayed.providerName(),
                    "state_replayed", "StateReplayed",
                    "This sign-in was already completed",
                    "The identity provider's answer was already used once; an answer is good for one sign-in only.");
            case UpstreamAnswer.Consumed consumed -> completeConsumed(callback, consumed);
        };
    }

    private FederatedOutcome completeConsumed(CallbackRequest callback, UpstreamAnswer.Consumed consumed) {
        SignInTransaction t = consumed.transaction().transaction();
        SignInTransaction.Step step = t.step();
        String provider = step.providerName();
        if (callback.browserBindingHash() == null
                || !ConstantTime.equals(callback.browserBindingHash(), t.browserBindingHash())) {
            return page(callback, t.poolId(), t.clientId(), provider, "state_foreign_browser", "StateMismatch",
                    "This sign-in was started elsewhere",
                    "The identity provider's answer belongs to a sign-in started in another browser (or this browser's "
                            + "cookies were cleared), so it cannot sign you in here.");
        }
        // The id the browser carries is not needed past this point: the state found the transaction.
        Optional<OpenSignIn> found = transactions.withApp(null, consumed.transaction());
        if (found.isEmpty()) {
            return page(callback, t.poolId(), t.clientId(), provider, "app_gone", "ClientGone",
                    "This sign-in cannot be completed",
                    "The app that asked for this sign-in no longer exists or no longer accepts it.");
        }
        OpenSignIn open = found.get();
        try {
            if (transactions.now().isAfter(step.since().plus(STATE_LIFETIME))) {
                return failed(callback, open, provider, "state_expired", "StateExpired", INVALID_REQUEST,
                        "The sign-in through " + provider
                        + " was not completed within " + STATE_LIFETIME.toMinutes() + " minutes; start again.");
            }
            Optional<IdentityProvider> idp = providers.find(t.poolId(), provider)
                    .filter(p -> open.client().supportsIdentityProvider(p.name()));
            if (idp.isEmpty()) {
                return failed(callback, open, provider, "provider_gone", "ProviderGone", INVALID_REQUEST, provider
                        + " is no longer an identity provider of this app.");
            }
            if (callback.issuer() != null && !connector.isIssuerOf(idp.get(), callback.issuer())) {
                return failed(callback, open, provider, "mix_up", "IssuerMismatch", INVALID_REQUEST,
                        "The answer came from the issuer "
                        + clip(callback.issuer()) + ", but this sign-in was sent to " + provider + " (mix-up refused).");
            }
            Identity identity = connector.complete(idp.get(), new Connector.Attempt(null, step.upstreamNonce(),
                    step.upstreamVerifier(), callbackUri()), new Connector.Callback(callback.code(), callback.error(),
                    callback.errorDescription(), callback.issuer(), callback.user()));
            return switch (signIn.signIn(open.pool(), idp.get(), identity, open.client().clientId())) {
                case FederatedSignIn.Result.SignedIn signedIn -> {
                    metrics.signIn(t.poolId(), provider, "signed_in");
                    yield new FederatedOutcome.SignedIn(open, signedIn.user(), transactions.now());
                }
                case FederatedSignIn.Result.Refused refused -> failed(callback, open, provider, "user_refused",
                        "UserRefused", INVALID_REQUEST, refused.description());
            };
        } catch (IdpFailure failure) {
            if (failure.kind() == IdpFailure.Kind.TENANT_NOT_ALLOWED) {
                return page(callback, t.poolId(), t.clientId(), provider, failure.kind().metricName(),
                        failure.kind().reason(), "Your organization cannot sign in here",
                        "Accounts of the Microsoft Entra tenant " + failure.tenant() + " cannot sign in to this app through "
                                + provider + ". Sign in with an account of an organization the app accepts.");
            }
            return failed(callback, open, provider, failure.kind().metricName(), failure.kind().reason(),
                    INVALID_REQUEST, failure.getMessage());
        } catch (RuntimeException e) {
            LOG.error("sign-in through {} of pool {} failed", provider, t.poolId(), e);
            return failed(callback, open, provider, "error", "InternalError", "server_error", "The sign-in through "
                    + provider
                    + " failed because of an error in Cognate.");
        }
    }

    private URI callbackUri() {
        return URI.create(publicUrl.get() + CALLBACK_PATH);
    }

    private FederatedOutcome failed(CallbackRequest callback, OpenSignIn open, String provider, String outcome,
                                    String reason, String error, String description) {
        metrics.signIn(open.pool().id(), provider, outcome);
        recordFailure(callback, open.pool().id(), open.client().clientId(), provider, reason);
        LOG.info("sign-in through {} of pool {} failed ({}): {}", provider, open.pool().id(), outcome, description);
        return new FederatedOutcome.FailedWithRedirect(open.reply().error(error, description));
    }

    private FederatedOutcome page(CallbackRequest callback, String poolId, String clientId, String provider,
                                  String outcome, String reason, String title, String message) {
        metrics.signIn(poolId, provider, outcome);
        recordFailure(callback, poolId, clientId, provider, reason);
        LOG.info("callback refused ({}) for provider {} of pool {}", outcome, provider, poolId);
        return new FederatedOutcome.FailedPage(400, title, message);
    }

    /** A failure of a known pool's sign-in, into its audit trail (nothing is known of a state that names no pool). */
    private void recordFailure(CallbackRequest callback, String poolId, String clientId, String provider, String reason) {
        if (audit != null && poolId != null) {
            audit.federationFailed(poolId, clientId, provider, reason, callback.origin());
        }
    }

    private static String clip(String text) {
        String printable = text.replaceAll("\\p{Cntrl}", " ");
        return printable.length() <= 200 ? printable : printable.substring(0, 200) + "...";
    }

}

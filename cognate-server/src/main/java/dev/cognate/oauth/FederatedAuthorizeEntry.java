package dev.cognate.oauth;

import dev.cognate.clients.AppClient;
import dev.cognate.federation.Connector;
import dev.cognate.federation.FederatedLogin;
import dev.cognate.federation.IdpFailure;
import dev.cognate.federation.PendingAuthorization;
import dev.cognate.hostedui.ErrorPage;
import dev.cognate.hostedui.Pages;
import dev.cognate.pools.UserPool;
import dev.cognate.providers.IdentityProvider;
import dev.cognate.providers.ProviderType;
import dev.cognate.store.AppClientStore;
import dev.cognate.store.IdentityProviderStore;
import dev.cognate.store.UserPoolStore;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /oauth2/authorize} with an upstream IdP chosen ({@code identity_provider=<name>} or
 * {@code idp_identifier=<identifier or e-mail address>}), as an ordered list of checks: client
 * known and redirect URI registered exactly (else an error page, never a redirect), then
 * response type, OAuth flow, PKCE, scopes and the IdP enabled for the client (else an error
 * redirect with {@code state}), then {@link FederatedLogin#begin}.
 *
 * <p>The federation branch's minimal authorize: the full endpoint (hosted page, sessions,
 * {@code prompt}) is the hosted UI's; at merge its RedirectToIdp outcome calls
 * {@link FederatedLogin#begin} the same way and this class goes.
 */
public final class FederatedAuthorizeEntry {
    private static final Logger LOG = LoggerFactory.getLogger(FederatedAuthorizeEntry.class);
    private static final Pattern CODE_CHALLENGE = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    private static final Set<String> NEED_OPENID = Set.of("email", "phone", "profile");

    private final AppClientStore clients;
    private final UserPoolStore pools;
    private final IdentityProviderStore providers;
    private final FederatedLogin login;
    private final Pages pages;

    public FederatedAuthorizeEntry(AppClientStore clients, UserPoolStore pools, IdentityProviderStore providers,
                                   FederatedLogin login, Pages pages) {
        this.clients = clients;
        this.pools = pools;
        this.providers = providers;
        this.login = login;
        this.pages = pages;
    }

    public void authorize(Context ctx) {
        try {
            checkAndBegin(ctx);
        } catch (RuntimeException e) {
            LOG.error("authorize failed", e);
            pages.error(ctx, 503, new ErrorPage("Sign-in is not available right now",
                    "The sign-in service could not start your sign-in because of an error on its side.",
                    "Try again in a moment from the app."));
        }
    }

    private void checkAndBegin(Context ctx) {
        String clientId = ctx.queryParam("client_id");
        Optional<AppClient> client = clientId == null ? Optional.empty() : clients.find(clientId);
        if (client.isEmpty()) {
            page(ctx, "Unknown app", "The app that sent you here is not known to this sign-in service (client_id "
                    + (clientId == null ? "missing" : "unknown") + ").");
            return;
        }
        String redirectUri = ctx.queryParam("redirect_uri");
        if (redirectUri == null || !client.get().hasCallbackUrl(redirectUri)) {
            page(ctx, "Unregistered redirect", "The app asked to be answered at an address it has not registered "
                    + "(redirect_uri), so this sign-in service will not send you there.");
            return;
        }
        Optional<UserPool> pool = pools.find(client.get().userPoolId());
        if (pool.isEmpty()) {
            page(ctx, "Unknown app", "The app's user pool no longer exists.");
            return;
        }
        String responseType = ctx.queryParam("response_type");
        String state = ctx.queryParam("state");
        PendingAuthorization errors = new PendingAuthorization(pool.get().id(), clientId, redirectUri, state, Set.of(),
                null, null, "token".equals(responseType) ? PendingAuthorization.TOKEN : PendingAuthorization.CODE);
        if (!"code".equals(responseType) && !"token".equals(responseType)) {
            redirect(ctx, errors.error("unsupported_response_type", "response_type must be code or token."));
            return;
        }
        String flow = responseType.equals("code") ? "code" : "implicit";
        if (!client.get().allowsOAuthFlow(flow)) {
            redirect(ctx, errors.error("unauthorized_client", "The app is not allowed the " + flow + " flow."));
            return;
        }
        String challenge = ctx.queryParam("code_challenge");
        if (challenge != null && (!"S256".equals(ctx.queryParam("code_challenge_method"))
                || !CODE_CHALLENGE.matcher(challenge).matches())) {
            redirect(ctx, errors.error("invalid_request", "code_challenge must be 43 to 128 characters with "
                    + "code_challenge_method S256."));
            return;
        }
        Set<String> scopes = scopes(ctx.queryParam("scope"), client.get());
        if (scopes.isEmpty()) {
            redirect(ctx, errors.error("invalid_scope", "None of the requested scopes is allowed for the app."));
            return;
        }
        if (ctx.queryParam("prompt") != null && List.of(ctx.queryParam("prompt").split(" ")).contains("none")) {
            redirect(ctx, errors.error("login_required", "prompt=none cannot sign in through an identity provider."));
            return;
        }
        Optional<IdentityProvider> provider = provider(ctx, pool.get());
        if (provider.isEmpty() || !client.get().supportsIdentityProvider(provider.get().name())
                || provider.get().type() != ProviderType.OIDC) {
            redirect(ctx, errors.error("invalid_request", "The identity provider is not enabled for the app."));
            return;
        }
        PendingAuthorization pending = new PendingAuthorization(pool.get().id(), clientId, redirectUri, state, scopes,
                ctx.queryParam("nonce"), challenge, errors.responseType());
        try {
            ctx.redirect(login.begin(ctx, pending, provider.get(),
                    new Connector.Hints(ctx.queryParam("prompt"), ctx.queryParam("login_hint"))).toString(), HttpStatus.FOUND);
        } catch (IdpFailure e) {
            redirect(ctx, pending.error("invalid_request", e.getMessage()));
        }
    }

    /** {@code identity_provider} by name, else {@code idp_identifier} as given or as an e-mail address's domain. */
    private Optional<IdentityProvider> provider(Context ctx, UserPool pool) {
        String name = ctx.queryParam("identity_provider");
        if (name != null && !name.isBlank() && name.length() <= 32) {
            return providers.find(pool.id(), name);
        }
        String identifier = ctx.queryParam("idp_identifier");
        if (identifier == null || identifier.isBlank() || identifier.length() > 320) {
            return Optional.empty();
        }
        Optional<IdentityProvider> exact = identifier.length() <= 40
                ? providers.findByIdentifier(pool.id(), identifier) : Optional.empty();
        if (exact.isPresent() || !identifier.contains("@")) {
            return exact;
        }
        String domain = identifier.substring(identifier.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        return domain.isEmpty() || domain.length() > 40 ? Optional.empty() : providers.findByIdentifier(pool.id(), domain);
    }

    /** Requested scopes the client is allowed (all its scopes when none are requested); email/phone/profile need openid. */
    private static Set<String> scopes(String requested, AppClient client) {
        List<String> allowed = client.allowedOAuthScopes() == null ? List.of() : client.allowedOAuthScopes();
        List<String> asked = requested == null || requested.isBlank() ? allowed : List.of(requested.strip().split("\\s+"));
        Set<String> granted = new LinkedHashSet<>();
        for (String scope : asked) {
            if (allowed.contains(scope)) {
                granted.add(scope);
            }
        }
        if (!granted.contains("openid")) {
            granted.removeAll(NEED_OPENID);
        }
        return granted;
    }

    private void page(Context ctx, String title, String message) {
        pages.error(ctx, 400, new ErrorPage(title, message, "Go back to the app and try again."));
    }

    private static void redirect(Context ctx, String location) {
        ctx.redirect(location, HttpStatus.FOUND);
    }
}

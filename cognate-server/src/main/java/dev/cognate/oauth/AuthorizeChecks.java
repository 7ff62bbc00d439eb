package dev.cognate.oauth;

import dev.cognate.clients.AppClient;
import dev.cognate.store.BrowserSession;
import dev.cognate.store.UserSessionStore;
import java.time.Clock;
import java.time.Duration;
import dev.cognate.oauth.ErrorPage;
import dev.cognate.pools.UserPool;
import dev.cognate.providers.IdentityProvider;
import dev.cognate.resourceservers.ResourceServer;
import dev.cognate.store.AppClientStore;
import dev.cognate.store.IdentityProviderStore;
import dev.cognate.store.ResourceServerStore;
import dev.cognate.store.UserPoolStore;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The authorization endpoint's checks, in the order they run (after panva/node-oidc-provider):
 * each looks at one thing and either passes on what it established or ends the request.
 * Until the client and its redirect URI are known good, a failure is a page and never a
 * redirect (RFC 9700 4.11); after that, failures go back to the app with {@code state}.
 * The same checks run again for {@code /login} and its form posts, on the same parameters.
 */
public final class AuthorizeChecks {
    static final Set<String> PROMPTS = Set.of("none", "login", "select_account", "consent");
    static final Set<String> NEED_OPENID = Set.of("email", "phone", "profile");
    static final Set<String> STANDARD_SCOPES = Set.of("openid", "email", "phone", "profile",
            "aws.cognito.signin.user.admin");
    /** A SHA-256 digest, base64url without padding (RFC 7636 4.2). */
    static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");
    static final Pattern CLIENT_ID = Pattern.compile("[\\w+]{1,128}");

    private final AppClientStore clients;
    private final UserPoolStore pools;
    private final IdentityProviderStore providers;
    private final ResourceServerStore resourceServers;
    private final UserSessionStore sessionSettings;
    private final Clock clock;

    public AuthorizeChecks(AppClientStore clients, UserPoolStore pools, IdentityProviderStore providers,
                           ResourceServerStore resourceServers) {
        this(clients, pools, providers, resourceServers, null, Clock.systemUTC());
    }

    /**
     * @param sessionSettings session tracking's settings: while a pool tracks sessions, a client
     *                        reuses the browser's session only within its SSOSession
     *                        MaxValidityMinutes of the user's last fresh authentication (null: always)
     */
    public AuthorizeChecks(AppClientStore clients, UserPoolStore pools, IdentityProviderStore providers,
                           ResourceServerStore resourceServers, UserSessionStore sessionSettings, Clock clock) {
        this.sessionSettings = sessionSettings;
        this.clock = clock;
        this.clients = clients;
        this.pools = pools;
        this.providers = providers;
        this.resourceServers = resourceServers;
    }

    /** A check's verdict: the request passed, or the outcome that ends it. */
    public sealed interface Verdict {
        record Valid(ValidatedAuthorization request) implements Verdict {}

        record Refused(AuthorizeOutcome outcome) implements Verdict {}
    }

    /**
     * What the request leads to, given the browser's current session (for any pool; one for
     * another pool than the client's is not used).
     */
    public AuthorizeOutcome decide(AuthorizeRequest request, Supplier<Optional<BrowserSession>> session) {
        return switch (validate(request)) {
            case Verdict.Refused refused -> refused.outcome();
            case Verdict.Valid valid -> afterChecks(valid.request(),
                    session.get().filter(s -> s.poolId().equals(valid.request().pool().id()))
                            .filter(s -> reusable(valid.request(), s)));
        };
    }

    /** Runs every check, in order. */
    public Verdict validate(AuthorizeRequest r) {
        try {
            parametersFit(r);
            AppClient client = knownClient(r);
            UserPool pool = poolOf(client);
            String redirectUri = registeredRedirectUri(r, client);
            // From here on the app at redirectUri may hear about what is wrong.
            AppRedirect reply = new AppRedirect(redirectUri, r.state(), false);
            noRepeatedParameters(r, reply);
            clientUsesOAuth(client, reply);
            ResponseType responseType = allowedResponseType(r, client, reply);
            reply = new AppRedirect(redirectUri, r.state(), responseType == ResponseType.TOKEN);
            Set<String> scopes = grantedScopes(r, client, reply);
            wellFormedPkce(r, reply);
            Set<String> prompt = knownPrompt(r, reply);
            String identityProvider = chosenIdentityProvider(r, client, reply);
            return new Verdict.Valid(new ValidatedAuthorization(r, pool, client, redirectUri, responseType, scopes,
                    prompt, identityProvider));
        } catch (Refusal refusal) {
            return new Verdict.Refused(refusal.outcome);
        }
    }

    /** Whether the client may reuse the browser's session instead of asking the user again (SSOSession). */
    private boolean reusable(ValidatedAuthorization v, BrowserSession session) {
        if (sessionSettings == null || !sessionSettings.settings(v.pool().id()).tracking()) {
            return true;
        }
        int minutes = sessionSettings.clientSettings(v.pool().id(), v.client().clientId()).ssoMaxValidityMinutes();
        return !session.authTime().plus(Duration.ofMinutes(minutes)).isBefore(clock.instant());
    }

    private static AuthorizeOutcome afterChecks(ValidatedAuthorization v, Optional<BrowserSession> session) {
        if (v.prompt().contains("none")) {
            return session.<AuthorizeOutcome>map(s -> new AuthorizeOutcome.Issue(v, s))
                    .orElseGet(() -> new AuthorizeOutcome.ErrorRedirect(v.reply().error("login_required",
                            "prompt=none was requested but the user is not signed in.")));
        }
        if (v.choseUpstreamProvider()) {
            return new AuthorizeOutcome.RedirectToIdp(v, v.identityProvider());
        }
        if (session.isPresent() && !v.prompt().contains("login")) {
            return new AuthorizeOutcome.Issue(v, session.get());
        }
        return new AuthorizeOutcome.ShowLogin(v);
    }

    private static void parametersFit(AuthorizeRequest r) {
        if (!r.oversized().isEmpty()) {
            throw page("The sign-in request is too long",
                    "The parameter " + r.oversized().iterator().next() + " is longer than "
                            + AuthorizeRequest.MAX_VALUE_LENGTH + " characters.",
                    "Go back to the app and sign in again.");
        }
    }

    private AppClient knownClient(AuthorizeRequest r) {
        if (r.clientId() == null) {
            throw page("The sign-in request has no app client", "The request has no client_id parameter.",
                    "Apps start a sign-in at /oauth2/authorize with their client_id; go back to the app and try again.");
        }
        if (r.repeated().contains("client_id")) {
            throw page("The sign-in request is ambiguous", "The parameter client_id was sent more than once.", null);
        }
        Optional<AppClient> client = CLIENT_ID.matcher(r.clientId()).matches() ? clients.find(r.clientId()) : Optional.empty();
        return client.orElseThrow(() -> page("Unknown app client",
                "There is no app client with the id " + r.clientId() + ".",
                "The app may have been removed or misconfigured. Ask its administrator."));
    }

    private UserPool poolOf(AppClient client) {
        return pools.find(client.userPoolId()).orElseThrow(() -> page("Unknown app client",
                "There is no app client with the id " + client.clientId() + ".", null));
    }

    private static String registeredRedirectUri(AuthorizeRequest r, AppClient client) {
        if (r.redirectUri() == null) {
            throw page("The sign-in request has no redirect URI",
                    "The request has no redirect_uri parameter; it must be one of the callback URLs registered for the app client "
                            + client.clientName() + ".", null);
        }
        if (r.repeated().contains("redirect_uri")) {
            throw page("The sign-in request is ambiguous", "The parameter redirect_uri was sent more than once.", null);
        }
        if (!client.hasCallbackUrl(r.redirectUri())) {
            throw page("Redirect URI not registered",
                    "The redirect_uri " + r.redirectUri() + " is not a callback URL registered for the app client "
                            + client.clientName() + ".",
                    "Sign-in results go only to a callback URL registered exactly as sent: same scheme, host, port, "
                            + "path, case and query. The app's administrator can add it to the app client's CallbackURLs.");
        }
        return r.redirectUri();
    }

    private static void noRepeatedParameters(AuthorizeRequest r, AppRedirect reply) {
        if (!r.repeated().isEmpty()) {
            throw toApp(reply, "invalid_request",
                    "The parameter " + r.repeated().iterator().next() + " was sent more than once.");
        }
    }

    private static void clientUsesOAuth(AppClient client, AppRedirect reply) {
        if (!Boolean.TRUE.equals(client.allowedOAuthFlowsUserPoolClient())) {
            throw toApp(reply, "unauthorized_client",
                    "The app client is not enabled for OAuth 2.0 flows (AllowedOAuthFlowsUserPoolClient is false).");
        }
    }

    private static ResponseType allowedResponseType(AuthorizeRequest r, AppClient client, AppRedirect reply) {
        if (r.responseType() == null) {
            throw toApp(reply, "invalid_request", "The request has no response_type parameter (code or token).");
        }
        ResponseType type = ResponseType.parse(r.responseType()).orElseThrow(() -> toApp(reply,
                "unsupported_response_type", "response_type must be code or token."));
        if (!client.allowsOAuthFlow(type.clientFlow())) {
            throw toApp(reply, "unauthorized_client", "The app client is not allowed the " + type.clientFlow()
                    + " flow (response_type=" + type.value() + ").");
        }
        return type;
    }

    /**
     * The requested scopes the client is allowed (all of them when none are requested),
     * custom scopes only while their resource server still defines them, and
     * {@code email}/{@code phone}/{@code profile} only together with {@code openid}.
     */
    private Set<String> grantedScopes(AuthorizeRequest r, AppClient client, AppRedirect reply) {
        List<String> allowed = client.allowedOAuthScopes() == null ? List.of() : client.allowedOAuthScopes();
        List<String> requested = r.scope() == null ? allowed
                : Arrays.stream(r.scope().split(" ")).filter(s -> !s.isEmpty()).toList();
        Set<String> granted = new LinkedHashSet<>();
        for (String scope : requested) {
            if (allowed.contains(scope) && stillDefined(client.userPoolId(), scope)) {
                granted.add(scope);
            }
        }
        if (!granted.contains("openid")) {
            granted.removeAll(NEED_OPENID);
        }
        if (granted.isEmpty()) {
            throw toApp(reply, "invalid_scope", r.scope() == null
                    ? "The app client has no scope it may be granted."
                    : "None of the requested scopes is allowed for this app client (email, phone and profile need openid).");
        }
        return granted;
    }

    private boolean stillDefined(String poolId, String scope) {
        if (STANDARD_SCOPES.contains(scope)) {
            return true;
        }
        return ResourceServer.parseScope(scope)
                .flatMap(custom -> resourceServers.find(poolId, custom.identifier())
                        .filter(server -> server.definesScope(custom.scopeName())))
                .isPresent();
    }

    /** PKCE with S256 only (RFC 9700 2.1.1, 4.8.2): a method without a challenge, or plain, is a downgrade. */
    private static void wellFormedPkce(AuthorizeRequest r, AppRedirect reply) {
        String challenge = r.codeChallenge();
        String method = r.codeChallengeMethod();
        if (challenge == null) {
            if (method != null) {
                throw toApp(reply, "invalid_request", "code_challenge_method was sent without a code_challenge.");
            }
            return;
        }
        if (!"S256".equals(method)) {
            throw toApp(reply, "invalid_request", method == null
                    ? "code_challenge needs code_challenge_method=S256 (the plain method is not supported)."
                    : "code_challenge_method must be S256 (" + method + " is not supported).");
        }
        if (!S256_CHALLENGE.matcher(challenge).matches()) {
            throw toApp(reply, "invalid_request",
                    "code_challenge must be the 43-character base64url encoding of a SHA-256 digest.");
        }
    }

    private static Set<String> knownPrompt(AuthorizeRequest r, AppRedirect reply) {
        if (r.prompt() == null) {
            return Set.of();
        }
        Set<String> prompt = new LinkedHashSet<>();
        for (String value : r.prompt().split(" ")) {
            if (value.isEmpty()) {
                continue;
            }
            if (!PROMPTS.contains(value)) {
                throw toApp(reply, "invalid_request",
                        "prompt=" + value + " is not supported (use none, login, select_account or consent).");
            }
            prompt.add(value);
        }
        if (prompt.contains("none") && prompt.size() > 1) {
            throw toApp(reply, "invalid_request", "prompt=none cannot be combined with other prompt values.");
        }
        return Set.copyOf(prompt);
    }

    /** {@code identity_provider} (a provider name or COGNITO), else {@code idp_identifier}, else no choice. */
    private String chosenIdentityProvider(AuthorizeRequest r, AppClient client, AppRedirect reply) {
        if (r.identityProvider() != null) {
            String name = r.identityProvider();
            boolean enabled = client.supportsIdentityProvider(name)
                    && (name.equals(ValidatedAuthorization.COGNITO) || providers.exists(client.userPoolId(), name));
            if (!enabled) {
                throw toApp(reply, "invalid_request", name.equals(ValidatedAuthorization.COGNITO)
                        ? "The app client does not allow sign-in with the user pool's own users (COGNITO)."
                        : "The identity provider " + name + " is not enabled for this app client.");
            }
            return name;
        }
        if (r.idpIdentifier() != null) {
            IdentityProvider provider = byIdentifier(client.userPoolId(), r.idpIdentifier()).orElseThrow(() -> toApp(reply,
                    "invalid_request", "No identity provider of this user pool has the identifier " + r.idpIdentifier() + "."));
            if (!client.supportsIdentityProvider(provider.name())) {
                throw toApp(reply, "invalid_request", "The identity provider " + provider.name()
                        + " is not enabled for this app client.");
            }
            return provider.name();
        }
        return null;
    }

    /** The provider holding the identifier, or, for an e-mail address, the one holding its domain. */
    private Optional<IdentityProvider> byIdentifier(String poolId, String identifier) {
        Optional<IdentityProvider> exact = providers.findByIdentifier(poolId, identifier);
        int at = identifier.lastIndexOf('@');
        if (exact.isPresent() || at < 0 || at == identifier.length() - 1) {
            return exact;
        }
        return providers.findByIdentifier(poolId, identifier.substring(at + 1));
    }

    private static Refusal page(String title, String message, String hint) {
        return new Refusal(new AuthorizeOutcome.ShowError(400, new ErrorPage(title, message, hint)));
    }

    private static Refusal toApp(AppRedirect reply, String error, String description) {
        return new Refusal(new AuthorizeOutcome.ErrorRedirect(reply.error(error, description)));
    }

    /** Ends the list of checks with an outcome; carries no stack trace. */
    private static final class Refusal extends RuntimeException {
        final transient AuthorizeOutcome outcome;

        Refusal(AuthorizeOutcome outcome) {
            super(null, null, false, false);
            this.outcome = outcome;
        }
    }
}

package dev.cognate.devidp.oauth;

import dev.cognate.devidp.crypto.RandomValues;
import dev.cognate.devidp.directory.Application;
import dev.cognate.devidp.directory.ConsentGrant;
import dev.cognate.devidp.directory.Directory;
import dev.cognate.devidp.directory.SignInAudience;
import dev.cognate.devidp.directory.Tenant;
import dev.cognate.devidp.directory.User;
import dev.cognate.devidp.oauth.AuthorizeRequest.Prompt;
import dev.cognate.devidp.oauth.AuthorizeRequest.ResponseMode;
import dev.cognate.devidp.oauth.BrowserSessions.Account;
import dev.cognate.devidp.oauth.BrowserSessions.Session;
import dev.cognate.devidp.pages.ConsentPage;
import dev.cognate.devidp.pages.ErrorPage;
import dev.cognate.devidp.pages.FormPostPage;
import dev.cognate.devidp.pages.FormPostPage.Field;
import dev.cognate.devidp.pages.Pages;
import dev.cognate.devidp.pages.SignInPage;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code /{tenant}/oauth2/v2.0/authorize} and the pages behind it. The request goes through an ordered list of
 * checks: tenant, client, redirect URI and sign-in audience fail on Entra's error page (never a redirect);
 * response type, response mode, scope, PKCE and prompt fail with an error redirect to the validated URI.
 * Then: sign-in page, consent page, and the response in the requested mode.
 */
public final class AuthorizeEndpoint {
    private static final Duration PENDING_LIFETIME = Duration.ofMinutes(30);
    /** No CSP form-action on the sign-in, consent and form_post pages: they end in the app, which may redirect further (see {@code Page}). */
    private static final String NO_FORM_ACTION = null;
    private static final Set<Set<String>> RESPONSE_TYPES = Set.of(Set.of("code"), Set.of("id_token"),
            Set.of("code", "id_token"), Set.of("id_token", "token"));

    /** A validated request waiting for the user's sign-in or consent, bound to one browser session. */
    private record Pending(String id, String sessionId, AuthorizeRequest request, String userId, Instant expiresAt) {}

    /** An error after the redirect URI is known: goes back to the app. */
    private static final class Redirectable extends RuntimeException {
        final EntraError error;

        Redirectable(EntraError error) {
            super(error.getMessage(), null, false, false);
            this.error = error;
        }
    }

    private final Directory directory;
    private final Endpoints endpoints;
    private final BrowserSessions sessions;
    private final Pages pages;
    private final AuthorizationCodes codes;
    private final TokenMinter minter;
    private final Clock clock;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    AuthorizeEndpoint(Directory directory, Endpoints endpoints, BrowserSessions sessions, Pages pages,
                      AuthorizationCodes codes, TokenMinter minter, Clock clock) {
        this.directory = directory;
        this.endpoints = endpoints;
        this.sessions = sessions;
        this.pages = pages;
        this.codes = codes;
        this.minter = minter;
        this.clock = clock;
    }

    // GET or POST /{tenant}/oauth2/v2.0/authorize
    void authorize(Context ctx) {
        Authority authority;
        Application app;
        String redirectUri;
        try {
            authority = Authority.resolve(ctx.pathParam("tenant"), directory)
                    .orElseThrow(() -> EntraError.tenantNotFound(ctx.pathParam("tenant")));
            app = knownClient(param(ctx, "client_id"), authority);
            redirectUri = registeredRedirectUri(app, param(ctx, "redirect_uri"));
            enforceSignInAudience(app, authority);
        } catch (EntraError e) {
            errorPage(ctx, e);
            return;
        }
        String state = param(ctx, "state");
        ResponseMode fallbackMode = "code".equals(param(ctx, "response_type")) ? ResponseMode.QUERY : ResponseMode.FRAGMENT;
        ResponseMode givenMode = param(ctx, "response_mode") == null ? null : ResponseMode.parse(param(ctx, "response_mode"));
        ResponseMode errorMode = givenMode != null && !(givenMode == ResponseMode.QUERY && fallbackMode == ResponseMode.FRAGMENT)
                ? givenMode : fallbackMode;
        AuthorizeRequest request;
        try {
            request = validate(ctx, authority, app, redirectUri, state);
        } catch (EntraError e) {
            errorRedirect(ctx, redirectUri, errorMode, state, e);
            return;
        }
        try {
            decide(ctx, sessions.getOrCreate(ctx), request, null);
        } catch (Redirectable r) {
            errorRedirect(ctx, redirectUri, request.responseMode(), state, r.error);
        }
    }

    private Application knownClient(String clientId, Authority authority) {
        if (clientId == null) {
            throw EntraError.missingParameter("client_id");
        }
        Application app = directory.applicationByAppId(clientId)
                .orElseThrow(() -> EntraError.applicationNotFound(clientId, authority.segment()));
        boolean otherTenant = authority.kind() == Authority.Kind.TENANT && !authority.tenant().isConsumers()
                && !authority.tenant().id().equals(app.tenantId());
        if (otherTenant && !app.signInAudience().multiTenant()) {
            throw EntraError.applicationNotFound(clientId, authority.segment());
        }
        return app;
    }

    private static String registeredRedirectUri(Application app, String requested) {
        if (app.redirectUris().isEmpty()) {
            throw EntraError.noReplyAddress(app.appId());
        }
        if (requested == null) {
            return app.redirectUris().getFirst();
        }
        if (app.redirectUris().stream().noneMatch(r -> RedirectUris.matches(r, requested))) {
            throw EntraError.redirectUriMismatch(requested, app.appId());
        }
        return requested;
    }

    private static void enforceSignInAudience(Application app, Authority authority) {
        SignInAudience audience = app.signInAudience();
        boolean consumers = authority.kind() == Authority.Kind.CONSUMERS
                || (authority.kind() == Authority.Kind.TENANT && authority.tenant().isConsumers());
        if (consumers && !audience.allowsPersonalAccounts()) {
            throw EntraError.organizationsOnly(app.appId(), app.displayName());
        }
        if (!consumers && authority.kind() != Authority.Kind.COMMON && !audience.allowsOrganizations()) {
            throw EntraError.personalAccountsOnly(app.appId(), app.displayName());
        }
        boolean sharedAuthority = authority.kind() == Authority.Kind.COMMON || authority.kind() == Authority.Kind.ORGANIZATIONS;
        if (sharedAuthority && audience == SignInAudience.AzureADMyOrg) {
            throw EntraError.notMultiTenant(app.appId(), app.displayName());
        }
    }

    private AuthorizeRequest validate(Context ctx, Authority authority, Application app, String redirectUri, String state) {
        String responseTypeParam = param(ctx, "response_type");
        if (responseTypeParam == null) {
            throw EntraError.missingParameter("response_type");
        }
        Set<String> responseType = new LinkedHashSet<>(List.of(responseTypeParam.trim().split("\\s+")));
        if (!RESPONSE_TYPES.contains(responseType)) {
            throw EntraError.unsupportedResponseType(responseTypeParam);
        }
        if (responseType.contains("id_token") && !app.idTokenIssuance()) {
            throw EntraError.responseTypeNotEnabled(responseTypeParam);
        }
        boolean codeOnly = responseType.equals(Set.of("code"));
        ResponseMode mode = codeOnly ? ResponseMode.QUERY : ResponseMode.FRAGMENT;
        String modeParam = param(ctx, "response_mode");
        if (modeParam != null) {
            mode = ResponseMode.parse(modeParam);
            if (mode == null) {
                throw EntraError.invalidParameter("response_mode", "use query, fragment or form_post.");
            }
            if (mode == ResponseMode.QUERY && !codeOnly) {
                throw EntraError.invalidParameter("response_mode", "query is only allowed with response_type=code.");
            }
        }
        String scopeParam = param(ctx, "scope");
        if (scopeParam == null || scopeParam.isBlank()) {
            throw EntraError.missingParameter("scope");
        }
        Scopes scopes = Scopes.parse(scopeParam, staticGraphScopes(app));
        if (responseType.contains("id_token") && !scopes.has("openid")) {
            throw EntraError.invalidScope("An ID token needs the 'openid' scope.");
        }
        String nonce = param(ctx, "nonce");
        if (responseType.contains("id_token") && nonce == null) {
            throw EntraError.missingParameter("nonce");
        }
        String challenge = param(ctx, "code_challenge");
        String method = param(ctx, "code_challenge_method");
        if (challenge != null) {
            method = method == null ? "plain" : method;
            if (!method.equals("plain") && !method.equals("S256")) {
                throw EntraError.invalidParameter("code_challenge_method", "use S256 or plain.");
            }
            if (!Pkce.wellFormed(challenge)) {
                throw EntraError.invalidCodeChallenge("A code_challenge is 43 to 128 characters of [A-Za-z0-9-._~].");
            }
        } else if (method != null) {
            throw EntraError.missingParameter("code_challenge");
        }
        Prompt prompt = switch (param(ctx, "prompt") == null ? "" : param(ctx, "prompt")) {
            case "" -> Prompt.DEFAULT;
            case "none" -> Prompt.NONE;
            case "login" -> Prompt.LOGIN;
            case "consent" -> Prompt.CONSENT;
            case "select_account" -> Prompt.SELECT_ACCOUNT;
            default -> throw EntraError.invalidParameter("prompt", "use none, login, consent or select_account.");
        };
        return new AuthorizeRequest(authority, app, redirectUri, responseType, mode, scopes, state, nonce, prompt,
                param(ctx, "login_hint"), challenge, challenge == null ? null : method);
    }

    // The interactive part.

    private void decide(Context ctx, Session session, AuthorizeRequest request, String pendingId) {
        List<Account> signedIn = session.accounts().stream()
                .filter(a -> directory.user(a.userId()).filter(u -> mayUse(request, u)).isPresent()).toList();
        Optional<Account> chosen = choose(signedIn, request.loginHint());
        if (request.prompt() == Prompt.NONE) {
            if (signedIn.isEmpty() || (request.loginHint() != null && chosen.isEmpty())) {
                throw new Redirectable(EntraError.loginRequired());
            }
            Account account = chosen.orElseThrow(() -> new Redirectable(EntraError.interactionRequired()));
            User user = directory.user(account.userId()).orElseThrow();
            if (consentMissing(request, user)) {
                Application app = request.application();
                throw new Redirectable(EntraError.consentRequired(app.appId(), app.displayName()));
            }
            respond(ctx, request, user, account, pendingId);
            return;
        }
        if (request.prompt() == Prompt.LOGIN || request.prompt() == Prompt.SELECT_ACCOUNT || chosen.isEmpty()) {
            showSignIn(ctx, session, request, pendingId, null);
            return;
        }
        afterSignIn(ctx, session, request, directory.user(chosen.get().userId()).orElseThrow(), chosen.get(), pendingId);
    }

    private Optional<Account> choose(List<Account> signedIn, String loginHint) {
        if (loginHint != null) {
            return signedIn.stream().filter(a -> directory.user(a.userId()).filter(u -> u.matchesSignInName(loginHint)).isPresent()).findFirst();
        }
        return signedIn.size() == 1 ? Optional.of(signedIn.getFirst()) : Optional.empty();
    }

    private void afterSignIn(Context ctx, Session session, AuthorizeRequest request, User user, Account account, String pendingId) {
        if (request.prompt() == Prompt.CONSENT || consentMissing(request, user)) {
            showConsent(ctx, session, request, user, pendingId);
        } else {
            respond(ctx, request, user, account, pendingId);
        }
    }

    // POST /{tenant}/login
    void signIn(Context ctx) {
        Optional<Session> session = sessions.existing(ctx);
        Optional<Pending> found = session.flatMap(s -> pendingFor(ctx, s));
        if (found.isEmpty()) {
            errorPage(ctx, formExpired());
            return;
        }
        Pending p = found.get();
        AuthorizeRequest request = p.request();
        String login = ctx.formParam("login");
        String password = ctx.formParam("passwd");
        Optional<User> user = eligibleUsers(request).stream().filter(u -> u.matchesSignInName(login)).findFirst();
        Optional<Account> existing = user.flatMap(u -> session.get().account(u.id()));
        boolean passwordOk = RandomValues.constantTimeEquals(user.map(User::password).orElse("\u0000no user"), password == null ? "" : password);
        boolean ssoOk = existing.isPresent() && (password == null || password.isEmpty()) && request.prompt() != Prompt.LOGIN;
        if (user.isEmpty() || !(passwordOk || ssoOk)) {
            showSignIn(ctx, session.get(), request, p.id(), "Your account or password is incorrect. (AADSTS50126)");
            return;
        }
        Account account = passwordOk ? session.get().signIn(user.get().id(), clock.instant()) : existing.get();
        try {
            afterSignIn(ctx, session.get(), request, user.get(), account, p.id());
        } catch (Redirectable r) {
            pending.remove(p.id());
            errorRedirect(ctx, request.redirectUri(), request.responseMode(), request.state(), r.error);
        }
    }

    // POST /{tenant}/consent
    void consent(Context ctx) {
        Optional<Session> session = sessions.existing(ctx);
        Optional<Pending> found = session.flatMap(s -> pendingFor(ctx, s)).filter(p -> p.userId() != null);
        Optional<Account> account = found.flatMap(p -> session.get().account(p.userId()));
        if (found.isEmpty() || account.isEmpty()) {
            errorPage(ctx, formExpired());
            return;
        }
        Pending p = found.get();
        AuthorizeRequest request = p.request();
        if (!"accept".equals(ctx.formParam("decision"))) {
            pending.remove(p.id());
            errorRedirect(ctx, request.redirectUri(), request.responseMode(), request.state(), EntraError.userDeclinedConsent());
            return;
        }
        User user = directory.user(p.userId()).orElseThrow();
        directory.addGrant(new ConsentGrant(UUID.randomUUID().toString(), request.application().appId(), user.tenantId(),
                user.id(), request.scopes().consentNames()));
        respond(ctx, request, user, account.get(), p.id());
    }

    private Optional<Pending> pendingFor(Context ctx, Session session) {
        Pending p = pending.get(String.valueOf(ctx.formParam("ctx")));
        if (p == null || !p.sessionId().equals(session.id) || p.expiresAt().isBefore(clock.instant())
                || !session.acceptsFlowToken(ctx.formParam("flowToken"))) {
            return Optional.empty();
        }
        return Optional.of(p);
    }

    private String remember(Session session, AuthorizeRequest request, String pendingId, String userId) {
        Instant now = clock.instant();
        pending.values().removeIf(p -> p.expiresAt().isBefore(now));
        String id = pendingId != null ? pendingId : RandomValues.token(24);
        pending.put(id, new Pending(id, session.id, request, userId, now.plus(PENDING_LIFETIME)));
        return id;
    }

    private void showSignIn(Context ctx, Session session, AuthorizeRequest request, String pendingId, String error) {
        String id = remember(session, request, pendingId, null);
        Set<String> signedIn = new LinkedHashSet<>();
        session.accounts().forEach(a -> signedIn.add(a.userId()));
        List<User> users = eligibleUsers(request);
        String hint = request.loginHint();
        boolean hintMatches = hint != null && users.stream().anyMatch(u -> u.matchesSignInName(hint));
        List<SignInPage.Choice> choices = new ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
            User u = users.get(i);
            boolean selected = hintMatches ? u.matchesSignInName(hint) : i == 0;
            choices.add(new SignInPage.Choice(u.userPrincipalName(), u.displayName(), describe(u), selected, signedIn.contains(u.id())));
        }
        String segment = request.authority().segment();
        pages.render(ctx, 200, new SignInPage(Pages.nonce(), NO_FORM_ACTION, endpoints.base() + "/" + segment + "/login",
                id, session.flowToken, request.application().displayName(), choices, error));
    }

    private void showConsent(Context ctx, Session session, AuthorizeRequest request, User user, String pendingId) {
        String id = remember(session, request, pendingId, user.id());
        Application app = request.application();
        String publisher = directory.tenant(app.tenantId()).map(Tenant::primaryDomain).orElse(app.tenantId());
        List<String> permissions = request.scopes().consentNames().stream().map(AuthorizeEndpoint::describePermission).distinct().toList();
        pages.render(ctx, 200, new ConsentPage(Pages.nonce(), NO_FORM_ACTION,
                endpoints.base() + "/" + request.authority().segment() + "/consent", id, session.flowToken,
                app.displayName(), publisher, user.userPrincipalName(), permissions));
    }

    private void respond(Context ctx, AuthorizeRequest request, User user, Account account, String pendingId) {
        if (pendingId != null) {
            pending.remove(pendingId);
        }
        TokenMinter.Subject subject = new TokenMinter.Subject(request.application(), user, request.scopes(), request.nonce(),
                account.sid(), account.authTime());
        List<Field> fields = new ArrayList<>();
        String code = null;
        String accessToken = null;
        if (request.wantsCode()) {
            code = codes.issue(new AuthorizationCodes.Grant(request.application().appId(), request.redirectUri(), request.scopes(),
                    request.nonce(), request.codeChallenge(), request.codeChallengeMethod(), user.id(), user.tenantId(),
                    account.sid(), account.authTime(), RandomValues.token(16), clock.instant().plus(AuthorizationCodes.LIFETIME)));
            fields.add(new Field("code", code));
        }
        if (request.wantsAccessToken()) {
            accessToken = minter.graphAccessToken(subject);
            fields.add(new Field("access_token", accessToken));
            fields.add(new Field("token_type", "Bearer"));
            fields.add(new Field("expires_in", String.valueOf(TokenMinter.LIFETIME.toSeconds() - 1)));
            fields.add(new Field("scope", request.scopes().responseScope()));
        }
        if (request.wantsIdToken()) {
            fields.add(new Field("id_token", minter.idToken(subject, code, accessToken)));
        }
        if (request.state() != null) {
            fields.add(new Field("state", request.state()));
        }
        fields.add(new Field("session_state", account.sid()));
        deliver(ctx, request.redirectUri(), request.responseMode(), fields);
    }

    private void errorRedirect(Context ctx, String redirectUri, ResponseMode mode, String state, EntraError error) {
        ErrorReport report = ErrorReport.of(error, ctx, endpoints, clock.instant());
        List<Field> fields = new ArrayList<>();
        fields.add(new Field("error", error.error()));
        fields.add(new Field("error_description", report.description()));
        fields.add(new Field("error_uri", report.errorUri()));
        if (error.code() == 65004) {
            fields.add(new Field("error_subcode", "cancel"));
        }
        if (state != null) {
            fields.add(new Field("state", state));
        }
        deliver(ctx, redirectUri, mode, fields);
    }

    private void deliver(Context ctx, String redirectUri, ResponseMode mode, List<Field> fields) {
        switch (mode) {
            case FORM_POST -> pages.render(ctx, 200, new FormPostPage(Pages.nonce(), NO_FORM_ACTION, redirectUri, fields));
            case QUERY -> ctx.redirect(redirectUri + (redirectUri.contains("?") ? "&" : "?") + encode(fields), io.javalin.http.HttpStatus.FOUND);
            case FRAGMENT -> ctx.redirect(redirectUri + "#" + encode(fields), io.javalin.http.HttpStatus.FOUND);
        }
    }

    private void errorPage(Context ctx, EntraError error) {
        ErrorReport report = ErrorReport.of(error, ctx, endpoints, clock.instant());
        pages.render(ctx, 400, new ErrorPage(Pages.nonce(), error.aadsts(), report.traceId(), report.correlationId(), report.timestamp()));
    }

    // Who may sign in, and what they consented to.

    private List<User> eligibleUsers(AuthorizeRequest request) {
        return directory.users().stream().filter(u -> mayUse(request, u)).toList();
    }

    private static boolean mayUse(AuthorizeRequest request, User user) {
        Application app = request.application();
        boolean audience = switch (app.signInAudience()) {
            case AzureADMyOrg -> user.tenantId().equals(app.tenantId());
            case AzureADMultipleOrgs -> !user.isPersonalAccount();
            case AzureADandPersonalMicrosoftAccount -> true;
            case PersonalMicrosoftAccount -> user.isPersonalAccount();
        };
        return audience && request.authority().admits(user);
    }

    private boolean consentMissing(AuthorizeRequest request, User user) {
        Set<String> granted = directory.grantedScopes(request.application().appId(), user.tenantId(), user.id());
        return !granted.containsAll(request.scopes().consentNames());
    }

    private String describe(User user) {
        String tenant = directory.tenant(user.tenantId()).map(Tenant::displayName).orElse(user.tenantId());
        if (user.isPersonalAccount()) {
            return "personal Microsoft account";
        }
        if (user.isGuest()) {
            String home = directory.tenant(user.homeTenantId()).map(Tenant::displayName).orElse(user.homeTenantId());
            return "guest in " + tenant + " from " + home;
        }
        return "member of " + tenant + (user.mail() != null && !user.mailVerified() ? " · unverified e-mail " + user.mail() : "");
    }

    private static String describePermission(String scope) {
        return switch (scope) {
            case "openid" -> "Sign you in";
            case "profile" -> "View your basic profile";
            case "email" -> "View your email address";
            case "offline_access" -> "Maintain access to data you have given it access to";
            case "user.read" -> "Sign you in and read your profile";
            default -> "Access Microsoft Graph: " + scope;
        };
    }


    static Set<String> staticGraphScopes(Application app) {
        Set<String> scopes = new LinkedHashSet<>();
        app.requiredResourceAccess().stream()
                .filter(r -> dev.cognate.devidp.directory.ResourceAccess.MICROSOFT_GRAPH.equals(r.resourceAppId()))
                .flatMap(r -> r.resourceAccess().stream())
                .map(a -> Scopes.GRAPH_PERMISSION_IDS.get(a.id()))
                .filter(name -> name != null && !Scopes.OIDC.contains(name))
                .forEach(scopes::add);
        if (scopes.isEmpty()) {
            scopes.add("User.Read");
        }
        return scopes;
    }

    static EntraError formExpired() {
        return new EntraError("invalid_request", 90015, "The sign-in form expired or was not sent by this browser. "
                + "Start the sign-in again from the application.");
    }

    private static String param(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null && "POST".equals(ctx.method().name())) {
            value = ctx.formParam(name);
        }
        return value == null || value.isEmpty() ? null : value;
    }

    private static String encode(List<Field> fields) {
        StringBuilder out = new StringBuilder();
        for (Field f : fields) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(URLEncoder.encode(f.name(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(f.value(), StandardCharsets.UTF_8));
        }
        return out.toString();
    }
}

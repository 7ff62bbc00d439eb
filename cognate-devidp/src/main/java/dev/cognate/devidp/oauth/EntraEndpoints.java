package dev.cognate.devidp.oauth;

import dev.cognate.devidp.crypto.SigningKeys;
import dev.cognate.devidp.directory.Directory;
import dev.cognate.devidp.pages.Pages;
import io.javalin.config.RoutesConfig;
import java.time.Clock;

/** The Entra v2.0 protocol surface: discovery, keys, authorize (+ sign-in and consent pages), token, userinfo, logout. */
public final class EntraEndpoints {
    private final Discovery discovery;
    private final AuthorizeEndpoint authorize;
    private final TokenEndpoint token;
    private final UserInfoEndpoint userinfo;
    private final LogoutEndpoint logout;

    public EntraEndpoints(Directory directory, SigningKeys keys, Endpoints endpoints, Pages pages, Clock clock, boolean secureCookies) {
        BrowserSessions sessions = new BrowserSessions(clock, secureCookies);
        TokenMinter minter = new TokenMinter(keys, endpoints, clock);
        AuthorizationCodes codes = new AuthorizationCodes(clock);
        this.discovery = new Discovery(directory, keys, endpoints, clock);
        this.authorize = new AuthorizeEndpoint(directory, endpoints, sessions, pages, codes, minter, clock);
        this.token = new TokenEndpoint(directory, endpoints, new ClientAuthenticator(directory, endpoints, clock), codes,
                new RefreshTokens(clock), minter, clock);
        this.userinfo = new UserInfoEndpoint(directory, keys, endpoints, clock);
        this.logout = new LogoutEndpoint(directory, keys, sessions, pages);
    }

    public void register(RoutesConfig routes) {
        routes.get("/{tenant}/v2.0/.well-known/openid-configuration", discovery::openidConfiguration);
        routes.get("/{tenant}/discovery/v2.0/keys", discovery::keys);
        routes.get("/{tenant}/oauth2/v2.0/authorize", authorize::authorize);
        routes.post("/{tenant}/oauth2/v2.0/authorize", authorize::authorize);
        routes.post("/{tenant}/login", authorize::signIn);
        routes.post("/{tenant}/consent", authorize::consent);
        routes.post("/{tenant}/oauth2/v2.0/token", token::token);
        routes.get("/oidc/userinfo", userinfo::userinfo);
        routes.post("/oidc/userinfo", userinfo::userinfo);
        routes.get("/{tenant}/oauth2/v2.0/logout", logout::logout);
        routes.post("/{tenant}/oauth2/v2.0/logout", logout::logout);
    }
}

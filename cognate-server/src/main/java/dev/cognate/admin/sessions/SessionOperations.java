package dev.cognate.admin.sessions;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cognate.admin.AwsException;
import dev.cognate.admin.Caller;
import dev.cognate.admin.Empty;
import dev.cognate.admin.OperationFamily;
import dev.cognate.admin.OperationRegistry;
import dev.cognate.admin.Validate;
import dev.cognate.admin.auth.SignedInUsers;
import dev.cognate.admin.pools.UserPoolOperations;
import dev.cognate.admin.users.UserOperations;
import dev.cognate.pools.UserPool;
import dev.cognate.store.ClientSessionSettings;
import dev.cognate.store.SessionSettings;
import dev.cognate.sessions.UserSessions;
import dev.cognate.store.AppClientStore;
import dev.cognate.store.UserSession;
import dev.cognate.store.UserSessionStore;
import dev.cognate.tokens.AccessTokenVerifier;
import dev.cognate.users.User;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Session tracking: the pool's and its clients' session settings (Get/Set
 * UserPoolSessionConfiguration, Get/Set UserPoolClientSessionConfiguration), and users' token
 * and SSO sessions: ListUserSessions and RevokeUserSession with the user's access token, their
 * signed admin twins for any user. A session of another user is answered as one that does not exist.
 */
public final class SessionOperations implements OperationFamily {
    static final List<String> TRACKING = List.of("ENABLED", "DISABLED");
    static final List<String> ASSOCIATED = List.of("NONE", "LINKED");
    static final Pattern CLIENT_ID = Pattern.compile("[\\w+]+");
    static final String NOT_FOUND = "Session not found.";

    private final SignedInUsers signedIn;
    private final UserPoolOperations pools;
    private final UserOperations users;
    private final AppClientStore clients;
    private final UserSessionStore settings;
    private final UserSessions sessions;

    public SessionOperations(SignedInUsers signedIn, UserPoolOperations pools, UserOperations users, AppClientStore clients,
                             UserSessionStore settings, UserSessions sessions) {
        this.signedIn = signedIn;
        this.pools = pools;
        this.users = users;
        this.clients = clients;
        this.settings = settings;
        this.sessions = sessions;
    }

    @Override
    public void registerWith(OperationRegistry registry) {
        registry.signed("GetUserPoolSessionConfiguration", PoolRequest.class, (r, c) -> poolSettings(r.userPoolId()));
        registry.signed("SetUserPoolSessionConfiguration", SetPoolRequest.class, this::setPoolSettings);
        registry.signed("GetUserPoolClientSessionConfiguration", ClientRequest.class, this::clientSettings);
        registry.signed("SetUserPoolClientSessionConfiguration", SetClientRequest.class, this::setClientSettings);
        registry.unsigned("ListUserSessions", ListRequest.class, (r, c) -> {
            AccessTokenVerifier.Verified caller = signedIn.verified(r.accessToken());
            return list(caller.user(), r.nextToken(), originOf(caller));
        });
        registry.signed("AdminListUserSessions", AdminListRequest.class,
                (r, c) -> list(user(r.userPoolId(), r.username()), r.nextToken(), null));
        registry.unsigned("RevokeUserSession", RevokeRequest.class, (r, c) -> {
            AccessTokenVerifier.Verified caller = signedIn.verified(r.accessToken());
            return revoke(caller.user(), r.sessionId(), r.revokeAssociatedSessions(), originOf(caller));
        });
        registry.signed("AdminRevokeUserSession", AdminRevokeRequest.class,
                (r, c) -> revoke(user(r.userPoolId(), r.username()), r.sessionId(), r.revokeAssociatedSessions(), null));
    }

    /** AWS UserPoolTokenSessionConfigType. */
    public record TokenSession(Integer maxPerUser) {}

    /** AWS ClientSSOSessionConfigType. */
    public record SsoSession(Integer maxValidityMinutes) {}

    public record PoolRequest(String userPoolId) {}

    public record SetPoolRequest(String userPoolId, String userSessionTracking, TokenSession tokenSession) {}

    public record PoolResponse(String userPoolId, String userSessionTracking, TokenSession tokenSession) {}

    public record ClientRequest(String userPoolId, String clientId) {
        @Override
        public String toString() {
            return "ClientRequest[userPoolId=" + userPoolId + "]";
        }
    }

    public record SetClientRequest(String userPoolId, String clientId, @JsonProperty("SSOSession") SsoSession ssoSession) {
        @Override
        public String toString() {
            return "SetClientRequest[userPoolId=" + userPoolId + "]";
        }
    }

    public record ClientResponse(String userPoolId, String clientId, @JsonProperty("SSOSession") SsoSession ssoSession) {
        @Override
        public String toString() {
            return "ClientResponse[userPoolId=" + userPoolId + "]";
        }
    }

    public record ListRequest(String accessToken, String nextToken) {
        @Override
        public String toString() {
            return "ListRequest[]";
        }
    }

    public record AdminListRequest(String userPoolId, String username, String nextToken) {
        @Override
        public String toString() {
            return "AdminListRequest[userPoolId=" + userPoolId + "]";
        }
    }

    public record RevokeRequest(String accessToken, String sessionId, String revokeAssociatedSessions) {
        @Override
        public String toString() {
            return "RevokeRequest[sessionId=" + sessionId + "]";
        }
    }

    public record AdminRevokeRequest(String userPoolId, String username, String sessionId, String revokeAssociatedSessions) {
        @Override
        public String toString() {
            return "AdminRevokeRequest[userPoolId=" + userPoolId + ", sessionId=" + sessionId + "]";
        }
    }

    /** AWS SessionLocationType: no geo-IP database here, so "unknown" as Cognito says when resolution fails. */
    public record Location(String city, String country) {}

    /** AWS SessionDescriptionType. */
    public record SessionDescription(String sessionId, String sessionType, String clientId, Instant createDate,
                                     Instant lastActiveDate, String deviceType, @JsonProperty("LastIPAddress") String lastIpAddress,
                                     Location lastLocation, String originSessionId, boolean isCurrentSession) {
        static SessionDescription of(UserSession s, String currentOrigin) {
            return new SessionDescription(s.sessionId(), s.sessionType(), s.clientId(), s.createdAt(), s.lastActiveAt(),
                    s.deviceType(), s.lastIp(), new Location(null, "unknown"), s.originSessionId(),
                    s.isToken() && s.originJti().equals(currentOrigin));
        }

        @Override
        public String toString() {
            return "SessionDescription[sessionId=" + sessionId + "]";
        }
    }

    public record ListResponse(List<SessionDescription> sessions, String nextToken) {}

    private PoolResponse poolSettings(String poolId) {
        UserPool pool = pools.existing(poolId);
        SessionSettings current = settings.settings(pool.id());
        return new PoolResponse(pool.id(), current.tracking() ? "ENABLED" : "DISABLED", new TokenSession(current.maxPerUser()));
    }

    private Object setPoolSettings(SetPoolRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        Validate.required(r.userSessionTracking(), "userSessionTracking");
        Validate.oneOf(r.userSessionTracking(), "userSessionTracking", TRACKING);
        Validate.required(r.tokenSession(), "tokenSession");
        Validate.required(r.tokenSession().maxPerUser(), "tokenSession.maxPerUser");
        Validate.range(r.tokenSession().maxPerUser(), "tokenSession.maxPerUser", SessionSettings.MIN_PER_USER,
                SessionSettings.MAX_PER_USER);
        requireTier(pool);
        settings.saveSettings(pool.id(), new SessionSettings(r.userSessionTracking().equals("ENABLED"),
                r.tokenSession().maxPerUser()));
        return poolSettings(pool.id());
    }

    private ClientResponse clientSettings(ClientRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        String clientId = existingClient(pool, r.clientId());
        return new ClientResponse(pool.id(), clientId,
                new SsoSession(settings.clientSettings(pool.id(), clientId).ssoMaxValidityMinutes()));
    }

    private Object setClientSettings(SetClientRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        String clientId = existingClient(pool, r.clientId());
        Validate.required(r.ssoSession(), "SSOSession");
        Validate.required(r.ssoSession().maxValidityMinutes(), "SSOSession.maxValidityMinutes");
        Validate.range(r.ssoSession().maxValidityMinutes(), "SSOSession.maxValidityMinutes", 0,
                ClientSessionSettings.MAX_VALIDITY_MINUTES);
        requireTier(pool);
        requireTracking(pool);
        settings.saveClientSettings(pool.id(), clientId, new ClientSessionSettings(r.ssoSession().maxValidityMinutes()));
        return clientSettings(new ClientRequest(pool.id(), clientId), caller);
    }

    private ListResponse list(User user, String nextToken, String currentOrigin) {
        if (nextToken != null) {
            // every session fits in the one page answered, so no token was ever handed out
            Validate.length(nextToken, "nextToken", 1, 131_072);
            throw AwsException.invalidParameter("Invalid NextToken.");
        }
        requireTracking(pools.existing(user.poolId()));
        return new ListResponse(sessions.active(user).stream()
                .map(s -> SessionDescription.of(s, currentOrigin)).toList(), null);
    }

    private Object revoke(User user, String sessionId, String associated, String currentOrigin) {
        Validate.required(sessionId, "sessionId");
        Validate.pattern(sessionId, "sessionId", UserSessions.SESSION_ID);
        Validate.oneOf(associated, "revokeAssociatedSessions", ASSOCIATED);
        requireTracking(pools.existing(user.poolId()));
        UserSession session = sessions.find(user, sessionId)
                .orElseThrow(() -> AwsException.resourceNotFound(NOT_FOUND));
        if (session.isToken() && session.originJti().equals(currentOrigin)) {
            throw AwsException.invalidParameter("A session cannot revoke itself: the access token belongs to session "
                    + sessionId + ". Use GlobalSignOut or RevokeToken to end it.");
        }
        sessions.end(user, session, "LINKED".equals(associated), currentOrigin);
        return Empty.INSTANCE;
    }

    private static String originOf(AccessTokenVerifier.Verified caller) {
        try {
            return caller.claims().getStringClaim("origin_jti");
        } catch (ParseException e) {
            return null;
        }
    }

    private User user(String poolId, String username) {
        UserPool pool = pools.existing(poolId);
        return users.existingUser(pool, UserOperations.username(username));
    }

    private String existingClient(UserPool pool, String clientId) {
        Validate.requiredString(clientId, "clientId", 1, 128);
        Validate.pattern(clientId, "clientId", CLIENT_ID);
        return clients.find(pool.id(), clientId)
                .orElseThrow(() -> AwsException.resourceNotFound("User pool client " + clientId + " does not exist."))
                .clientId();
    }

    /** Cognito offers session tracking in the Essentials and Plus tiers. */
    private static void requireTier(UserPool pool) {
        if ("LITE".equals(pool.userPoolTier())) {
            throw new AwsException("FeatureUnavailableInTierException",
                    "Session tracking is not available in the LITE tier; set UserPoolTier to ESSENTIALS or PLUS.");
        }
    }

    private void requireTracking(UserPool pool) {
        if (!settings.settings(pool.id()).tracking()) {
            throw new AwsException("OperationNotEnabledException", "Session tracking is not enabled for user pool "
                    + pool.id() + ": SetUserPoolSessionConfiguration with UserSessionTracking ENABLED turns it on.");
        }
    }
}

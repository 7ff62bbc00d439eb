package dev.cognate.admin.auth;

import dev.cognate.admin.AwsException;
import dev.cognate.admin.Caller;
import dev.cognate.admin.Empty;
import dev.cognate.admin.OperationFamily;
import dev.cognate.admin.OperationRegistry;
import dev.cognate.admin.Validate;
import dev.cognate.clients.AppClient;
import dev.cognate.crypto.Hashes;
import dev.cognate.store.RefreshGrant;
import dev.cognate.store.AppClientStore;
import dev.cognate.store.RefreshTokenStore;
import dev.cognate.store.UserStore;
import dev.cognate.tokens.AccessTokenVerifier;
import dev.cognate.authn.EmailOtp;
import dev.cognate.authn.SmsOtp;
import dev.cognate.authn.MfaSummary;
import dev.cognate.authn.SoftwareTokenMfa;
import dev.cognate.users.User;
import dev.cognate.users.UserAttribute;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import dev.cognate.sessions.UserSessions;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an app does with the tokens it holds (public, unsigned): GetUser and GlobalSignOut with
 * the user's access token, RevokeToken with a refresh token.
 */
public final class TokenOperations implements OperationFamily {
    static final Pattern TOKEN = SignedInUsers.TOKEN;
    static final Pattern CLIENT_SECRET = Pattern.compile("[\\w+]+");

    private final AppClientStore clients;
    private final SignedInUsers signedIn;
    private final RefreshTokenStore refreshTokens;
    private final UserStore users;
    private final SoftwareTokenMfa mfa;
    private final EmailOtp emailOtp;
    private final SmsOtp smsOtp;
    private final UserSessions sessions;
    private final Clock clock;

    /** @param sessions session tracking, for RevokeToken's RevokeAssociatedSessions LINKED; null for none */
    public TokenOperations(AppClientStore clients, AccessTokenVerifier accessTokens, RefreshTokenStore refreshTokens,
                           UserStore users, SoftwareTokenMfa mfa, EmailOtp emailOtp, SmsOtp smsOtp, UserSessions sessions,
                           Clock clock) {
        this.sessions = sessions;
        this.emailOtp = emailOtp;
        this.smsOtp = smsOtp;
        this.clients = clients;
        this.signedIn = new SignedInUsers(accessTokens);
        this.refreshTokens = refreshTokens;
        this.users = users;
        this.mfa = mfa;
        this.clock = clock;
    }

    @Override
    public void registerWith(OperationRegistry registry) {
        registry.unsigned("GetUser", AccessTokenRequest.class, this::getUser);
        registry.unsigned("GlobalSignOut", AccessTokenRequest.class, this::globalSignOut);
        registry.unsigned("RevokeToken", RevokeTokenRequest.class, this::revokeToken);
    }

    public record AccessTokenRequest(String accessToken) {
        @Override
        public String toString() {
            return "AccessTokenRequest";
        }
    }

    /**
     * {@code RevokeAssociatedSessions} LINKED also ends the SSO session (the hosted sign-in's
     * browser session) the token session came through; it has no effect without session tracking
     * or without such a parent, as in Cognito.
     */
    public record RevokeTokenRequest(String token, String clientId, String clientSecret, String revokeAssociatedSessions) {
        @Override
        public String toString() {
            return "RevokeTokenRequest[clientId=" + clientId + "]";
        }
    }

    /** AWS GetUserResponse; the MFA members are absent when the user has no MFA. */
    public record GetUserResponse(String username, List<UserAttribute> userAttributes, String preferredMfaSetting,
                                  List<String> userMFASettingList,
                                  @com.fasterxml.jackson.annotation.JsonProperty("MFAOptions")
                                  List<dev.cognate.admin.MfaOptionType> mfaOptions) {}

    private Object getUser(AccessTokenRequest r, Caller caller) {
        User user = signedInUser(r.accessToken());
        List<UserAttribute> attributes = new ArrayList<>();
        attributes.add(new UserAttribute("sub", user.sub()));
        attributes.addAll(user.attributes());
        MfaSummary factors = MfaSummary.of(mfa, emailOtp, smsOtp, user);
        return new GetUserResponse(user.username(), attributes, factors.preferred(), factors.enabled(),
                dev.cognate.admin.MfaOptionType.of(factors));
    }

    /** Signs the user out of every device: all refresh tokens revoked, every access token issued so far refused. */
    private Object globalSignOut(AccessTokenRequest r, Caller caller) {
        User user = signedInUser(r.accessToken());
        Instant now = clock.instant();
        refreshTokens.revokeUser(user.poolId(), user.username(), now);
        users.revokeTokensBefore(user.poolId(), user.username(), now);
        return Empty.INSTANCE;
    }

    /**
     * Revokes a refresh token and every access token minted from its sign-in. Client errors
     * use RevokeToken's own exceptions (UnauthorizedException for client authentication,
     * UnsupportedOperationException when the client has revocation off,
     * UnsupportedTokenTypeException for a JWT); an unknown, expired or already revoked token
     * is answered like a revoked one (RFC 7009 2.2), so the call is idempotent.
     */
    private Object revokeToken(RevokeTokenRequest r, Caller caller) {
        Validate.required(r.token(), "token");
        Validate.pattern(r.token(), "token", TOKEN);
        AuthClients.validClientId(r.clientId());
        Validate.length(r.clientSecret(), "clientSecret", 1, 64);
        Validate.pattern(r.clientSecret(), "clientSecret", CLIENT_SECRET);
        Validate.oneOf(r.revokeAssociatedSessions(), "revokeAssociatedSessions", List.of("NONE", "LINKED"));
        AppClient client = authenticatedClient(r.clientId(), r.clientSecret());
        if (Boolean.FALSE.equals(client.enableTokenRevocation())) {
            throw new AwsException("UnsupportedOperationException", "Token revocation is not enabled for this app client.");
        }
        if (r.token().chars().filter(c -> c == '.').count() == 2) {
            throw new AwsException("UnsupportedTokenTypeException",
                    "Unsupported token type: only refresh tokens can be revoked.");
        }
        Instant now = clock.instant();
        Optional<RefreshGrant> grant = r.token().length() > RefreshFlow.MAX_TOKEN_LENGTH ? Optional.empty()
                : refreshTokens.findActive(Hashes.sha256Hex(r.token()), now);
        if (grant.isEmpty()) {
            return Empty.INSTANCE;
        }
        if (!grant.get().clientId().equals(client.clientId())) {
            throw unauthorized("The refresh token was not issued to client " + client.clientId() + ".");
        }
        if (sessions != null && "LINKED".equals(r.revokeAssociatedSessions())) {
            sessions.endOrigin(grant.get().originJti());
        }
        refreshTokens.revokeOrigin(grant.get().poolId(), grant.get().originJti(), now);
        return Empty.INSTANCE;
    }

    private AppClient authenticatedClient(String clientId, String clientSecret) {
        AppClient client = clients.find(clientId)
                .orElseThrow(() -> unauthorized("User pool client " + clientId + " does not exist."));
        if (client.hasSecret()) {
            if (clientSecret == null) {
                throw unauthorized("Client " + clientId + " is configured with secret but ClientSecret was not received");
            }
            if (!client.secretMatches(clientSecret)) {
                throw unauthorized("Invalid client secret for client " + clientId);
            }
        }
        return client;
    }

    private User signedInUser(String accessToken) {
        return signedIn.user(accessToken);
    }

    private static AwsException unauthorized(String message) {
        return new AwsException("UnauthorizedException", message);
    }
}

package dev.cognate.tokens;

import dev.cognate.clients.AppClient;
import dev.cognate.crypto.Hashes;
import dev.cognate.crypto.RandomIds;
import dev.cognate.store.RefreshGrant;
import dev.cognate.pools.UserPool;
import dev.cognate.store.DeviceStore;
import dev.cognate.store.GroupStore;
import dev.cognate.store.IdpGroupStore;
import dev.cognate.store.OneConnection;
import dev.cognate.store.RefreshTokenStore;
import dev.cognate.store.UserStore;
import dev.cognate.users.User;
import dev.cognate.users.UserAttribute;
import dev.cognate.users.UserStatus;
import dev.cognate.users.Usernames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Issues the tokens of a sign-in and of a refresh: the one place that decides what a user's
 * tokens say, for the OAuth endpoints and the InitiateAuth API alike.
 */
public final class TokenIssuer {

    /** What a client receives. {@code refreshToken} is null when none is issued. */
    public record TokenSet(String idToken, String accessToken, String refreshToken, long expiresIn) {
        @Override
        public String toString() {
            return "TokenSet[expiresIn=" + expiresIn + "]";
        }
    }

    /** How a refresh ended. */
    public sealed interface Refresh {
        record Refreshed(TokenSet tokens) implements Refresh {}

        /** Unknown, expired, revoked, another client's, or its user is gone or disabled. */
        record Invalid(String reason) implements Refresh {}
    }

    private final TokenMinter minter;
    private final RefreshTokenStore refreshTokens;
    private final UserStore users;
    private final GroupStore groups;
    private final IdpGroupStore idpGroups;
    private final Clock clock;
    private final ClaimsCustomizer customizer;
    private final OneConnection oneConnection;
    private final TokenSessions sessions;
    private final DeviceStore devices;

    /** An issuer whose tokens carry pool groups only. */
    public TokenIssuer(TokenMinter minter, RefreshTokenStore refreshTokens, UserStore users, GroupStore groups, Clock clock) {
        this(minter, refreshTokens, users, groups, null, clock);
    }

    /** @param idpGroups the groups upstream IdPs put users in, added to {@code cognito:groups} (null for none) */
    public TokenIssuer(TokenMinter minter, RefreshTokenStore refreshTokens, UserStore users, GroupStore groups,
                       IdpGroupStore idpGroups, Clock clock) {
        this(minter, refreshTokens, users, groups, idpGroups, clock, ClaimsCustomizer.NONE);
    }

    /** @param customizer asked before every user's tokens are minted (the pool's pre token generation trigger) */
    public TokenIssuer(TokenMinter minter, RefreshTokenStore refreshTokens, UserStore users, GroupStore groups,
                       IdpGroupStore idpGroups, Clock clock, ClaimsCustomizer customizer) {
        this(minter, refreshTokens, users, groups, idpGroups, clock, customizer, OneConnection.NONE);
    }

    /** @param oneConnection what lets a refresh's reads (and its rotation) share one store connection */
    public TokenIssuer(TokenMinter minter, RefreshTokenStore refreshTokens, UserStore users, GroupStore groups,
                       IdpGroupStore idpGroups, Clock clock, ClaimsCustomizer customizer, OneConnection oneConnection) {
        this(minter, refreshTokens, users, groups, idpGroups, clock, customizer, oneConnection, TokenSessions.NONE);
    }

    /** @param sessions what records the token sessions its sign-ins open and its refreshes use (session tracking) */
    public TokenIssuer(TokenMinter minter, RefreshTokenStore refreshTokens, UserStore users, GroupStore groups,
                       IdpGroupStore idpGroups, Clock clock, ClaimsCustomizer customizer, OneConnection oneConnection,
                       TokenSessions sessions) {
        this(minter, refreshTokens, users, groups, idpGroups, clock, customizer, oneConnection, sessions, null);
    }

    /** @param devices the users' devices, which a device's refresh token must still be one of (null: not checked) */
    public TokenIssuer(TokenMinter minter, RefreshTokenStore refreshTokens, UserStore users, GroupStore groups,
                       IdpGroupStore idpGroups, Clock clock, ClaimsCustomizer customizer, OneConnection oneConnection,
                       TokenSessions sessions, DeviceStore devices) {
        this.devices = devices;
        this.sessions = sessions;
        this.oneConnection = oneConnection;
        this.customizer = customizer;
        this.minter = minter;
        this.refreshTokens = refreshTokens;
        this.users = users;
        this.groups = groups;
        this.idpGroups = idpGroups;
        this.clock = clock;
    }

    /**
     * Tokens for a fresh sign-in.
     *
     * @param originJti the authentication event (a code's, or a new one for API sign-ins)
     * @param hostedUi  true for the hosted UI (adds {@code at_hash}, as Cognito does)
     */
    public TokenSet signIn(UserPool pool, AppClient client, User user, Set<String> scopes, Instant authTime,
                           String originJti, String nonce, boolean hostedUi, boolean withRefreshToken) {
        return signIn(pool, client, user, scopes, authTime, originJti, nonce, hostedUi, withRefreshToken,
                hostedUi ? TokenOccasion.HOSTED_AUTH : TokenOccasion.AUTHENTICATION, Map.of());
    }

    /**
     * As above, for a given occasion (what a pre token generation trigger hears as its source)
     * with the app's ClientMetadata for the trigger.
     */
    public TokenSet signIn(UserPool pool, AppClient client, User user, Set<String> scopes, Instant authTime,
                           String originJti, String nonce, boolean hostedUi, boolean withRefreshToken,
                           TokenOccasion occasion, Map<String, String> clientMetadata) {
        return signIn(pool, client, user, scopes, authTime, originJti, nonce, hostedUi, withRefreshToken, occasion,
                clientMetadata, scopes.contains("openid"), List.of());
    }

    /**
     * As above, saying whether an ID token comes along: the OAuth endpoints give one only with
     * {@code openid}, Cognito's API always (its tokens carry {@code aws.cognito.signin.user.admin}
     * alone). A refresh of these tokens keeps the choice.
     */
    public TokenSet signIn(UserPool pool, AppClient client, User user, Set<String> scopes, Instant authTime,
                           String originJti, String nonce, boolean hostedUi, boolean withRefreshToken,
                           TokenOccasion occasion, Map<String, String> clientMetadata, boolean withIdToken) {
        return signIn(pool, client, user, scopes, authTime, originJti, nonce, hostedUi, withRefreshToken, occasion,
                clientMetadata, withIdToken, List.of());
    }

    /** As above, with how the user authenticated ({@code amr} in the ID token; empty: left out). */
    public TokenSet signIn(UserPool pool, AppClient client, User user, Set<String> scopes, Instant authTime,
                           String originJti, String nonce, boolean hostedUi, boolean withRefreshToken,
                           TokenOccasion occasion, Map<String, String> clientMetadata, List<String> amr) {
        return signIn(pool, client, user, scopes, authTime, originJti, nonce, hostedUi, withRefreshToken, occasion,
                clientMetadata, scopes.contains("openid"), amr);
    }

    /** As above, saying both whether an ID token comes along and how the user authenticated. */
    public TokenSet signIn(UserPool pool, AppClient client, User user, Set<String> scopes, Instant authTime,
                           String originJti, String nonce, boolean hostedUi, boolean withRefreshToken,
                           TokenOccasion occasion, Map<String, String> clientMetadata, boolean withIdToken,
                           List<String> amr) {
        return signIn(pool, client, user, scopes, authTime, originJti, nonce, hostedUi, withRefreshToken, occasion,
                clientMetadata, withIdToken, amr, null);
    }

    /** As above, for a sign-in with one of the user's devices ({@code deviceKey}: its access token's device_key). */
    public TokenSet signIn(UserPool pool, AppClient client, User user, Set<String> scopes, Instant authTime,
                           String originJti, String nonce, boolean hostedUi, boolean withRefreshToken,
                           TokenOccasion occasion, Map<String, String> clientMetadata, boolean withIdToken,
                           List<String> amr, String deviceKey) {
        TokenSubject subject = subject(user, client);
        TokenCustomization custom = customizer.customize(new TokenDraft(pool, client.clientId(), occasion, user,
                subject.groups(), scopes, clientMetadata));
        TokenMinter.Minted minted = minter.mint(subject,
                grant(pool, client, scopes, authTime, originJti, nonce, withIdToken, amr).withDevice(deviceKey), hostedUi,
                custom);
        String refreshToken = null;
        if (withRefreshToken) {
            refreshToken = RandomIds.token();
            Instant now = clock.instant();
            Instant expires = now.plus(client.refreshTokenLifetime());
            refreshTokens.save(Hashes.sha256Hex(refreshToken), new RefreshGrant(pool.id(), client.clientId(),
                    user.username(), user.sub(), scopes, authTime, originJti, now, expires, withIdToken, deviceKey));
            sessions.opened(pool.id(), client.clientId(), user.username(), user.sub(), originJti, expires);
        }
        return new TokenSet(minted.idToken(), minted.accessToken(), refreshToken, client.accessTokenLifetime().toSeconds());
    }

    /**
     * New ID and access tokens for a refresh token, and a new refresh token too when the
     * client's RefreshTokenRotation is ENABLED (GetTokensFromRefreshToken and the token
     * endpoint alike; REFRESH_TOKEN_AUTH is refused for such clients above). Without rotation a
     * refresh writes nothing to the store; with it, one transaction retires the old token (at
     * once, or after the client's RetryGracePeriodSeconds) and saves the new one, which lives
     * as long as the old one would have: rotation never extends a sign-in.
     *
     * <p>A refresh token handed out to one of the user's devices (device tracking) works only
     * with that device's key: {@code deviceKey} is the key the caller sent (DEVICE_KEY,
     * DeviceKey), null for none. Cognito ties such tokens to their device, so a token copied
     * off the device, or one whose device was forgotten, is refused (forgetting a device also
     * revokes its refresh tokens, {@link RefreshTokenStore#revokeDevice}). So is one whose device
     * was never confirmed (ConfirmDevice), as Cognito refuses it.
     */
    public Refresh refresh(UserPool pool, AppClient client, String refreshToken, String deviceKey) {
        if (refreshToken == null || refreshToken.isEmpty() || refreshToken.length() > 2048) {
            return new Refresh.Invalid("Invalid Refresh Token");
        }
        // the store's part on one connection; the trigger and the signatures after it, holding none
        return switch (oneConnection.run(() -> checkAndRotate(pool, client, refreshToken, deviceKey))) {
            case Check.Failed failed -> failed.invalid();
            case Check.Passed checked -> {
                TokenCustomization custom = customizer.customize(new TokenDraft(pool, client.clientId(),
                        TokenOccasion.REFRESH_TOKENS, checked.user(), checked.subject().groups(), checked.grant().scopes(), Map.of()));
                RefreshGrant grant = checked.grant();
                sessions.refreshed(pool.id(), grant.originJti());
                TokenMinter.Minted minted = minter.mint(checked.subject(),
                        grant(pool, client, grant.scopes(), grant.authTime(), grant.originJti(), null, grant.withIdToken(),
                                List.of()).withDevice(grant.deviceKey()), false, custom);
                yield new Refresh.Refreshed(new TokenSet(minted.idToken(), minted.accessToken(), checked.next(),
                        client.accessTokenLifetime().toSeconds()));
            }
        };
    }

    /** What the store said of a refresh token. */
    private sealed interface Check {
        /** Every check passed: the grant, its user as the tokens will show them, and its successor (null unless rotating). */
        record Passed(RefreshGrant grant, User user, TokenSubject subject, String next) implements Check {}

        record Failed(Refresh.Invalid invalid) implements Check {}
    }

    private static Check failed(String reason) {
        return new Check.Failed(new Refresh.Invalid(reason));
    }

    private Check checkAndRotate(UserPool pool, AppClient client, String refreshToken, String deviceKey) {
        Optional<RefreshGrant> found = refreshTokens.findActive(Hashes.sha256Hex(refreshToken), clock.instant());
        if (found.isEmpty()) {
            return failed("Invalid Refresh Token");
        }
        RefreshGrant grant = found.get();
        if (!grant.clientId().equals(client.clientId()) || !grant.poolId().equals(pool.id())) {
            return failed("Invalid Refresh Token");
        }
        if (grant.deviceKey() != null && (!grant.deviceKey().equals(deviceKey) || devices != null
                && devices.find(pool.id(), deviceKey).filter(d -> d.sub().equals(grant.sub()) && d.confirmed()).isEmpty())) {
            return failed("Invalid Refresh Token");
        }
        Optional<User> user = users.find(pool.id(), Usernames.key(pool, grant.username()));
        if (user.isEmpty() || !user.get().sub().equals(grant.sub())) {
            return failed("Invalid Refresh Token");
        }
        if (!user.get().enabled()) {
            return failed("User is disabled.");
        }
        Instant revokedBefore = user.get().tokensRevokedBefore();
        if (revokedBefore != null && !grant.createdAt().isAfter(revokedBefore)) {
            return failed("Refresh Token has been revoked");
        }
        String next = null;
        if (rotates(client)) {
            Instant now = clock.instant();
            next = RandomIds.token();
            Duration grace = Duration.ofSeconds(Objects.requireNonNullElse(client.refreshTokenRotation().retryGracePeriodSeconds(), 0));
            RefreshGrant nextGrant = new RefreshGrant(grant.poolId(), grant.clientId(), grant.username(), grant.sub(),
                    grant.scopes(), grant.authTime(), grant.originJti(), now, grant.expiresAt(), grant.withIdToken(),
                    grant.deviceKey());
            if (!refreshTokens.rotate(Hashes.sha256Hex(refreshToken), now, grace, Hashes.sha256Hex(next), nextGrant)) {
                return failed("Invalid Refresh Token");
            }
        }
        return new Check.Passed(grant, user.get(), subject(user.get(), client), next);
    }

    /** Whether the client's refresh tokens are single use (Cognito's RefreshTokenRotation ENABLED). */
    public static boolean rotates(AppClient client) {
        return client.refreshTokenRotation() != null && "ENABLED".equals(client.refreshTokenRotation().feature());
    }

    private TokenGrant grant(UserPool pool, AppClient client, Set<String> scopes, Instant authTime, String originJti,
                             String nonce, boolean withIdToken, List<String> amr) {
        return new TokenGrant(pool.id(), client.clientId(), scopes, authTime, originJti, UUID.randomUUID().toString(),
                nonce, client.idTokenLifetime(), client.accessTokenLifetime(), withIdToken, amr);
    }

    private TokenSubject subject(User user, AppClient client) {
        List<String> readable = client.readAttributes();
        Map<String, String> attributes = new LinkedHashMap<>();
        for (UserAttribute attribute : user.attributes()) {
            if (readable == null || readable.isEmpty() || readable.contains(attribute.name())) {
                attributes.put(attribute.name(), attribute.value());
            }
        }
        String identities = attributes.remove("identities");
        return new TokenSubject(user.sub(), user.username(), groupNames(user), attributes,
                user.status() == UserStatus.EXTERNAL_PROVIDER || identities != null ? identities : null);
    }

    /**
     * {@code cognito:groups}: the pool groups (by precedence, then name), then the groups the
     * user's IdP named at the last sign-in as {@code <ProviderName>:<group>} (a Cognate extension,
     * ProviderDetails {@code groups_claim}; the prefix keeps an IdP from naming a pool group).
     */
    private List<String> groupNames(User user) {
        List<String> names = new ArrayList<>(groups.groupNamesOf(user.poolId(), user.username()));
        if (idpGroups != null) {
            idpGroups.groupsOf(user.poolId(), user.username()).forEach(g -> names.add(g.claimValue()));
        }
        return names;
    }
}

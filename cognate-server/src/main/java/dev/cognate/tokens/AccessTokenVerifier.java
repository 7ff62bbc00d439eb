package dev.cognate.tokens;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.cognate.tokens.Issuers;
import dev.cognate.pools.UserPool;
import dev.cognate.store.RefreshTokenStore;
import dev.cognate.store.UserPoolStore;
import dev.cognate.store.UserStore;
import dev.cognate.users.User;
import dev.cognate.users.Usernames;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks an access token this server issued, for userInfo, GetUser and GlobalSignOut: RS256
 * by the pool's key named in {@code kid} (the algorithm is ours, never the header's), our
 * issuer, {@code token_use: access}, unexpired, and not revoked (its sign-in event revoked,
 * or its user signed out everywhere, disabled or deleted since).
 */
public final class AccessTokenVerifier {
    private static final Pattern POOL_ID = Pattern.compile("[\\w-]+_[0-9a-zA-Z]+");

    /** A verified access token: its pool and user, and the scopes it carries. */
    public record Verified(UserPool pool, User user, String clientId, Set<String> scopes, JWTClaimsSet claims) {}

    private final KeyRing keys;
    private final Issuers issuers;
    private final UserPoolStore pools;
    private final UserStore users;
    private final RefreshTokenStore refreshTokens;
    private final Clock clock;

    public AccessTokenVerifier(KeyRing keys, Issuers issuers, UserPoolStore pools, UserStore users,
                               RefreshTokenStore refreshTokens, Clock clock) {
        this.keys = keys;
        this.issuers = issuers;
        this.pools = pools;
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.clock = clock;
    }

    /** Why a token is not accepted, in the words Cognito's API uses for each case. */
    public enum Failure {
        INVALID("Invalid Access Token"),
        EXPIRED("Access Token has expired"),
        REVOKED("Access Token has been revoked"),
        USER_DISABLED("User is disabled.");

        private final String message;

        Failure(String message) {
            this.message = message;
        }

        public String message() {
            return message;
        }
    }

    /** The outcome of checking a token: verified, or the reason it is not. */
    public sealed interface Checked {
        record Valid(Verified verified) implements Checked {}

        record Refused(Failure failure) implements Checked {}
    }

    /** The verified token, or empty when it is not a valid, live access token of a user. */
    public Optional<Verified> verify(String token) {
        return check(token) instanceof Checked.Valid valid ? Optional.of(valid.verified()) : Optional.empty();
    }

    /** Verifies the token and, when it is refused, says why (GetUser answers each case differently). */
    public Checked check(String token) {
        if (token == null || token.isEmpty() || token.length() > 16_384) {
            return refused(Failure.INVALID);
        }
        JWTClaimsSet unverified;
        try {
            unverified = SignedJWT.parse(token).getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            return refused(Failure.INVALID);
        }
        String unverifiedIssuer = unverified.getIssuer();
        String poolId = unverifiedIssuer == null ? "" : unverifiedIssuer.substring(unverifiedIssuer.lastIndexOf('/') + 1);
        if (!POOL_ID.matcher(poolId).matches() || !issuers.issuer(poolId).equals(unverifiedIssuer)) {
            return refused(Failure.INVALID);
        }
        Optional<UserPool> pool = pools.find(poolId);
        if (pool.isEmpty()) {
            return refused(Failure.INVALID);
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
                new ImmutableJWKSet<>(keys.publicKeys(poolId))));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                new JWTClaimsSet.Builder().issuer(unverifiedIssuer).claim("token_use", "access").build(),
                new HashSet<>(List.of("sub", "exp", "iat", "jti", "client_id", "username"))));
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (BadJWTException e) {
            // Claims are checked only after the signature verified, so the token is ours: say if it expired.
            Date exp = unverified.getExpirationTime();
            return refused(exp != null && exp.toInstant().isBefore(clock.instant()) ? Failure.EXPIRED : Failure.INVALID);
        } catch (BadJOSEException | com.nimbusds.jose.JOSEException | ParseException | RuntimeException e) {
            return refused(Failure.INVALID);
        }
        try {
            String origin = claims.getStringClaim("origin_jti");
            if (origin != null && refreshTokens.isOriginRevoked(origin)) {
                return refused(Failure.REVOKED);
            }
            Optional<User> user = users.find(poolId, Usernames.key(pool.get(), claims.getStringClaim("username")))
                    .filter(u -> u.sub().equals(claims.getSubject()));
            if (user.isEmpty()) {
                return refused(Failure.INVALID);
            }
            if (!user.get().enabled()) {
                return refused(Failure.USER_DISABLED);
            }
            Instant issued = claims.getIssueTime().toInstant();
            Instant revokedBefore = user.get().tokensRevokedBefore();
            if (revokedBefore != null && !issued.isAfter(revokedBefore)) {
                return refused(Failure.REVOKED);
            }
            String scope = claims.getStringClaim("scope");
            Set<String> scopes = scope == null ? Set.of() : Set.copyOf(Arrays.asList(scope.split(" ")));
            return new Checked.Valid(new Verified(pool.get(), user.get(), claims.getStringClaim("client_id"), scopes, claims));
        } catch (ParseException | RuntimeException e) {
            return refused(Failure.INVALID);
        }
    }

    private static Checked refused(Failure failure) {
        return new Checked.Refused(failure);
    }
}

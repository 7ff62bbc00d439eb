package dev.cognate.federation.oidc;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The signing keys of each upstream IdP (its JWKS), cached per provider and keys URL. A token
 * naming a key the cache does not hold makes the keys be read again, at most once a minute
 * per provider (so a flood of tokens with made-up key ids cannot make Cognate hammer the
 * IdP); keys older than an hour are read again on use. Only the configured or discovered
 * keys URL is ever read: a token's {@code jku}/{@code x5u}/{@code jwk} headers are never
 * followed (RFC 8725 3.10). Each node keeps its own cache.
 */
final class ProviderKeys {
    static final Duration REFETCH_INTERVAL = Duration.ofMinutes(1);
    static final Duration MAX_AGE = Duration.ofHours(1);

    private record Cached(JWKSet keys, Instant fetchedAt) {}

    private final IdpHttp http;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    ProviderKeys(IdpHttp http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    /** The key source of one provider, for Nimbus' key selectors. */
    JWKSource<SecurityContext> of(String poolId, String providerName, URI jwksUri) {
        String cacheKey = poolId + "\n" + providerName + "\n" + jwksUri;
        return (selector, context) -> select(cacheKey, jwksUri, selector);
    }

    private List<JWK> select(String cacheKey, URI jwksUri, JWKSelector selector) throws KeySourceException {
        Instant now = clock.instant();
        Cached cached = cache.get(cacheKey);
        if (cached == null || cached.fetchedAt().plus(MAX_AGE).isBefore(now)) {
            cached = fetch(cacheKey, jwksUri, now);
        }
        List<JWK> matches = selector.select(cached.keys());
        if (matches.isEmpty() && !cached.fetchedAt().plus(REFETCH_INTERVAL).isAfter(now)) {
            matches = selector.select(fetch(cacheKey, jwksUri, now).keys());
        }
        return matches;
    }

    private Cached fetch(String cacheKey, URI jwksUri, Instant now) throws KeySourceException {
        try {
            Cached fresh = new Cached(read(jwksUri), now);
            cache.put(cacheKey, fresh);
            return fresh;
        } catch (KeySourceException e) {
            // A failed read counts as a read for the rate limit; the keys held so far stay in use.
            cache.computeIfPresent(cacheKey, (key, held) -> new Cached(held.keys(), now));
            throw e;
        }
    }

    private JWKSet read(URI jwksUri) throws KeySourceException {
        IdpHttp.Response response;
        try {
            response = http.get(jwksUri, Map.of("Accept", "application/json"));
        } catch (IdpHttp.IdpUnreachableException e) {
            throw new KeySourceException("the IdP's keys could not be read: " + e.getMessage());
        }
        if (response.status() != 200) {
            throw new KeySourceException("the IdP's keys URL " + jwksUri + " answered HTTP " + response.status());
        }
        JWKSet keys;
        try {
            // Public keys only: a JWKS that (wrongly) carries private parts keeps them to itself.
            keys = JWKSet.parse(response.body()).toPublicJWKSet();
        } catch (ParseException e) {
            throw new KeySourceException("the IdP's keys URL " + jwksUri + " answered something that is not a JWK set");
        }
        return keys;
    }
}

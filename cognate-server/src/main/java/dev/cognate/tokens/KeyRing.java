package dev.cognate.tokens;

import dev.cognate.store.SigningKey;
import dev.cognate.store.KeyPurpose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.cognate.store.SigningKeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Each pool's RSA-2048 signing keys: one active key per purpose (created on first use),
 * rotation, and the published JWKS. Keys are read from the store and cached briefly, so a
 * rotation on one node reaches the others within {@link #REFRESH}.
 */
public final class KeyRing {
    /** Tokens live at most one day (Cognito's ID/access maximum): retired keys stay published that long. */
    public static final Duration PUBLISH_RETIRED_FOR = Duration.ofDays(1);
    static final Duration REFRESH = Duration.ofSeconds(30);

    /**
     * A key ready to sign: its kid, a reusable signer (the algorithm is fixed: RS256), the
     * JWS header of its tokens, made once with its base64url form kept, so a token's header is
     * not serialized again for every token, and its initialized signature objects.
     */
    public record ActiveKey(String kid, RSASSASigner signer, JWSHeader header, Rs256Signatures signatures) {
        public JWSAlgorithm algorithm() {
            return JWSAlgorithm.RS256;
        }

        static ActiveKey of(String kid, RSASSASigner signer) {
            JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).type(JOSEObjectType.JWT).build();
            try {
                // a parsed header answers toBase64URL() with the text it was parsed from
                return new ActiveKey(kid, signer, JWSHeader.parse(header.toBase64URL()), new Rs256Signatures(signer));
            } catch (java.text.ParseException e) {
                throw new IllegalStateException("a JWS header that does not parse back", e);
            }
        }
    }

    /** The pool's keys as loaded, with their signers and, per purpose, the active key (if any). */
    private record Snapshot(Instant loadedAt, List<SigningKey> keys, Map<String, RSASSASigner> signers,
                            Map<KeyPurpose, ActiveKey> active) {}

    private final SigningKeyStore store;
    private final Clock clock;
    private final Supplier<SigningProvider> signing;
    private final Map<String, Snapshot> cache = new ConcurrentHashMap<>();

    /** A key ring whose keys the JDK's provider signs with. */
    public KeyRing(SigningKeyStore store, Clock clock) {
        this(store, clock, SigningProvider::jdk);
    }

    /** {@code signing} is asked when the first signer is made (its detection may still be running). */
    public KeyRing(SigningKeyStore store, Clock clock, Supplier<SigningProvider> signing) {
        this.store = store;
        this.clock = clock;
        this.signing = signing;
    }

    public ActiveKey activeKey(String poolId, KeyPurpose purpose) {
        Optional<ActiveKey> key = active(snapshot(poolId, false), purpose);
        if (key.isPresent()) {
            return key.get();
        }
        synchronized (this) {
            key = active(snapshot(poolId, true), purpose);
            if (key.isEmpty()) {
                store.insert(generate(poolId, purpose));
                key = active(snapshot(poolId, true), purpose);
            }
        }
        return key.orElseThrow();
    }

    /** The pool's public keys: active ones and those retired less than a token lifetime ago. */
    public JWKSet publicKeys(String poolId) {
        activeKey(poolId, KeyPurpose.ID);
        activeKey(poolId, KeyPurpose.ACCESS);
        Instant cutoff = clock.instant().minus(PUBLISH_RETIRED_FOR);
        List<JWK> keys = snapshot(poolId, false).keys().stream()
                .filter(k -> k.retiredAt() == null || k.retiredAt().isAfter(cutoff))
                .sorted(Comparator.comparing(SigningKey::createdAt).reversed())
                .map(k -> (JWK) k.jwk().toPublicJWK())
                .toList();
        return new JWKSet(keys);
    }

    /** Retires the active keys and creates new ones for both purposes. */
    public synchronized List<String> rotate(String poolId) {
        Instant now = clock.instant();
        store.retireActive(poolId, now);
        List<String> kids = List.of(KeyPurpose.ID, KeyPurpose.ACCESS).stream().map(purpose -> {
            SigningKey key = generate(poolId, purpose);
            store.insert(key);
            return key.kid();
        }).toList();
        store.deleteRetiredBefore(now.minus(PUBLISH_RETIRED_FOR).minus(PUBLISH_RETIRED_FOR));
        cache.remove(poolId);
        return kids;
    }

    private Optional<ActiveKey> active(Snapshot snapshot, KeyPurpose purpose) {
        return Optional.ofNullable(snapshot.active().get(purpose));
    }

    /** The newest active key of each purpose: chosen once per load of the pool's keys, not per token. */
    private static Map<KeyPurpose, ActiveKey> activeKeys(List<SigningKey> keys, Map<String, RSASSASigner> signers,
                                                         Snapshot previous) {
        Map<KeyPurpose, ActiveKey> active = new java.util.EnumMap<>(KeyPurpose.class);
        for (KeyPurpose purpose : KeyPurpose.values()) {
            keys.stream()
                    .filter(k -> k.purpose() == purpose && k.active())
                    .max(Comparator.comparing(SigningKey::createdAt).thenComparing(SigningKey::kid))
                    .map(k -> {
                        ActiveKey before = previous == null ? null : previous.active().get(purpose);
                        return before != null && before.kid().equals(k.kid()) ? before : ActiveKey.of(k.kid(), signers.get(k.kid()));
                    })
                    .ifPresent(k -> active.put(purpose, k));
        }
        return active;
    }

    private Snapshot snapshot(String poolId, boolean reload) {
        Instant now = clock.instant();
        Snapshot current = cache.get(poolId);
        if (!reload && current != null && current.loadedAt().plus(REFRESH).isAfter(now)) {
            return current;
        }
        List<SigningKey> keys = store.forPool(poolId);
        Map<String, RSASSASigner> signers = new ConcurrentHashMap<>();
        for (SigningKey key : keys) {
            RSASSASigner existing = current == null ? null : current.signers().get(key.kid());
            signers.put(key.kid(), existing != null ? existing : signer(key.jwk()));
        }
        Snapshot fresh = new Snapshot(now, keys, signers, activeKeys(keys, signers, current));
        cache.put(poolId, fresh);
        return fresh;
    }

    private RSASSASigner signer(RSAKey jwk) {
        try {
            return signing.get().signer(jwk.toRSAPrivateKey());
        } catch (JOSEException e) {
            throw new IllegalStateException("unusable signing key " + jwk.getKeyID(), e);
        }
    }

    private SigningKey generate(String poolId, KeyPurpose purpose) {
        try {
            RSAKey generated = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).generate();
            String kid = generated.computeThumbprint().toString();
            RSAKey jwk = new RSAKey.Builder(generated).keyID(kid).build();
            return new SigningKey(poolId, kid, purpose, clock.instant(), null, jwk);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
    }
}

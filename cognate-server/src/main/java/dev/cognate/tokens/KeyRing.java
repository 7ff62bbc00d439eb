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
import com.nimbusds.jose.jwk.RSAKey;
import dev.cognate.store.SigningKeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
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
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

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
        ActiveKey key = current(poolId).active().get(purpose);
        return key != null ? key : firstKeys(poolId).active().get(purpose);
    }

    /**
     * The pool's keys as this node knows them. When they are due for a reload, one request
     * reloads them while the others go on signing with the keys they have: a reload per
     * request in flight would put the whole load on the store every {@link #REFRESH}. A reload
     * and a rotation of the pool never overlap, so a reload cannot put back the keys a rotation
     * here has just retired.
     */
    private Snapshot current(String poolId) {
        Snapshot cached = cache.get(poolId);
        if (fresh(cached)) {
            return cached;
        }
        ReentrantLock lock = lockOf(poolId);
        if (cached != null && !lock.tryLock()) {
            return cached;
        }
        if (cached == null) {
            lock.lock();
        }
        try {
            Snapshot now = cache.get(poolId);
            return fresh(now) || (cached == null && now != null) ? now : load(poolId);
        } finally {
            lock.unlock();
        }
    }

    private boolean fresh(Snapshot snapshot) {
        return snapshot != null && snapshot.loadedAt().plus(REFRESH).isAfter(clock.instant());
    }

    /**
     * A pool's first keys, made once however many requests ask at once: the first to come
     * makes every purpose's key (another node may have made them meanwhile); the others find
     * them in the cache when they get their turn.
     */
    private Snapshot firstKeys(String poolId) {
        ReentrantLock lock = lockOf(poolId);
        lock.lock();
        try {
            Snapshot cached = cache.get(poolId);
            if (cached != null && cached.active().size() == KeyPurpose.values().length) {
                return cached;
            }
            Snapshot loaded = load(poolId);
            boolean made = false;
            for (KeyPurpose purpose : KeyPurpose.values()) {
                if (!loaded.active().containsKey(purpose)) {
                    store.insert(generate(poolId, purpose));
                    made = true;
                }
            }
            return made ? load(poolId) : loaded;
        } finally {
            lock.unlock();
        }
    }

    private ReentrantLock lockOf(String poolId) {
        return locks.computeIfAbsent(poolId, id -> new ReentrantLock());
    }

    /** The pool's public keys: active ones and those retired less than a token lifetime ago. */
    public JWKSet publicKeys(String poolId) {
        activeKey(poolId, KeyPurpose.ID);
        activeKey(poolId, KeyPurpose.ACCESS);
        Instant cutoff = clock.instant().minus(PUBLISH_RETIRED_FOR);
        List<JWK> keys = current(poolId).keys().stream()
                .filter(k -> k.retiredAt() == null || k.retiredAt().isAfter(cutoff))
                .sorted(Comparator.comparing(SigningKey::createdAt).reversed())
                .map(k -> (JWK) k.jwk().toPublicJWK())
                .toList();
        return new JWKSet(keys);
    }

    /** Retires the active keys and creates new ones for both purposes. */
    public List<String> rotate(String poolId) {
        ReentrantLock lock = lockOf(poolId);
        lock.lock();
        try {
            return rotateNow(poolId);
        } finally {
            lock.unlock();
        }
    }

    private List<String> rotateNow(String poolId) {
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

    private Snapshot load(String poolId) {
        Snapshot previous = cache.get(poolId);
        List<SigningKey> keys = store.forPool(poolId);
        Map<String, RSASSASigner> signers = new ConcurrentHashMap<>();
        for (SigningKey key : keys) {
            RSASSASigner existing = previous == null ? null : previous.signers().get(key.kid());
            signers.put(key.kid(), existing != null ? existing : signer(key.jwk()));
        }
        Snapshot fresh = new Snapshot(clock.instant(), keys, signers, activeKeys(keys, signers, previous));
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
            RSAKey generated = signing.get().newRsaKey();
            String kid = generated.computeThumbprint().toString();
            RSAKey jwk = new RSAKey.Builder(generated).keyID(kid).build();
            return new SigningKey(poolId, kid, purpose, clock.instant(), null, jwk);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
    }
}

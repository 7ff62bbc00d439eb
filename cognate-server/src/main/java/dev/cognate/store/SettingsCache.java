package dev.cognate.store;

import dev.cognate.clients.AppClient;
import dev.cognate.clients.ClientSecret;
import java.util.function.UnaryOperator;
import dev.cognate.pools.UserPool;
import dev.cognate.providers.IdentityProvider;
import dev.cognate.providers.ProviderSummary;
import dev.cognate.providers.ProviderType;
import dev.cognate.resourceservers.ResourceServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The settings every token request reads (its pool, its app client, the pool's custom scopes)
 * kept in memory for at most {@link #TTL}: without it, those three reads and their JSON
 * documents cost the token endpoint more CPU than signing the token does. A federated sign-in
 * reads its identity provider three times (authorize, the way out, the callback): cached the
 * same way.
 *
 * <p>The stores it wraps invalidate everything at once on any write through them (writes are
 * rare admin calls), so this node never serves a setting older than its own last change; a
 * change made on another node is seen here within {@link #TTL}. Only found values are kept:
 * a client created on another node is usable here at once.
 */
public final class SettingsCache {
    public static final Duration TTL = Duration.ofSeconds(1);

    private record Key(String kind, String id) {}

    private record Entry(long generation, long loadedAt, Object value) {}

    private final LongSupplier nanoTime;
    private final AtomicLong generation = new AtomicLong();
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    public SettingsCache() {
        this(System::nanoTime);
    }

    SettingsCache(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    public UserPoolStore pools(UserPoolStore store) {
        return new CachedPools(store);
    }

    public AppClientStore clients(AppClientStore store) {
        return new CachedClients(store);
    }

    public ResourceServerStore resourceServers(ResourceServerStore store) {
        return new CachedResourceServers(store);
    }

    /** The providers as sign-ins read them: from memory within the TTL. */
    public IdentityProviderStore identityProviders(IdentityProviderStore store) {
        return new CachedIdentityProviders(store, true);
    }

    /**
     * The providers as the admin API reads them: always from the store (an update merges into
     * what it reads, so it must not read another node's older value), its writes dropping the cache.
     */
    public IdentityProviderStore identityProvidersForChanges(IdentityProviderStore store) {
        return new CachedIdentityProviders(store, false);
    }

    /** Session tracking's settings as every sign-in and refresh reads them: from memory within the TTL. */
    public UserSessionStore userSessions(UserSessionStore store) {
        return new CachedSessionSettings(store);
    }

    @SuppressWarnings("unchecked")
    private <T> Optional<T> get(String kind, String id, Supplier<Optional<T>> load) {
        Key key = new Key(kind, id);
        long now = nanoTime.getAsLong();
        Entry entry = entries.get(key);
        if (entry != null && entry.generation() == generation.get() && now - entry.loadedAt() < TTL.toNanos()) {
            return Optional.of((T) entry.value());
        }
        // read before loading: a write that lands meanwhile makes this entry stale at once
        long loadedIn = generation.get();
        Optional<T> loaded = load.get();
        if (loaded.isPresent()) {
            entries.put(key, new Entry(loadedIn, now, loaded.get()));
        } else {
            entries.remove(key);
        }
        return loaded;
    }

    private <T> T changed(T result) {
        generation.incrementAndGet();
        entries.clear();
        return result;
    }

    private void changed() {
        changed(null);
    }

    private final class CachedPools implements UserPoolStore {
        private final UserPoolStore store;

        CachedPools(UserPoolStore store) {
            this.store = store;
        }

        @Override
        public Optional<UserPool> find(String poolId) {
            return get("pool", poolId, () -> store.find(poolId));
        }

        @Override
        public Page<UserPool> list(String region, String after, int limit) {
            return store.list(region, after, limit);
        }

        @Override
        public void insert(UserPool pool) {
            store.insert(pool);
            changed();
        }

        /** Reads the pool from the store, never from here: a change must not start from an older pool. */
        @Override
        public Optional<UserPool> change(String poolId, UnaryOperator<UserPool> change) {
            try {
                return store.change(poolId, change);
            } finally {
                changed();
            }
        }

        /** Also drops the pool's clients and resource servers (the database deletes them with it). */
        @Override
        public boolean delete(String poolId, Consumer<UserPool> check) {
            try {
                return store.delete(poolId, check);
            } finally {
                changed();
            }
        }
    }

    private final class CachedClients implements AppClientStore {
        private final AppClientStore store;

        CachedClients(AppClientStore store) {
            this.store = store;
        }

        @Override
        public Optional<AppClient> find(String clientId) {
            return get("client", clientId, () -> store.find(clientId));
        }

        @Override
        public Optional<AppClient> find(String poolId, String clientId) {
            return store.find(poolId, clientId);
        }

        @Override
        public Page<AppClient> list(String poolId, String after, int limit) {
            return store.list(poolId, after, limit);
        }

        @Override
        public void insert(AppClient client) {
            store.insert(client);
            changed();
        }

        @Override
        public boolean update(AppClient client) {
            return changed(store.update(client));
        }

        @Override
        public boolean delete(String poolId, String clientId) {
            return changed(store.delete(poolId, clientId));
        }

        @Override
        public Optional<AppClient> changeSecrets(String poolId, String clientId,
                                                 UnaryOperator<List<ClientSecret>> change) {
            try {
                return store.changeSecrets(poolId, clientId, change);
            } finally {
                changed();
            }
        }
    }

    private final class CachedResourceServers implements ResourceServerStore {
        private final ResourceServerStore store;

        CachedResourceServers(ResourceServerStore store) {
            this.store = store;
        }

        @Override
        public List<String> scopesOf(String poolId) {
            return get("scopes", poolId, () -> Optional.of(List.copyOf(store.scopesOf(poolId)))).orElseThrow();
        }

        @Override
        public Optional<ResourceServer> find(String poolId, String identifier) {
            return store.find(poolId, identifier);
        }

        @Override
        public Page<ResourceServer> list(String poolId, String after, int limit) {
            return store.list(poolId, after, limit);
        }

        @Override
        public void insert(ResourceServer server) {
            store.insert(server);
            changed();
        }

        @Override
        public boolean update(ResourceServer server) {
            return changed(store.update(server));
        }

        @Override
        public boolean delete(String poolId, String identifier) {
            return changed(store.delete(poolId, identifier));
        }
    }

    private final class CachedIdentityProviders implements IdentityProviderStore {
        private final IdentityProviderStore store;
        private final boolean cachedReads;

        CachedIdentityProviders(IdentityProviderStore store, boolean cachedReads) {
            this.store = store;
            this.cachedReads = cachedReads;
        }

        @Override
        public Optional<IdentityProvider> find(String poolId, String providerName) {
            return cachedReads ? get("provider", poolId + "\n" + providerName, () -> store.find(poolId, providerName))
                    : store.find(poolId, providerName);
        }

        @Override
        public boolean exists(String poolId, String providerName) {
            return cachedReads ? find(poolId, providerName).isPresent() : store.exists(poolId, providerName);
        }

        @Override
        public Optional<IdentityProvider> findByIdentifier(String poolId, String identifier) {
            return cachedReads ? get("provider-identifier", poolId + "\n" + identifier,
                    () -> store.findByIdentifier(poolId, identifier)) : store.findByIdentifier(poolId, identifier);
        }

        @Override
        public void insert(IdentityProvider provider) {
            store.insert(provider);
            changed();
        }

        @Override
        public boolean update(IdentityProvider read, IdentityProvider changed) {
            try {
                return store.update(read, changed);
            } finally {
                changed();
            }
        }

        @Override
        public boolean delete(String poolId, String providerName) {
            return changed(store.delete(poolId, providerName));
        }

        @Override
        public Page<ProviderSummary> list(String poolId, String after, int limit) {
            return store.list(poolId, after, limit);
        }

        @Override
        public List<String> names(String poolId) {
            return store.names(poolId);
        }

        @Override
        public List<IdentityProvider> allOfType(ProviderType type) {
            return store.allOfType(type);
        }
    }

    private final class CachedSessionSettings implements UserSessionStore {
        private final UserSessionStore store;

        CachedSessionSettings(UserSessionStore store) {
            this.store = store;
        }

        @Override
        public SessionSettings settings(String poolId) {
            return SettingsCache.this.<SessionSettings>get("session-settings", poolId,
                    () -> Optional.of(store.settings(poolId))).orElseThrow();
        }

        @Override
        public void saveSettings(String poolId, SessionSettings settings) {
            store.saveSettings(poolId, settings);
            changed();
        }

        @Override
        public ClientSessionSettings clientSettings(String poolId, String clientId) {
            return SettingsCache.this.<ClientSessionSettings>get("client-session-settings",
                    poolId + "/" + clientId, () -> Optional.of(store.clientSettings(poolId, clientId))).orElseThrow();
        }

        @Override
        public void saveClientSettings(String poolId, String clientId, ClientSessionSettings settings) {
            store.saveClientSettings(poolId, clientId, settings);
            changed();
        }

        @Override
        public void open(UserSession session) {
            store.open(session);
        }

        @Override
        public void touch(String originJti, java.time.Instant at, String deviceType, String lastIp) {
            store.touch(originJti, at, deviceType, lastIp);
        }

        @Override
        public Optional<UserSession> ssoSession(String browserSessionHash) {
            return store.ssoSession(browserSessionHash);
        }

        @Override
        public void touchSso(String sessionId, java.time.Instant at, String deviceType, String lastIp) {
            store.touchSso(sessionId, at, deviceType, lastIp);
        }

        @Override
        public void linkCode(String originJti, String sessionId, java.time.Instant expiresAt) {
            store.linkCode(originJti, sessionId, expiresAt);
        }

        @Override
        public Optional<String> codeSession(String originJti) {
            return store.codeSession(originJti);
        }

        @Override
        public Optional<UserSession> tokenSession(String originJti) {
            return store.tokenSession(originJti);
        }

        @Override
        public List<UserSession> active(String poolId, String username, String sub, java.time.Instant now, int limit) {
            return store.active(poolId, username, sub, now, limit);
        }

        @Override
        public Optional<UserSession> find(String poolId, String sessionId) {
            return store.find(poolId, sessionId);
        }

        @Override
        public void delete(String sessionId) {
            store.delete(sessionId);
        }

        @Override
        public int purgeExpired(java.time.Instant before) {
            return store.purgeExpired(before);
        }
    }
}

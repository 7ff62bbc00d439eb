package dev.cognate.audit;

import dev.cognate.store.AdminChange;
import dev.cognate.store.AuditStore;
import dev.cognate.crypto.KeyedHash;
import dev.cognate.pools.UserPool;
import dev.cognate.store.AuthEvent;
import dev.cognate.store.PoolAuthEvent;
import dev.cognate.users.User;
import dev.cognate.users.Usernames;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where admin changes and users' authentication events are recorded: one insert in the store
 * (what AdminListUserAuthEvents reads) and, when the node has one, a line of the audit log.
 * Events that no user can be held to (a name the pool does not have, an upstream sign-in that
 * failed before a user was known) are the pool's: the typed name is kept only as its keyed hash.
 * A record that cannot be written is logged and does not undo what it records: the change is
 * made, the sign-in has happened.
 */
public final class AuditTrail implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

    private final AuditStore store;
    private final AuditLog log;
    private final Clock clock;
    private final KeyedHash names;

    /** The purpose the typed names' hash key is derived for (KeyedHash.derive). */
    public static final String NAME_HASH_PURPOSE = "audit trail usernames";

    /** A trail that keeps no trace of names that are no user's, not even a hash. */
    public AuditTrail(AuditStore store, AuditLog log, Clock clock) {
        this(store, log, clock, null);
    }

    /**
     * @param log   the JSON-lines stream, or null for none
     * @param names the keyed hash of names that are no user's, or null to leave them out
     */
    public AuditTrail(AuditStore store, AuditLog log, Clock clock, KeyedHash names) {
        this.store = store;
        this.log = log;
        this.clock = clock;
        this.names = names;
    }

    /** An admin operation that changes something ended with {@code outcome} (Success, or the AWS error's name). */
    public void changed(String accessKeyId, String operation, String poolId, Map<String, String> resource, String outcome,
                        String sourceAddress) {
        AdminChange change = new AdminChange(UUID.randomUUID().toString(), clock.instant(), accessKeyId, operation,
                poolId, resource, outcome, sourceAddress);
        try {
            store.record(change);
            if (log != null) {
                log.write(change);
            }
        } catch (RuntimeException e) {
            LOG.warn("the audit record of {} ({}) could not be written", operation, outcome, e);
        }
    }

    /** {@code user} of {@code poolId} went through an authentication event. */
    public void authEvent(String poolId, User user, String clientId, String provider, AuthEvent.Type type,
                          AuthEvent.Response response, List<AuthEvent.Challenge> challenges, Origin origin) {
        Origin from = origin == null ? Origin.UNKNOWN : origin;
        AuthEvent event = new AuthEvent(UUID.randomUUID().toString(), clock.instant(), poolId, user.sub(), user.username(),
                clientId, provider == null ? AuthEvent.COGNITO : provider, type, response, challenges, from.address(),
                from.userAgent(), null);
        try {
            store.record(event);
            if (log != null) {
                log.write(event);
            }
        } catch (RuntimeException e) {
            LOG.warn("the audit record of a {} event ({}) could not be written", type, response, e);
        }
    }

    /**
     * A sign-in (or a code resend, or a password reset) of {@code pool} named {@code typedName},
     * which is no user of it, failed for {@code reason}. The name is kept as its keyed hash only (pool and the name as the
     * pool compares names), so that attempts on one name correlate and nobody reads a password
     * typed in the username field.
     */
    public void unknownUser(UserPool pool, String typedName, String clientId, AuthEvent.Type type, String reason,
                            Origin origin) {
        String hash = names == null || typedName == null || typedName.isEmpty() ? null
                : names.of(pool.id() + "\0" + Usernames.key(pool, typedName));
        record(pool.id(), clientId, AuthEvent.COGNITO, type, reason, hash, origin);
    }

    /** A sign-in of {@code poolId} through the upstream IdP {@code provider} failed for {@code reason}, no user known yet. */
    public void federationFailed(String poolId, String clientId, String provider, String reason, Origin origin) {
        record(poolId, clientId, provider, AuthEvent.Type.SignIn, reason, null, origin);
    }

    private void record(String poolId, String clientId, String provider, AuthEvent.Type type, String reason,
                        String usernameHash, Origin origin) {
        Origin from = origin == null ? Origin.UNKNOWN : origin;
        PoolAuthEvent event = new PoolAuthEvent(UUID.randomUUID().toString(), clock.instant(), poolId, clientId, provider,
                type, AuthEvent.Response.Fail, reason, usernameHash, from.address(), from.userAgent());
        try {
            store.record(event);
            if (log != null) {
                log.write(event);
            }
        } catch (RuntimeException e) {
            LOG.warn("the audit record of a failed {} event ({}) could not be written", type, reason, e);
        }
    }

    public AuditStore store() {
        return store;
    }

    @Override
    public void close() {
        if (log != null) {
            log.close();
        }
    }
}

package dev.cognate.audit;

import dev.cognate.store.AdminChange;
import dev.cognate.store.AuditStore;
import dev.cognate.store.AuthEvent;
import dev.cognate.users.User;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where admin changes and users' authentication events are recorded: one insert in the store
 * (what AdminListUserAuthEvents reads) and, when the node has one, a line of the audit log.
 * A record that cannot be written is logged and does not undo what it records: the change is
 * made, the sign-in has happened.
 */
public final class AuditTrail implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

    private final AuditStore store;
    private final AuditLog log;
    private final Clock clock;

    /** @param log the JSON-lines stream, or null for none */
    public AuditTrail(AuditStore store, AuditLog log, Clock clock) {
        this.store = store;
        this.log = log;
        this.clock = clock;
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

package dev.cognate.store;

import java.time.Instant;
import java.util.Map;

/**
 * One call of a signed admin operation that changes something: who (the access key id), what
 * (the operation and the identifiers it named: pool, client, user, group...), how it ended
 * ({@code Success}, or the AWS error's name) and when. Only identifiers are kept, never a
 * member's value that could be a secret (a password, a client secret, a code).
 */
public record AdminChange(String id, Instant occurredAt, String accessKeyId, String operation, String poolId,
                          Map<String, String> resource, String outcome, String sourceAddress) {
    public static final String SUCCESS = "Success";

    public AdminChange {
        resource = resource == null ? Map.of() : Map.copyOf(resource);
    }
}

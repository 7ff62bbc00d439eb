package dev.cognate.users;

import java.time.Instant;

/** A group of a pool; its members receive its name in {@code cognito:groups}. */
public record Group(
        String poolId,
        String name,
        String description,
        String roleArn,
        Integer precedence,
        Instant creationDate,
        Instant lastModifiedDate) {}

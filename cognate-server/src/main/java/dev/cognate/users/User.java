package dev.cognate.users;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A user of a pool. {@code username} keeps the case it was created with; {@code usernameKey}
 * is the form lookups compare (see {@link Usernames#key}). {@code sub} is not among
 * {@code attributes}: it is fixed at creation. {@code passwordHash} is a PHC string or null
 * when the user has no password (federated users, users created without one).
 * {@code tokensRevokedBefore}: tokens issued before this instant are no longer valid.
 */
public record User(
        String poolId,
        String username,
        String usernameKey,
        String sub,
        List<UserAttribute> attributes,
        boolean enabled,
        UserStatus status,
        String passwordHash,
        Instant createdAt,
        Instant lastModifiedAt,
        Instant tokensRevokedBefore) {

    public User {
        attributes = List.copyOf(attributes);
    }

    public Optional<String> attribute(String name) {
        return attributes.stream().filter(a -> a.name().equals(name)).map(UserAttribute::value).findFirst();
    }

    public boolean isVerified(String attribute) {
        return attribute(attribute + "_verified").map("true"::equals).orElse(false);
    }

    public User withAttributes(List<UserAttribute> newAttributes, Instant now) {
        return new User(poolId, username, usernameKey, sub, newAttributes, enabled, status, passwordHash,
                createdAt, now, tokensRevokedBefore);
    }

    public User withEnabled(boolean newEnabled, Instant now) {
        return new User(poolId, username, usernameKey, sub, attributes, newEnabled, status, passwordHash,
                createdAt, now, tokensRevokedBefore);
    }

    public User withPassword(String newPasswordHash, UserStatus newStatus, Instant now) {
        return new User(poolId, username, usernameKey, sub, attributes, enabled, newStatus, newPasswordHash,
                createdAt, now, tokensRevokedBefore);
    }

    public User withTokensRevokedBefore(Instant instant) {
        return new User(poolId, username, usernameKey, sub, attributes, enabled, status, passwordHash,
                createdAt, lastModifiedAt, instant);
    }

    /** Leaves the password hash out, so a logged user never carries it. */
    @Override
    public String toString() {
        return "User[poolId=" + poolId + ", username=" + username + ", sub=" + sub + ", status=" + status
                + ", enabled=" + enabled + "]";
    }
}

package dev.cognate.clients;

import java.time.Instant;

/**
 * One of a confidential client's secrets (at most two at a time, for rotation without
 * downtime): AWS ClientSecretDescriptorType. {@link #toString()} leaves the value out.
 */
public record ClientSecret(String id, String value, Instant createdAt) {
    @Override
    public String toString() {
        return "ClientSecret[id=" + id + ", createdAt=" + createdAt + "]";
    }
}

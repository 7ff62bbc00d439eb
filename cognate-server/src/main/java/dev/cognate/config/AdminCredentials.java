package dev.cognate.config;

import java.util.Map;
import java.util.Optional;

/** The access keys allowed to call admin operations: access key id -> secret access key. */
public record AdminCredentials(Map<String, String> secretsByKeyId) {
    public AdminCredentials {
        secretsByKeyId = Map.copyOf(secretsByKeyId);
    }

    public static AdminCredentials single(String accessKeyId, String secretAccessKey) {
        return new AdminCredentials(Map.of(accessKeyId, secretAccessKey));
    }

    public Optional<String> secretFor(String accessKeyId) {
        return Optional.ofNullable(secretsByKeyId.get(accessKeyId));
    }

    @Override
    public String toString() {
        return "AdminCredentials" + secretsByKeyId.keySet();
    }
}

package dev.cognate.bench;

import java.util.List;

/**
 * One kind of request under load: its name, the RS256 signatures one answer costs (an access
 * token, plus an ID token for a user's refresh; none for the HTTP floor), and ready-made
 * requests; connection {@code i} sends {@code requests[i % size]} again and again.
 */
record Scenario(String name, int signaturesPerGrant, List<byte[]> requests) {
    byte[] requestFor(int connection) {
        return requests.get(connection % requests.size());
    }
}

package dev.cognate.bench;

import java.util.List;

/**
 * One kind of request under load: its name, the RS256 signatures and the password hashes one
 * answer costs (an access token, plus an ID token for a user's refresh; a hash for a sign-up;
 * nothing for the HTTP floor), and where its requests come from: connection {@code i} sends
 * {@code requests.next(i)} again and again.
 */
record Scenario(String name, int signaturesPerGrant, int hashesPerGrant, Requests requests) {
    /** What a connection sends next: the same ready-made bytes, or a new request each time (a new user to sign up, say). */
    @FunctionalInterface
    interface Requests {
        byte[] next(int connection);
    }

    /** Ready-made requests: connection {@code i} sends {@code fixed[i % size]} each time. */
    Scenario(String name, int signaturesPerGrant, List<byte[]> fixed) {
        this(name, signaturesPerGrant, 0, connection -> fixed.get(connection % fixed.size()));
    }

    byte[] requestFor(int connection) {
        return requests.next(connection);
    }
}

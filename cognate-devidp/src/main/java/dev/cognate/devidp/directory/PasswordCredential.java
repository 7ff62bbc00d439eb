package dev.cognate.devidp.directory;

import java.time.Instant;

/** A client secret: kept only as a hash; {@code hint} is its first three characters, as Graph shows it. */
public record PasswordCredential(String keyId, String displayName, String hint, String secretHash,
                                 Instant startDateTime, Instant endDateTime) {
    public boolean expiredAt(Instant now) {
        return !now.isBefore(endDateTime);
    }
}
